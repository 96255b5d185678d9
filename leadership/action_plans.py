"""Personal action plans: drawing up and approving a plan, recording what a leader did on
site, and a problem's life: found → closed by its owner → confirmed by whoever found it
(谁检查、谁签名、谁负责). Each step is signed and audit-logged; none can be skipped."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import StaffProfile
from accounts.scoping import profile_of
from accounts.vocab import StaffStatus
from leadership.models import (
    ActionPlan,
    ActivityPhoto,
    AtPlace,
    KeyPlace,
    MajorHazardSource,
    PlanItem,
    PlanStatus,
    Problem,
    ProblemStatus,
    ProblemStep,
    SiteActivity,
    StepKind,
)
from leadership.selectors import is_leader, is_principal_of
from leadership.signed_steps import (
    LeadershipError,
    NotAllowed,
    check_password,
    checked_upload,
    sign_now,
)
from safetykb.audit import audit
from safetykb.models import AuditKind
from safetykb.signatures.models import SignCapacity

MAX_PHOTOS = 6


@dataclass(frozen=True, slots=True)
class ProblemInput:
    description: str
    action: str
    owner: StaffProfile
    deadline: dt.date


def _is_self(user, staff: StaffProfile) -> bool:
    return staff.user_id == getattr(user, "pk", None)


def _require_own_or_principal(user, plan: ActionPlan) -> None:
    if not (_is_self(user, plan.staff) or is_principal_of(user, plan.enterprise_id)):
        raise NotAllowed("只有本人或本企业主要负责人可以编制这份行动计划。")


def _check_place(enterprise_id: int, hazard_source, key_place) -> None:
    refusal = AtPlace.place_refusal(enterprise_id, hazard_source, key_place)
    if refusal is not None:
        raise LeadershipError(refusal)


# --- plans -----------------------------------------------------------------------------


@transaction.atomic
def open_plan(staff: StaffProfile, year: int, *, actor) -> ActionPlan:
    """The leader's plan for ``year`` (created empty, as a draft, the first time)."""
    if not (_is_self(actor, staff) or is_principal_of(actor, staff.enterprise_id)):
        raise NotAllowed("只有本人或本企业主要负责人可以建立行动计划。")
    if not is_leader(staff):
        raise LeadershipError(
            f"“{staff}”不是企业领导、联系人或包保责任人，无需建立个人安全行动计划。"
        )
    plan, _ = ActionPlan.objects.get_or_create(
        staff=staff, year=year, defaults={"enterprise_id": staff.enterprise_id}
    )
    return plan


@transaction.atomic
def add_item(
    plan: ActionPlan,
    *,
    actor,
    kind: str,
    times: int,
    period: str,
    hazard_source: MajorHazardSource | None = None,
    key_place: KeyPlace | None = None,
) -> PlanItem:
    _require_own_or_principal(actor, plan)
    if plan.status != PlanStatus.DRAFT:
        raise LeadershipError("计划已提交或已审批，不能再修改事项。")
    _check_place(plan.enterprise_id, hazard_source, key_place)
    if times < 1:
        raise LeadershipError("次数至少为 1。")
    return PlanItem.objects.create(
        plan=plan,
        kind=kind,
        times=times,
        period=period,
        hazard_source=hazard_source,
        key_place=key_place,
    )


@transaction.atomic
def remove_item(item: PlanItem, *, actor) -> None:
    _require_own_or_principal(actor, item.plan)
    if item.plan.status != PlanStatus.DRAFT:
        raise LeadershipError("计划已提交或已审批，不能再修改事项。")
    if item.activities.exists():
        raise LeadershipError("该事项已有履职记录，不能删除。")
    item.delete()


@transaction.atomic
def submit_plan(plan: ActionPlan, *, actor) -> ActionPlan:
    if not _is_self(actor, plan.staff):
        raise NotAllowed("行动计划只能由本人提交。")
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != PlanStatus.DRAFT:
        raise LeadershipError("计划已提交，不能重复提交。")
    if not plan.items.exists():
        raise LeadershipError("计划还没有事项，请先添加至少一项。")
    plan.status = PlanStatus.SUBMITTED
    plan.save(update_fields=["status"])
    audit(
        AuditKind.PLAN_SUBMITTED,
        staff=plan.staff,
        actor=actor,
        from_status=PlanStatus.DRAFT,
        to_status=PlanStatus.SUBMITTED,
        plan_id=plan.pk,
    )
    return plan


