"""Every write about certificates: recording, correcting, the automatic 上岗证 and its
suspension while its holder is off post (imports: ``certificate_import``). Each change is
audit-logged.

Certificates are legal records: nothing here edits one in place except the 上岗证's
暂停 flag, and that change is logged with why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import Enterprise, StaffProfile
from accounts.vocab import Role, StaffStatus
from assessments.models import AssessmentKind, Attempt, AttemptState
from safetykb.audit import SYSTEM, audit
from safetykb.models import AuditKind
from safetykb.qr import new_token
from training.models.certificates import (
    KINDS_WITH_CATEGORY,
    Certificate,
    OperationCategory,
    OperationDuty,
)
from training.rules.certificates import CertificateKind
from training.rules.hours import add_months

#: The enterprise's own rule for its 上岗证: valid three years, like a 特种作业操作证's
#: review cycle; a routine pass in the last 90 days issues the next one.
POST_CERTIFICATE_MONTHS = 36
RENEW_WITHIN = dt.timedelta(days=90)
#: Passing these issues the 上岗证: the post's routine exam and the re-test after off-post
#: training (a surprise test checks people; it is not the post's exam).
ISSUING_KINDS = frozenset({AssessmentKind.ROUTINE, AssessmentKind.RETEST})
RULE_ISSUE = "岗位考核合格，自动发放上岗合格证"
RULE_SUSPEND = "脱产培训期间上岗合格证暂停"


class CertificateError(ValueError):
    """A write refused; the message is Chinese and says what to fix."""


@dataclass(frozen=True)
class CertificateInput:
    kind: CertificateKind
    number: str
    issuer: str = ""
    issued_on: dt.date | None = None
    expires_on: dt.date | None = None
    review_due_on: dt.date | None = None
    category: OperationCategory | None = None
    note: str = ""


def require_manager(actor, enterprise_id: int | None, action: str) -> None:
    """Only the enterprise's own safety manager (still with it) records certificates."""
    profile = getattr(actor, "profile", None) if actor is not None else None
    if (
        profile is None
        or profile.role != Role.SAFETY_MANAGER
        or profile.status == StaffStatus.LEFT
        or enterprise_id is None
        or profile.enterprise_id != enterprise_id
    ):
        raise CertificateError(f"只有本企业的安全管理员可以{action}。")


def problems_of(data: CertificateInput, *, today: dt.date) -> list[str]:
    problems = []
    if not data.number.strip():
        problems.append("请填写证书编号。")
    if data.kind in KINDS_WITH_CATEGORY and data.category is None:
        problems.append(f"{data.kind.label}须选择作业类别。")
    if data.category is not None and data.category.kind != data.kind:
        problems.append(f"作业类别“{data.category}”不属于{data.kind.label}。")
    if data.issued_on and data.issued_on > today:
        problems.append("发证日期不能晚于今天。")
    if data.issued_on and data.expires_on and data.expires_on < data.issued_on:
        problems.append("有效期至不能早于发证日期。")
    if data.expires_on and data.review_due_on and data.review_due_on > data.expires_on:
        problems.append("复审日期不能晚于有效期。")
    return problems


def describe(certificate: Certificate) -> str:
    parts = [certificate.get_kind_display()]
    if certificate.category_id:
        parts.append(f"（{certificate.category.name}）")
    parts.append(f" 编号 {certificate.number}")
    if certificate.expires_on:
        parts.append(f"，有效期至 {certificate.expires_on:%Y-%m-%d}")
    if certificate.review_due_on:
        parts.append(f"，复审 {certificate.review_due_on:%Y-%m-%d}")
    return "".join(parts)


def create_certificate(staff: StaffProfile, data: CertificateInput, actor, **extra) -> Certificate:
    return Certificate.objects.create(
        staff=staff,
        kind=data.kind,
        category=data.category,
        number=data.number.strip(),
        issuer=data.issuer.strip(),
        issued_on=data.issued_on,
        expires_on=data.expires_on,
        review_due_on=data.review_due_on,
        note=data.note.strip(),
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
        **extra,
    )


