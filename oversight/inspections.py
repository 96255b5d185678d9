"""The inspection's writes and who may see or edit it.

Who sees what (out of scope is a 404, never a 403):
- regulators: every inspection of their jurisdiction; only the inspectors named on an
  inspection edit it or run its spot test;
- an enterprise's principal and safety managers: their own enterprise's inspections once
  the inspector has started them on site (a prepared inspection stays unannounced);
- everyone else: none (workers see only their own spot-test paper, on the exam side).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import Enterprise
from accounts.scoping import profile_of, role_of
from accounts.vocab import ENTERPRISE_MANAGER_ROLES, Role, StaffStatus
from oversight.inspection_facts import facts_for
from oversight.models import (
    CheckKind,
    CheckResult,
    Inspection,
    InspectionCheck,
    InspectionInspector,
    InspectionState,
)
from safetykb.audit import audit
from safetykb.models import AuditKind

MIN_INSPECTORS = 2


class InspectionError(ValueError):
    """A refused inspection write; the message is Chinese and names what is wrong."""


# --- scope ---------------------------------------------------------------------------


def visible_inspections(user) -> QuerySet[Inspection]:
    inspections = Inspection.objects.select_related("enterprise", "jurisdiction")
    role, profile = role_of(user), profile_of(user)
    if role == Role.REGULATOR:
        return inspections.filter(jurisdiction_id=profile.jurisdiction_id)
    if role in ENTERPRISE_MANAGER_ROLES:
        return inspections.filter(enterprise_id=profile.enterprise_id).exclude(
            state=InspectionState.PREPARING
        )
    return inspections.none()


def get_inspection_or_404(user, pk: int) -> Inspection:
    try:
        return visible_inspections(user).get(pk=pk)
    except Inspection.DoesNotExist:
        raise Http404("检查记录不存在或不在您的查看范围内。") from None


def is_inspector(user, inspection: Inspection) -> bool:
    return (
        role_of(user) == Role.REGULATOR and inspection.inspectors.filter(user_id=user.pk).exists()
    )


def get_inspection_to_edit_or_404(user, pk: int) -> Inspection:
    """Only the inspectors named on the inspection act on it."""
    inspection = get_inspection_or_404(user, pk)
    if not is_inspector(user, inspection):
        raise Http404("只有本次检查的检查人员可以操作。")
    return inspection


def regulators_for(user):
    """Regulators of the user's jurisdiction who may be named as inspectors."""
    from accounts.models import StaffProfile

    profile = profile_of(user)
    return (
        StaffProfile.objects.filter(
            role=Role.REGULATOR,
            jurisdiction_id=profile.jurisdiction_id,
            status=StaffStatus.ON_POST,
        )
        .select_related("user")
        .order_by("user__first_name", "pk")
    )


# --- writes --------------------------------------------------------------------------


def open_inspection(
    *,
    actor,
    enterprise: Enterprise,
    date: dt.date,
    place: str,
    inspector_profile_ids: Sequence[int],
    representative_name: str,
    representative_post: str,
) -> Inspection:
    """A new inspection in 准备: unseen by the enterprise until started on site."""
    if role_of(actor) != Role.REGULATOR:
        raise InspectionError("只有监管人员可以新建执法检查。")
    jurisdiction_id = profile_of(actor).jurisdiction_id
    if enterprise.jurisdiction_id != jurisdiction_id:
        raise InspectionError(f"“{enterprise.name}”不在您的辖区内。")
    place, name, post = place.strip(), representative_name.strip(), representative_post.strip()
    if not place:
        raise InspectionError("请填写检查场所。")
    if not name or not post:
        raise InspectionError("请填写企业在场负责人的姓名和职务。")
    ids = list(dict.fromkeys(int(pk) for pk in inspector_profile_ids))
    inspectors = {p.pk: p for p in regulators_for(actor).filter(pk__in=ids)}
    if len(ids) < MIN_INSPECTORS:
        raise InspectionError(f"执法检查须有至少 {MIN_INSPECTORS} 名检查人员。")
    if len(inspectors) != len(ids):
        raise InspectionError("检查人员须是本辖区在岗的监管人员。")
    missing = [p.display_name for p in inspectors.values() if not p.enforcement_number.strip()]
    if missing:
        raise InspectionError(
            f"检查人员{('、'.join(missing))}的档案中没有执法证号，请先补填执法证号。"
        )
    with transaction.atomic():
        inspection = Inspection.objects.create(
            enterprise=enterprise,
            jurisdiction_id=jurisdiction_id,
            date=date,
            place=place,
            representative_name=name,
            representative_post=post,
            created_by=actor,
        )
        InspectionInspector.objects.bulk_create(
            InspectionInspector(
                inspection=inspection,
                user_id=inspectors[pk].user_id,
                enforcement_number=inspectors[pk].enforcement_number.strip(),
                order=order,
            )
            for order, pk in enumerate(ids)
        )
        InspectionCheck.objects.bulk_create(
            InspectionCheck(inspection=inspection, kind=kind) for kind in CheckKind.values
        )
        # No enterprise on the event: the enterprise's own timeline must not announce it.
        audit(
            AuditKind.INSPECTION_OPENED,
            actor=actor,
            inspection_id=inspection.pk,
            inspected_enterprise_id=enterprise.pk,
            date=date.isoformat(),
        )
    return inspection


def _locked(inspection: Inspection) -> Inspection:
    return Inspection.objects.select_for_update().select_related("enterprise").get(pk=inspection.pk)


def _require_inspector(actor, inspection: Inspection) -> None:
    if not is_inspector(actor, inspection):
        raise InspectionError("只有本次检查的检查人员可以操作。")


