"""Writes on the annual training plan: draft, copy, lines, approval with signature, revision.

The safety manager of the enterprise drafts; its principal approves by signing the plan's
content (``plan_content``) with their password re-entered. An approved plan is frozen: a
change starts a new revision (a draft copy) that must be approved again; approving it
supersedes the one before. Each status change is audit-logged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest

from accounts.models import Enterprise
from accounts.scoping import profile_of, role_of
from accounts.vocab import HIGH_RISK_ENTERPRISE_TYPES, Role
from safetykb.audit import audit
from safetykb.models import AuditKind
from safetykb.signatures.canonical import content_hash
from safetykb.signatures.models import SignCapacity
from safetykb.signatures.services import sign
from training.models import PlanLine, PlanStatus, TrainingPlan


class PlanError(Exception):
    """A refused plan action; the message is Chinese and says what and where."""


@dataclass(frozen=True, slots=True)
class LineFields:
    level: str
    kind: str
    course: str
    hours: Decimal
    month: int
    trainer: str
    audience: str
    specialty: str = ""
    post: str = ""
    content: str = ""
    page_ids: Sequence[int] = ()


def is_high_risk(enterprise: Enterprise) -> bool:
    return enterprise.enterprise_type in HIGH_RISK_ENTERPRISE_TYPES


def can_draft(user, enterprise_id: int) -> bool:
    """The enterprise's own safety manager drafts and edits its plan."""
    profile = profile_of(user)
    return role_of(user) == Role.SAFETY_MANAGER and profile.enterprise_id == enterprise_id


def can_approve(user, enterprise_id: int) -> bool:
    """Only the enterprise's principal approves its plan."""
    profile = profile_of(user)
    return role_of(user) == Role.PRINCIPAL and profile.enterprise_id == enterprise_id


def plan_content(plan: TrainingPlan) -> dict[str, Any]:
    """What the principal signs: the plan's identity and every line, in plan order."""
    lines = plan.lines.prefetch_related("pages").order_by("month", "position", "pk")
    return {
        "enterprise": plan.enterprise.name,
        "credit_code": plan.enterprise.credit_code,
        "year": plan.year,
        "revision": plan.revision,
        "change_reason": plan.change_reason,
        "lines": [
            {
                "level": line.level,
                "specialty": line.specialty,
                "post": line.post,
                "kind": line.kind,
                "course": line.course,
                "content": line.content,
                "pages": sorted(page.pk for page in line.pages.all()),
                "hours": line.hours,
                "month": line.month,
                "trainer": line.trainer,
                "audience": line.audience,
            }
            for line in lines
        ],
    }


def _require_drafter(user, plan_or_enterprise_id: int) -> None:
    if not can_draft(user, plan_or_enterprise_id):
        raise PlanError("只有本企业的安全管理员可以编制培训计划。")


def _require_draft(plan: TrainingPlan) -> None:
    if plan.status != PlanStatus.DRAFT:
        raise PlanError(f"《{plan}》{plan.get_status_display()}，不能修改；请发起修订。")


def _copy_lines(source: TrainingPlan, target: TrainingPlan) -> None:
    for line in source.lines.prefetch_related("pages").order_by("month", "position", "pk"):
        pages = list(line.pages.all())
        copy = PlanLine.objects.create(
            plan=target,
            position=line.position,
            level=line.level,
            specialty=line.specialty,
            post=line.post,
            kind=line.kind,
            course=line.course,
            content=line.content,
            hours=line.hours,
            month=line.month,
            trainer=line.trainer,
            audience=line.audience,
        )
        copy.pages.set(pages)


@transaction.atomic
def create_plan(
    enterprise: Enterprise, year: int, *, actor, copy_from: TrainingPlan | None = None
) -> TrainingPlan:
    """A new draft (revision 1) for ``year``, optionally with ``copy_from``'s lines
    (last year's plan: same courses and months, to be adjusted)."""
    _require_drafter(actor, enterprise.pk)
    if not 2000 <= year <= 2100:
        raise PlanError(f"年度 {year} 无效，请填写四位年份。")
    if copy_from is not None and copy_from.enterprise_id != enterprise.pk:
        raise PlanError("只能复制本企业的培训计划。")
    if TrainingPlan.objects.filter(enterprise=enterprise, year=year).exists():
        raise PlanError(f"{year}年度的培训计划已存在，请打开它修改或发起修订。")
    try:
        with transaction.atomic():
            plan = TrainingPlan.objects.create(enterprise=enterprise, year=year, drafted_by=actor)
    except IntegrityError:
        raise PlanError(f"{year}年度的培训计划已存在。") from None
    if copy_from is not None:
        _copy_lines(copy_from, plan)
    audit(
        AuditKind.PLAN_STATUS_CHANGED,
        actor=actor,
        enterprise_id=enterprise.pk,
        to_status=PlanStatus.DRAFT,
        plan_id=plan.pk,
        year=year,
        revision=plan.revision,
        copied_from=copy_from.pk if copy_from else None,
    )
    return plan


def _locked_draft(plan: TrainingPlan, actor) -> TrainingPlan:
    _require_drafter(actor, plan.enterprise_id)
    locked = TrainingPlan.objects.select_for_update().get(pk=plan.pk)
    _require_draft(locked)
    return locked