def record_certificate(
    staff: StaffProfile, data: CertificateInput, *, actor, via: str = "登记"
) -> Certificate:
    require_manager(actor, staff.enterprise_id, "登记证书")
    problems = problems_of(data, today=timezone.localdate())
    if problems:
        raise CertificateError("".join(problems))
    if current_duplicate(staff, data.kind, data.number.strip()):
        raise CertificateError(f"{staff.display_name} 已登记编号为 {data.number} 的该类证书。")
    with transaction.atomic():
        certificate = create_certificate(staff, data, actor)
        audit(
            AuditKind.CERTIFICATE_RECORDED,
            staff=staff,
            actor=actor,
            reason=f"{via}：{describe(certificate)}",
            certificate_id=certificate.pk,
        )
    return certificate


def current_duplicate(staff: StaffProfile, kind: str, number: str) -> bool:
    return Certificate.objects.filter(
        staff=staff, kind=kind, number=number, replaced_by__isnull=True
    ).exists()


def correct_certificate(
    certificate: Certificate, data: CertificateInput, *, actor, reason: str
) -> Certificate:
    """A new record replacing ``certificate``; the old one stays, marked as corrected."""
    require_manager(actor, certificate.staff.enterprise_id, "更正证书记录")
    if not reason.strip():
        raise CertificateError("请说明更正原因。")
    problems = problems_of(data, today=timezone.localdate())
    if problems:
        raise CertificateError("".join(problems))
    with transaction.atomic():
        old = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if Certificate.objects.filter(replaces=old).exists():
            raise CertificateError("这条证书记录已被更正过，请更正最新的记录。")
        new = create_certificate(old.staff, data, actor, replaces=old, post=old.post)
        audit(
            AuditKind.CERTIFICATE_CORRECTED,
            staff=old.staff,
            actor=actor,
            reason=f"{reason.strip()}：{describe(old)} → {describe(new)}",
            certificate_id=new.pk,
            replaces_id=old.pk,
        )
    return new


def set_operation_duties(
    staff: StaffProfile, categories: Iterable[OperationCategory], *, actor
) -> None:
    """The 作业类别 the person works in (each needs a 特种作业操作证)."""
    require_manager(actor, staff.enterprise_id, "设置从事的作业类别")
    wanted = {c.pk: c for c in categories}
    with transaction.atomic():
        before = {
            d.category_id: d.category for d in staff.operation_duties.select_related("category")
        }
        if set(before) == set(wanted):
            return
        staff.operation_duties.exclude(category_id__in=wanted).delete()
        OperationDuty.objects.bulk_create(
            [OperationDuty(staff=staff, category=c) for pk, c in wanted.items() if pk not in before]
        )
        names = lambda cs: "、".join(sorted(str(c) for c in cs)) or "无"  # noqa: E731
        audit(
            AuditKind.OPERATION_DUTIES_SET,
            staff=staff,
            actor=actor,
            reason=f"从事作业类别：{names(before.values())} → {names(wanted.values())}",
        )


# --- The 上岗合格证 -----------------------------------------------------------------------


def _post_certificates(staff: StaffProfile):
    return Certificate.objects.filter(
        staff=staff, kind=CertificateKind.POST, token__isnull=False, replaced_by__isnull=True
    )