def approve_plan(
    plan: ActionPlan, *, user, password: str, request: HttpRequest | None = None
) -> ActionPlan:
    """The enterprise's principal approves (and signs) a submitted plan, their own too."""
    if not is_principal_of(user, plan.enterprise_id):
        raise NotAllowed("只有本企业主要负责人可以审批行动计划。")
    if plan.status != PlanStatus.SUBMITTED:
        raise LeadershipError("只有已提交的计划可以审批。")
    checked = check_password(user, password, request)
    with transaction.atomic():
        plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
        if plan.status != PlanStatus.SUBMITTED:
            raise LeadershipError("只有已提交的计划可以审批。")
        signature = sign_now(
            plan,
            user=user,
            password=checked,
            capacity=SignCapacity.PRINCIPAL,
            content=plan.signed_content(),
        )
        plan.status = PlanStatus.APPROVED
        plan.approved_by = user
        plan.approved_at = signature.signed_at
        plan.save(update_fields=["status", "approved_by", "approved_at"])
        audit(
            AuditKind.PLAN_APPROVED,
            staff=plan.staff,
            actor=user,
            from_status=PlanStatus.SUBMITTED,
            to_status=PlanStatus.APPROVED,
            plan_id=plan.pk,
            signature_id=signature.pk,
        )
    return plan


# --- activities ------------------------------------------------------------------------


@transaction.atomic
def record_activity(
    plan: ActionPlan,
    *,
    actor,
    occurred_at: dt.datetime,
    kind: str,
    checked: str,
    item: PlanItem | None = None,
    hazard_source: MajorHazardSource | None = None,
    key_place: KeyPlace | None = None,
    place_text: str = "",
    problems: list[ProblemInput] | tuple = (),
    photos: list[UploadedFile] | tuple = (),
    now: dt.datetime | None = None,
) -> SiteActivity:
    """The leader records what they did; each problem found opens for its owner."""
    if not _is_self(actor, plan.staff):
        raise NotAllowed("履职活动只能由本人登记。")
    now = now or timezone.now()
    if occurred_at > now + dt.timedelta(minutes=5):
        raise LeadershipError("活动时间不能晚于现在。")
    if timezone.localtime(occurred_at).year != plan.year:
        raise LeadershipError(f"活动时间须在{plan.year}年内（本计划的年度）。")
    if item is not None:
        if item.plan_id != plan.pk:
            raise LeadershipError("所选计划事项不属于本人的行动计划。")
        kind = item.kind
        hazard_source = hazard_source or item.hazard_source
        key_place = key_place or item.key_place
    _check_place(plan.enterprise_id, hazard_source, key_place)
    if not checked.strip():
        raise LeadershipError("请填写检查内容。")
    if len(photos) > MAX_PHOTOS:
        raise LeadershipError(f"现场照片最多 {MAX_PHOTOS} 张。")
    for photo in photos:
        checked_upload(photo, "现场照片")
    day = timezone.localdate(occurred_at)
    for number, problem in enumerate(problems, start=1):
        owner = problem.owner
        if owner.enterprise_id != plan.enterprise_id or owner.status == StaffStatus.LEFT:
            raise LeadershipError(f"问题 {number} 的整改责任人“{owner}”不是本企业的在职人员。")
        if problem.deadline < day:
            raise LeadershipError(f"问题 {number} 的整改期限不能早于检查日期。")
        if not problem.description.strip() or not problem.action.strip():
            raise LeadershipError(f"问题 {number} 须填写问题描述和整改措施。")
    activity = SiteActivity.objects.create(
        plan=plan,
        item=item,
        kind=kind,
        occurred_at=occurred_at,
        hazard_source=hazard_source,
        key_place=key_place,
        place_text=place_text if not (hazard_source or key_place) else "",
        checked=checked.strip(),
        recorded_by=actor,
    )
    for photo in photos:
        ActivityPhoto.objects.create(activity=activity, image=photo)
    audit(
        AuditKind.ACTIVITY_RECORDED,
        staff=plan.staff,
        actor=actor,
        activity_id=activity.pk,
        activity_kind=kind,
        problems=len(problems),
    )
    for problem in problems:
        row = Problem.objects.create(
            activity=activity,
            enterprise_id=plan.enterprise_id,
            found_by=plan.staff,
            description=problem.description.strip(),
            action=problem.action.strip(),
            owner=problem.owner,
            deadline=problem.deadline,
        )
        audit(
            AuditKind.PROBLEM_FOUND,
            staff=problem.owner,
            actor=actor,
            to_status=ProblemStatus.OPEN,
            problem_id=row.pk,
            found_by=plan.staff_id,
            deadline=str(problem.deadline),
        )
    return activity


