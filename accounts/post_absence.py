"""离岗 and 返岗: a person away from their post (long sick leave, secondment, maternity
leave) and their return.

The two status changes are the record: each is an audit event carrying its date, so the
training rules read a person's periods away (``away_from`` → ``returned_on``) from the
return events alone. Someone back after a year or more owes the 车间级 and 班组级 training
again before working the post alone (生产经营单位安全培训规定 第十七条); the hours
rules in ``training.rules.hours`` (``Trigger.RETURN``) decide it, this module only
records the dates. While away a person is not 在岗, so no exam round or spot test draws
them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import StaffProfile
from accounts.people import RETRAINING_LEVELS, PeopleError, require_manager
from accounts.vocab import StaffStatus
from safetykb.audit import Actor, audit
from safetykb.models import AuditEvent, AuditKind
from training.rules.hours import Absence

#: What a return after a year or more requires: the same training as a change of post.
RETRAINING_ON_RETURN = RETRAINING_LEVELS


def _day(value: date | None) -> date:
    return value or timezone.localdate()


def current_away_from(staff: StaffProfile) -> date | None:
    """The day the person's current spell away began (from its status change)."""
    event = (
        AuditEvent.objects.filter(
            kind=AuditKind.STATUS_CHANGED, staff_id=staff.pk, to_status=StaffStatus.AWAY
        )
        .order_by("-at", "-pk")
        .values_list("data", flat=True)
        .first()
    )
    return date.fromisoformat(event["away_from"]) if event and event.get("away_from") else None


def mark_away(staff: StaffProfile, *, actor: Actor, reason: str, day: date | None = None) -> None:
    """离岗: the person stops working the post from ``day`` (today if not given)."""
    manager = require_manager(actor, staff.enterprise_id)
    if staff.pk == manager.pk:
        raise PeopleError("不能为自己登记离岗，请由本企业其他管理员操作。")
    if staff.status != StaffStatus.ON_POST:
        raise PeopleError(
            f"只有在岗人员可以登记离岗，{staff.display_name} 当前为“{staff.get_status_display()}”。"
        )
    if not reason.strip():
        raise PeopleError("请填写离岗原因。", "reason")
    away_from = _day(day)
    if away_from > timezone.localdate():
        raise PeopleError("离岗日期不能晚于今天。", "day")
    _move(
        staff,
        StaffStatus.ON_POST,
        StaffStatus.AWAY,
        actor=actor,
        reason=f"{away_from:%Y-%m-%d} 起离岗：{reason.strip()}",
        away_from=away_from.isoformat(),
    )


def mark_returned(
    staff: StaffProfile, *, actor: Actor, reason: str = "", day: date | None = None
) -> str:
    """返岗: the person is back on the post from ``day``; returns the page's message,
    which names the training owed when the spell lasted a year or more."""
    require_manager(actor, staff.enterprise_id)
    if staff.status != StaffStatus.AWAY:
        raise PeopleError(f"{staff.display_name} 当前不是离岗状态，无需登记返岗。")
    returned_on = _day(day)
    away_from = current_away_from(staff) or returned_on
    if returned_on > timezone.localdate():
        raise PeopleError("返岗日期不能晚于今天。", "day")
    if returned_on < away_from:
        raise PeopleError(f"返岗日期不能早于离岗日期 {away_from:%Y-%m-%d}。", "day")
    long_spell = Absence(away_from, returned_on).a_year_or_more
    note = f"{returned_on:%Y-%m-%d} 返岗（{away_from:%Y-%m-%d} 起离岗）"
    if long_spell:
        note += f"。离岗一年以上，重新上岗前须接受{'、'.join(RETRAINING_ON_RETURN)}安全培训"
    _move(
        staff,
        StaffStatus.AWAY,
        StaffStatus.ON_POST,
        actor=actor,
        reason=f"{note}{'：' + reason.strip() if reason.strip() else ''}",
        away_from=away_from.isoformat(),
        returned_on=returned_on.isoformat(),
        retraining=RETRAINING_ON_RETURN if long_spell else [],
    )
    return note


def _move(
    staff: StaffProfile,
    from_status: str,
    to_status: str,
    *,
    actor: Actor,
    reason: str,
    **data: Any,
) -> None:
    """Move ``staff`` between statuses under a row lock, audit-logged with ``data``; refused
    when someone else changed the status since the page was read."""
    with transaction.atomic():
        locked = StaffProfile.objects.select_for_update().get(pk=staff.pk)
        if locked.status != from_status:
            raise PeopleError("该人员的状态刚刚已被修改，请刷新页面后重试。")
        locked.status = to_status
        locked.save(update_fields=["status"])
        audit(
            AuditKind.STATUS_CHANGED,
            staff=locked,
            actor=actor,
            from_status=from_status,
            to_status=to_status,
            reason=reason,
            **data,
        )
    staff.status = to_status


def away_spells(
    staff_ids: QuerySet[StaffProfile, Any] | Iterable[int], *, until: date
) -> dict[int, list[Absence]]:
    """{person: their finished spells away that ended by ``until``}, one query; ``staff_ids``
    may be a subquery."""
    spells: dict[int, list[Absence]] = {}
    for staff_id, data in AuditEvent.objects.filter(
        kind=AuditKind.STATUS_CHANGED,
        staff_id__in=staff_ids,
        from_status=StaffStatus.AWAY,
        data__has_key="returned_on",
    ).values_list("staff_id", "data"):
        returned_on = date.fromisoformat(data["returned_on"])
        if returned_on <= until:
            spells.setdefault(staff_id, []).append(
                Absence(date.fromisoformat(data["away_from"]), returned_on)
            )
    return spells