def issue_post_certificate(attempt_id: int) -> Certificate | None:
    """On a passed routine exam or re-test: a 上岗证 for the person's post, unless they
    hold one for it that is good for more than ``RENEW_WITHIN``. Idempotent per attempt.

    Issued while off post (a passed re-test before sign-back), it starts suspended."""
    today = timezone.localdate()
    with transaction.atomic():
        attempt = (
            Attempt.objects.select_for_update(of=("self",))
            .select_related("assignment__assessment", "assignment__staff__enterprise")
            .filter(pk=attempt_id, state=AttemptState.GRADED, passed=True)
            .first()
        )
        if attempt is None or attempt.assignment.assessment.kind not in ISSUING_KINDS:
            return None
        staff = attempt.assignment.staff
        if staff.status == StaffStatus.LEFT or staff.enterprise_id is None:
            return None
        if Certificate.objects.filter(source_attempt=attempt).exists():
            return None
        enterprise = Enterprise.objects.select_for_update().get(pk=staff.enterprise_id)
        good = (
            _post_certificates(staff)
            .filter(post=staff.post)
            .filter(Q(expires_on__isnull=True) | Q(expires_on__gt=today + RENEW_WITHIN))
        )
        if good.exists():
            return None
        certificate = Certificate.objects.create(
            staff=staff,
            kind=CertificateKind.POST,
            number=_next_number(enterprise, today),
            issuer=enterprise.name,
            issued_on=today,
            expires_on=add_months(today, POST_CERTIFICATE_MONTHS) - dt.timedelta(days=1),
            post=staff.post,
            token=new_token(),
            suspended=staff.status == StaffStatus.OFF_POST_TRAINING,
            source_attempt=attempt,
        )
        audit(
            AuditKind.CERTIFICATE_ISSUED,
            staff=staff,
            actor=SYSTEM,
            rule=RULE_ISSUE,
            reason=f"{attempt.assignment.assessment.title}合格（{attempt.score} 分）："
            f"{describe(certificate)}，岗位 {certificate.post or '—'}"
            + ("；脱产培训中，签字复岗后生效" if certificate.suspended else ""),
            to_status="suspended" if certificate.suspended else "valid",
            certificate_id=certificate.pk,
            attempt_id=attempt.pk,
        )
    return certificate


def _next_number(enterprise: Enterprise, today: dt.date) -> str:
    """SG + enterprise id + year + a sequence (the caller holds the enterprise's lock)."""
    prefix = f"SG{enterprise.pk:04d}-{today.year}"
    issued = Certificate.objects.filter(
        kind=CertificateKind.POST, number__startswith=prefix
    ).count()
    return f"{prefix}{issued + 1:04d}"


def suspend_post_certificates(staff: StaffProfile, *, actor=SYSTEM, reason: str) -> int:
    """Suspend the person's 上岗证 at once (sent off post); returns how many."""
    return _set_suspended(staff, True, actor=actor, reason=reason)


def reinstate_post_certificates(staff: StaffProfile, *, actor, reason: str) -> int:
    """Lift the suspension (signed back to post); returns how many."""
    return _set_suspended(staff, False, actor=actor, reason=reason)


def _set_suspended(staff: StaffProfile, suspended: bool, *, actor, reason: str) -> int:
    today = timezone.localdate()
    with transaction.atomic():
        rows = list(
            _post_certificates(staff)
            .select_for_update(of=("self",))
            .filter(suspended=not suspended)
            .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
        )
        for certificate in rows:
            certificate.suspended = suspended
            certificate.save(update_fields=["suspended"])
            audit(
                AuditKind.CERTIFICATE_SUSPENDED if suspended else AuditKind.CERTIFICATE_REINSTATED,
                staff=staff,
                actor=actor,
                rule=RULE_SUSPEND if suspended else "",
                reason=f"上岗合格证 {certificate.number}：{reason}",
                from_status="valid" if suspended else "suspended",
                to_status="suspended" if suspended else "valid",
                certificate_id=certificate.pk,
            )
    return len(rows)


#: How far back the daily build looks for passes whose 上岗证 was lost.
CATCH_UP_WINDOW = dt.timedelta(days=7)


def issue_missing_post_certificates(*, now=None) -> int:
    """Issue the 上岗证 of recent passes whose ``attempt_graded`` delivery was lost."""
    now = now or timezone.now()
    attempts = (
        Attempt.objects.filter(
            state=AttemptState.GRADED,
            passed=True,
            graded_at__gte=now - CATCH_UP_WINDOW,
            assignment__assessment__kind__in=ISSUING_KINDS,
        )
        .exclude(
            pk__in=Certificate.objects.filter(source_attempt__isnull=False).values("source_attempt")
        )
        .values_list("pk", flat=True)
    )
    return sum(issue_post_certificate(pk) is not None for pk in list(attempts))