# --- a problem's life ------------------------------------------------------------------

#: Each step: who takes it, from which state, to which state, signing as whom.
STEPS = {
    StepKind.CLOSED: ("owner", ProblemStatus.OPEN, ProblemStatus.CLOSED, SignCapacity.RECTIFIER),
    StepKind.CONFIRMED: (
        "found_by",
        ProblemStatus.CLOSED,
        ProblemStatus.CONFIRMED,
        SignCapacity.CHECKER,
    ),
    StepKind.RETURNED: ("found_by", ProblemStatus.CLOSED, ProblemStatus.OPEN, SignCapacity.CHECKER),
}
STEP_AUDIT = {
    StepKind.CLOSED: AuditKind.PROBLEM_CLOSED,
    StepKind.CONFIRMED: AuditKind.PROBLEM_CONFIRMED,
    StepKind.RETURNED: AuditKind.PROBLEM_RETURNED,
}
WHO = {"owner": "整改责任人", "found_by": "发现问题的检查人"}


def _guard_step(problem: Problem, kind: StepKind, user) -> None:
    who, from_status, _, _ = STEPS[kind]
    person: StaffProfile = getattr(problem, who)
    if not _is_self(user, person):
        raise NotAllowed(
            f"“{StepKind(kind).label}”只能由{WHO[who]}（{person.display_name}）本人签名办理。"
        )
    if problem.status != from_status:
        raise LeadershipError(
            f"问题当前为“{problem.get_status_display()}”，不能办理“{StepKind(kind).label}”。"
        )


def take_step(
    problem: Problem,
    kind: StepKind,
    *,
    user,
    password: str,
    note: str,
    evidence: UploadedFile | None = None,
    request: HttpRequest | None = None,
    now: dt.datetime | None = None,
) -> ProblemStep:
    """Close (the owner, with evidence), confirm or return (whoever found it): signed,
    audit-logged, and only from the state before it."""
    kind = StepKind(kind)
    _guard_step(problem, kind, user)
    if not note.strip():
        what = "整改情况及证据说明" if kind == StepKind.CLOSED else "确认或退回意见"
        raise LeadershipError(f"请填写{what}。")
    evidence_hash = checked_upload(evidence, "整改证据") if evidence is not None else ""
    if kind == StepKind.CLOSED and evidence is None:
        raise LeadershipError("整改完成须上传整改证据（照片或 PDF）。")
    checked = check_password(user, password, request)
    _, from_status, to_status, capacity = STEPS[kind]
    now = now or timezone.now()
    with transaction.atomic():
        locked = (
            Problem.objects.select_for_update()
            .select_related("owner__user", "found_by__user")
            .get(pk=problem.pk)
        )
        _guard_step(locked, kind, user)
        step = ProblemStep(
            problem=locked,
            kind=kind,
            by=profile_of(user),
            at=now,
            note=note.strip(),
            evidence_hash=evidence_hash,
        )
        if evidence is not None:
            step.evidence = evidence
        step.save()
        signature = sign_now(
            step, user=user, password=checked, capacity=capacity, content=step.signed_content()
        )
        locked.status = to_status
        if kind == StepKind.CLOSED:
            locked.closed_at = now
        elif kind == StepKind.CONFIRMED:
            locked.confirmed_at = now
        else:
            locked.closed_at = None  # returned: the owner must close it again
        locked.save(update_fields=["status", "closed_at", "confirmed_at"])
        audit(
            STEP_AUDIT[kind],
            staff=locked.owner,
            actor=user,
            from_status=from_status,
            to_status=to_status,
            reason=note.strip() if kind == StepKind.RETURNED else "",
            problem_id=locked.pk,
            step_id=step.pk,
            signature_id=signature.pk,
        )
    problem.refresh_from_db()
    return step