def _apply(line: PlanLine, fields: LineFields) -> None:
    if not 1 <= fields.month <= 12:
        raise PlanError(f"计划月份 {fields.month} 无效，应为 1–12。")
    if fields.hours <= 0:
        raise PlanError(f"“{fields.course}”的计划学时必须大于 0。")
    for name in ("level", "specialty", "post", "kind", "course", "content"):
        setattr(line, name, getattr(fields, name))
    line.hours, line.month = fields.hours, fields.month
    line.trainer, line.audience = fields.trainer, fields.audience


@transaction.atomic
def add_line(plan: TrainingPlan, fields: LineFields, *, actor) -> PlanLine:
    locked = _locked_draft(plan, actor)
    line = PlanLine(plan=locked, position=locked.lines.count() + 1)
    _apply(line, fields)
    line.save()
    line.pages.set(fields.page_ids)
    return line


@transaction.atomic
def update_line(line: PlanLine, fields: LineFields, *, actor) -> PlanLine:
    _locked_draft(line.plan, actor)
    _apply(line, fields)
    line.save()
    line.pages.set(fields.page_ids)
    return line


@transaction.atomic
def remove_line(line: PlanLine, *, actor) -> None:
    _locked_draft(line.plan, actor)
    line.delete()


def approve_plan(
    plan: TrainingPlan,
    *,
    user,
    password: str,
    request: HttpRequest | None = None,
    now: dt.datetime | None = None,
) -> TrainingPlan:
    """The principal signs ``plan`` and it becomes the year's approved plan.

    Raises ``PlanError`` for a wrong role, a plan not in draft or with no lines, and
    ``ValidationError`` (from signing) for a wrong password. Signing runs outside this
    function's transaction so a wrong password is counted by the lockout (see ``sign``);
    the status change then re-checks, under a row lock, that the plan is still the draft
    that was signed.
    """
    if not can_approve(user, plan.enterprise_id):
        raise PlanError("只有本企业的主要负责人可以审批培训计划。")
    plan.refresh_from_db(fields=["status"])
    _require_draft(plan)
    if not plan.lines.exists():
        raise PlanError("计划中还没有培训条目，不能审批。")
    content = plan_content(plan)
    signature = sign(
        plan,
        user=user,
        password=password,
        capacity=SignCapacity.PRINCIPAL,
        content=content,
        now=now,
        request=request,
    )
    with transaction.atomic():
        locked = TrainingPlan.objects.select_for_update().get(pk=plan.pk)
        _require_draft(locked)
        if content_hash(plan_content(locked)) != signature.content_hash:
            raise PlanError("签名期间计划内容被修改，请刷新后重新审批。")
        previous = (
            TrainingPlan.objects.select_for_update()
            .filter(enterprise_id=locked.enterprise_id, year=locked.year)
            .filter(status=PlanStatus.APPROVED)
            .first()
        )
        if previous is not None:
            previous.status = PlanStatus.SUPERSEDED
            previous.save(update_fields=["status"])
            _audit_status(previous, user, PlanStatus.APPROVED, PlanStatus.SUPERSEDED)
        locked.status = PlanStatus.APPROVED
        locked.approved_by = user
        locked.approved_at = signature.signed_at
        locked.approved_hash = signature.content_hash
        locked.save(update_fields=["status", "approved_by", "approved_at", "approved_hash"])
        _audit_status(
            locked, user, PlanStatus.DRAFT, PlanStatus.APPROVED, signature_id=signature.pk
        )
    return locked


def _audit_status(plan: TrainingPlan, actor, from_status: str, to_status: str, **data) -> None:
    audit(
        AuditKind.PLAN_STATUS_CHANGED,
        actor=actor,
        enterprise_id=plan.enterprise_id,
        from_status=from_status,
        to_status=to_status,
        plan_id=plan.pk,
        year=plan.year,
        revision=plan.revision,
        **data,
    )


@transaction.atomic
def start_revision(plan: TrainingPlan, *, actor, reason: str) -> TrainingPlan:
    """A draft copy of the approved ``plan`` as its next revision; the approved one stays
    in force until the revision is approved."""
    _require_drafter(actor, plan.enterprise_id)
    locked = TrainingPlan.objects.select_for_update().get(pk=plan.pk)
    if locked.status != PlanStatus.APPROVED:
        raise PlanError("只有已审批的计划可以修订；草稿请直接修改。")
    reason = reason.strip()
    if not reason:
        raise PlanError("请填写修订原因。")
    if TrainingPlan.objects.filter(
        enterprise_id=locked.enterprise_id, year=locked.year, status=PlanStatus.DRAFT
    ).exists():
        raise PlanError(f"{locked.year}年度已有一份待审批的修订稿。")
    latest = (
        TrainingPlan.objects.filter(enterprise_id=locked.enterprise_id, year=locked.year)
        .order_by("-revision")
        .values_list("revision", flat=True)
        .first()
    )
    revision = TrainingPlan.objects.create(
        enterprise_id=locked.enterprise_id,
        year=locked.year,
        revision=(latest or 0) + 1,
        revises=locked,
        change_reason=reason,
        drafted_by=actor,
    )
    _copy_lines(locked, revision)
    _audit_status(revision, actor, "", PlanStatus.DRAFT, revises=locked.pk, reason=reason)
    return revision


__all__ = [
    "LineFields",
    "PlanError",
    "add_line",
    "approve_plan",
    "can_approve",
    "can_draft",
    "create_plan",
    "is_high_risk",
    "plan_content",
    "remove_line",
    "start_revision",
    "update_line",
]
