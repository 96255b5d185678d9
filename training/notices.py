"""Daily reminders for an enterprise's safety managers and principals.

A notice kind is a function registered under a name: given an enterprise and a day it
yields ``NoticeDraft``s, each with a ``key`` naming what it is about at which stage, so
building twice adds nothing twice. ``build_daily_notices`` (the tick, at most once a day)
runs every kind for every enterprise and emails the new ones to the managers who have
an address. Another domain adds its kind in a few lines::

    @notice_kind("hours_short", "学时不足")
    def hours_short(enterprise, on): yield NoticeDraft(key=..., staff=..., title=..., url=...)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Enterprise, StaffProfile
from accounts.vocab import ENTERPRISE_MANAGER_ROLES, StaffStatus
from training.certificate_status import held_certificates
from training.certificates import issue_missing_post_certificates
from training.models.notices import Notice, NoticeRun


@dataclass(frozen=True)
class NoticeDraft:
    key: str
    title: str
    staff: StaffProfile | None = None
    body: str = ""
    url: str = ""


Builder = Callable[[Enterprise, dt.date], Iterator[NoticeDraft]]
#: name → (label, builder), in registration order.
NOTICE_KINDS: dict[str, tuple[str, Builder]] = {}


def notice_kind(name: str, label: str) -> Callable[[Builder], Builder]:
    def register(builder: Builder) -> Builder:
        NOTICE_KINDS[name] = (label, builder)
        return builder

    return register


def kind_label(name: str) -> str:
    return NOTICE_KINDS.get(name, (name, None))[0]


def build_notices(on: dt.date) -> list[Notice]:
    """Every registered kind for every enterprise; the new notices (existing keys skip)."""
    created = []
    for enterprise in Enterprise.objects.order_by("pk"):
        for name, (_, builder) in NOTICE_KINDS.items():
            for draft in builder(enterprise, on):
                notice = _add(enterprise, name, draft, on)
                if notice is not None:
                    created.append(notice)
    return created


def _add(enterprise: Enterprise, kind: str, draft: NoticeDraft, on: dt.date) -> Notice | None:
    if Notice.objects.filter(enterprise=enterprise, kind=kind, key=draft.key).exists():
        return None
    try:
        with transaction.atomic():
            return Notice.objects.create(
                enterprise=enterprise,
                kind=kind,
                key=draft.key,
                staff=draft.staff,
                title=draft.title,
                body=draft.body,
                url=draft.url,
                created_on=on,
            )
    except IntegrityError:  # built concurrently: the other run has it
        return None


def build_daily_notices(*, now=None) -> NoticeRun | None:
    """Build and email today's notices, once a day; None when today's run is done."""
    day = timezone.localdate(now)
    with transaction.atomic():
        run, fresh = NoticeRun.objects.select_for_update().get_or_create(day=day)
        if not fresh:
            return None
        # A lost attempt_graded (crash after the grade's commit) still issues its 上岗证.
        issue_missing_post_certificates(now=now)
        created = build_notices(day)
        run.created = len(created)
        run.save(update_fields=["created"])
    run.emailed = email_notices(created)
    NoticeRun.objects.filter(pk=run.pk).update(emailed=run.emailed)
    return run


def recipients(enterprise_id: int) -> list[str]:
    return list(
        StaffProfile.objects.filter(enterprise_id=enterprise_id, role__in=ENTERPRISE_MANAGER_ROLES)
        .exclude(status=StaffStatus.LEFT)
        .exclude(user__email="")
        .filter(user__is_active=True)
        .values_list("user__email", flat=True)
    )


def email_notices(notices: list[Notice]) -> int:
    """One email per enterprise manager with an address, listing their new notices."""
    by_enterprise: dict[int, list[Notice]] = {}
    for notice in notices:
        by_enterprise.setdefault(notice.enterprise_id, []).append(notice)
    messages = []
    for enterprise_id, items in by_enterprise.items():
        to = recipients(enterprise_id)
        if not to:
            continue
        lines = [f"· {n.title}" + (f"（{n.body}）" if n.body else "") for n in items]
        body = "\n".join(
            [
                f"{items[0].enterprise.name} 今日新增 {len(items)} 条提醒：",
                *lines,
                "",
                "请登录安全知识库查看。",
            ]
        )
        subject = f"【安全知识库】{len(items)} 条新提醒"
        messages.extend((subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in to)
    return send_mass_mail(messages, fail_silently=True) if messages else 0


def notices_for(enterprise_id: int):
    return Notice.objects.filter(enterprise_id=enterprise_id).select_related("staff__user")


def open_count(enterprise_id: int, *, days: int = 30) -> int:
    since = timezone.localdate() - dt.timedelta(days=days)
    return Notice.objects.filter(enterprise_id=enterprise_id, created_on__gte=since).count()


# --- Certificates ---------------------------------------------------------------------


@notice_kind("certificate_expiring", "证书到期")
def certificates_expiring(enterprise: Enterprise, on: dt.date) -> Iterator[NoticeDraft]:
    """A held certificate entering its 90/60/30-day window, or expired without a renewal."""
    staff = StaffProfile.objects.filter(enterprise=enterprise)
    held = held_certificates(staff, on)
    # A person who already holds a renewal (usable, not expiring) needs no reminder.
    renewed = {
        (c.staff_id, c.kind, c.category_id)
        for c, state in held
        if state.status.usable and not state.status.expiring
    }
    for certificate, state in held:
        status = state.status
        if status.usable and not status.expiring:
            continue
        if (certificate.staff_id, certificate.kind, certificate.category_id) in renewed:
            continue
        what = certificate.get_kind_display() + (
            f"（{certificate.category.name}）" if certificate.category_id else ""
        )
        deadline = "复审" if state.deadline_is_review else "有效期"
        body = f"证书编号 {certificate.number}，{deadline}至 {state.deadline:%Y-%m-%d}"
        yield NoticeDraft(
            key=f"certificate:{certificate.pk}:{status.value}",
            staff=certificate.staff,
            title=f"{certificate.staff.display_name} 的{what}{status.label}",
            body=body,
            url=reverse("training:person_certificates", args=[certificate.staff_id]),
        )