def move(inspection: Inspection, target: str, *, actor, now=None) -> Inspection:
    """The one transition rule: the state machine's step plus what each step requires."""
    from oversight.spot_tests import close_spot_test

    now = now or timezone.now()
    with transaction.atomic():
        inspection = _locked(inspection)
        _require_inspector(actor, inspection)
        current = inspection.state_enum
        try:
            new = current.transition_to(InspectionState(target))
        except ValueError as exc:
            raise InspectionError(str(exc)) from None
        if new == InspectionState.ON_SITE and current == InspectionState.PREPARING:
            if timezone.localdate(now) < inspection.date:
                raise InspectionError(
                    f"检查日期为 {inspection.date:%Y-%m-%d}，当天才能开始现场检查。"
                )
            inspection.started_at = now
        if new == InspectionState.AWAITING_SIGNATURES:
            spot = getattr(inspection, "spot_test", None)
            if spot is not None and spot.opens_at is not None and spot.closed_at is None:
                close_spot_test(spot, actor=actor, now=now)
            pending = [
                check.get_kind_display()
                for check in inspection.checks.all()
                if check.result == CheckResult.PENDING
            ]
            if pending:
                raise InspectionError(f"以下检查项尚未填写结果：{'、'.join(pending)}。")
            inspection.on_site_done_at = now
        if current == InspectionState.AWAITING_SIGNATURES:
            from oversight.record_signing import missing_signatures
            from safetykb.signatures.models import Signature

            if new == InspectionState.ON_SITE and (
                Signature.objects.for_object(inspection).exists()
                or hasattr(inspection, "representative_signature")
            ):
                raise InspectionError(
                    "已有人签名，不能退回现场检查；如需更改，请归档后新建更正记录。"
                )
            missing = missing_signatures(inspection) if new == InspectionState.FILED else []
            if missing:
                raise InspectionError(f"以下人员尚未签名：{'、'.join(missing)}。")
        if new == InspectionState.FILED:
            from oversight.sealing import seal

            seal(inspection, now=now)
            inspection.filed_at = now
        inspection.state = new
        inspection.save()
        audit(
            AuditKind.INSPECTION_STATE_CHANGED,
            actor=actor,
            enterprise_id=inspection.enterprise_id if new.enterprise_sees else None,
            from_status=current.label,
            to_status=new.label,
            inspection_id=inspection.pk,
        )
    return inspection


def record_check(
    inspection: Inspection, kind: str, *, actor, result: str, notes: str, now=None
) -> InspectionCheck:
    """The inspector's result for one check, with the facts shown at that moment."""
    if kind not in CheckKind.values:
        raise InspectionError(f"未知的检查项：{kind}。")
    if result not in CheckResult.values or result == CheckResult.PENDING:
        raise InspectionError("请选择检查结果：符合、基本符合或不符合。")
    notes = notes.strip()
    if result != CheckResult.MEETS and not notes:
        raise InspectionError(
            f"“{CheckKind(kind).label}”结果为“{CheckResult(result).label}”，请写明检查情况。"
        )
    with transaction.atomic():
        inspection = _locked(inspection)
        _require_inspector(actor, inspection)
        if inspection.state != InspectionState.ON_SITE:
            raise InspectionError(
                f"检查记录当前为“{inspection.get_state_display()}”，只有现场检查中才能填写结果。"
            )
        check = InspectionCheck.objects.select_for_update().get(inspection=inspection, kind=kind)
        before = check.get_result_display()
        check.result, check.notes = result, notes
        check.facts = facts_for(inspection, kind).as_json()
        check.recorded_by, check.recorded_at = actor, now or timezone.now()
        check.save()
        audit(
            AuditKind.INSPECTION_CHECK_RECORDED,
            actor=actor,
            enterprise_id=inspection.enterprise_id,
            from_status=before,
            to_status=check.get_result_display(),
            inspection_id=inspection.pk,
            check=kind,
        )
    return check


def correct(inspection: Inspection, *, actor, reason: str) -> Inspection:
    """A filed record is never changed: a correction is a new record linked to it, in
    现场检查 with the same inspectors and results, to amend, sign and file again."""
    reason = reason.strip()
    if not reason:
        raise InspectionError("请填写更正原因。")
    with transaction.atomic():
        original = _locked(inspection)
        _require_inspector(actor, original)
        if original.state != InspectionState.FILED:
            raise InspectionError("只有已归档的检查记录需要更正；未归档的记录可直接修改。")
        if original.corrections.exists():
            raise InspectionError("该记录已有更正记录，请在更正记录上继续。")
        now = timezone.now()
        copy = Inspection.objects.create(
            enterprise=original.enterprise,
            jurisdiction=original.jurisdiction,
            date=original.date,
            place=original.place,
            representative_name=original.representative_name,
            representative_post=original.representative_post,
            state=InspectionState.ON_SITE,
            created_by=actor,
            started_at=now,
            corrects=original,
            correction_reason=reason,
        )
        InspectionInspector.objects.bulk_create(
            InspectionInspector(
                inspection=copy,
                user_id=i.user_id,
                enforcement_number=i.enforcement_number,
                order=i.order,
            )
            for i in original.inspectors.all()
        )
        InspectionCheck.objects.bulk_create(
            InspectionCheck(
                inspection=copy,
                kind=c.kind,
                result=c.result,
                notes=c.notes,
                facts=c.facts,
                recorded_by=c.recorded_by,
                recorded_at=c.recorded_at,
            )
            for c in original.checks.all()
        )
        audit(
            AuditKind.INSPECTION_CORRECTED,
            actor=actor,
            enterprise_id=original.enterprise_id,
            reason=reason,
            inspection_id=copy.pk,
            corrects_id=original.pk,
        )
    return copy
