"""Routine rounds (常态化考核) and surprise assessments (不定期抽考)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import Enterprise, StaffProfile
from accounts.scoping import profile_of
from accounts.vocab import ENTERPRISE_MANAGER_ROLES, ENTERPRISE_ROLES, Role, StaffStatus
from assessments.exams.engine import Person, SamplingError, sample_people
from assessments.exams.services.errors import AssessmentError
from assessments.exams.services.prepared_papers import schedule_preparation
from assessments.models import (
    Assessment,
    AssessmentKind,
    Assignment,
    ExamBlueprint,
    PreparedBy,
    RoutineFrequency,
    RoutineSchedule,
)
from safetykb.audit import Actor, audit
from safetykb.models import AuditKind

ENTERPRISE_STAFF_ROLES = ENTERPRISE_ROLES
#: How long a prepared surprise may wait to be launched; after that it leaves the 待发起
#: list (kept in the history). Its answer window starts only at launch.
DRAFT_LAUNCH_PERIOD = timedelta(days=30)
_MONTHS = {
    RoutineFrequency.MONTHLY: 1,
    RoutineFrequency.QUARTERLY: 3,
    RoutineFrequency.HALF_YEARLY: 6,
    RoutineFrequency.YEARLY: 12,
}


def matching_staff(blueprint: ExamBlueprint, enterprise_id: int) -> QuerySet[StaffProfile]:
    """On-post staff of the enterprise that the blueprint is for (empty filter = everyone)."""
    staff = StaffProfile.objects.filter(
        enterprise_id=enterprise_id, status=StaffStatus.ON_POST, role__in=ENTERPRISE_STAFF_ROLES
    ).select_related("user")
    if blueprint.levels:
        staff = staff.filter(level__in=blueprint.levels)
    if blueprint.specialties:
        staff = staff.filter(specialty__in=blueprint.specialties)
    if blueprint.posts:
        staff = staff.filter(post__in=blueprint.posts)
    department_ids = list(blueprint.departments.values_list("pk", flat=True))
    if department_ids:
        staff = staff.filter(department_id__in=department_ids)
    return staff


def can_launch_for(actor: Actor, enterprise: Enterprise | None) -> bool:
    profile = getattr(actor, "profile", None)
    if enterprise is None or profile is None or profile.status == StaffStatus.LEFT:
        return False
    if profile.role in ENTERPRISE_MANAGER_ROLES:
        return bool(profile.enterprise_id == enterprise.pk)
    if profile.role == Role.REGULATOR:
        return bool(profile.jurisdiction_id == enterprise.jurisdiction_id)
    return False


def side_of(actor: Actor | AnonymousUser) -> str | None:
    """The side an overseer acts for: the enterprise's managers or the jurisdiction's regulators."""
    profile = profile_of(actor)
    if profile is None or profile.status == StaffStatus.LEFT:
        return None
    if profile.role == Role.REGULATOR:
        return PreparedBy.REGULATOR
    if profile.role in ENTERPRISE_MANAGER_ROLES:
        return PreparedBy.ENTERPRISE
    return None


def secrecy_filter(user: Actor | AnonymousUser) -> Q:
    """Assessments ``user`` may see beyond their scope's enterprises: everything launched,
    and surprise drafts only of their own side (a surprise stays a surprise)."""
    side = side_of(user)
    launched = Q(is_launched=True)
    return launched | Q(prepared_side=side) if side else launched


def pending_draft_filter(now: datetime) -> Q:
    """Surprise drafts still waiting to be launched (not failed, not past their period)."""
    return Q(kind=AssessmentKind.SURPRISE, is_launched=False, sampling_error="", closes_at__gt=now)


def draft_refusal(
    assessment: Assessment, actor: Actor, *, now: datetime | None = None
) -> str | None:
    """Why ``actor`` may not launch this draft now, or None when they may."""
    now = now or timezone.now()
    if assessment.kind != AssessmentKind.SURPRISE:
        return "只有抽考需要发起。"
    if assessment.is_launched:
        return "该抽考已经发起过了。"
    if not can_launch_for(actor, assessment.enterprise) or side_of(actor) != (
        assessment.prepared_side
    ):
        return "您无权为该企业发起抽考。"
    if assessment.sampling_error:
        return f"该抽考抽样失败，已作废：{assessment.sampling_error}"
    if now >= assessment.closes_at:
        return "该抽考已过发起期限，已作废；请重新安排。"
    return None


def prepare_surprise(
    *,
    blueprint: ExamBlueprint,
    enterprise: Enterprise,
    actor: Actor,
    title: str,
    count: int | None = None,
    percent: Decimal | None = None,
    window_minutes: int = 30,
    absence_counts_as_fail: bool = True,
) -> Assessment:
    """A surprise assessment set up but not launched: only the side that prepared it (the
    enterprise, or the jurisdiction's regulators) sees it; staff see it from its launch."""
    if not can_launch_for(actor, enterprise):
        raise AssessmentError("您无权为该企业安排抽考。")
    if (count is None) == (percent is None):
        raise AssessmentError("请填写抽取人数或抽取比例（二选一）。")
    if not 5 <= window_minutes <= 24 * 60:
        raise AssessmentError("作答窗口应在 5 分钟到 24 小时之间。")
    now = timezone.now()
    return Assessment.objects.create(
        kind=AssessmentKind.SURPRISE,
        title=title,
        blueprint=blueprint,
        enterprise=enterprise,
        opens_at=now,
        closes_at=now + DRAFT_LAUNCH_PERIOD,
        sample_count=count,
        sample_percent=percent,
        window_minutes=window_minutes,
        is_launched=False,
        prepared_by=actor,
        prepared_side=side_of(actor) or "",
        absence_counts_as_fail=absence_counts_as_fail,
    )


def launch_surprise(
    assessment: Assessment, *, actor: Actor, reason: str, seed: int | None = None
) -> list[int]:
    """Draw the stratified random sample (seed stored), open the window now, log who and why.

    A draft whose sample cannot be drawn is void from then on (it leaves the 待发起 list);
    the failure is kept on it and in the audit log."""
    if not reason.strip():
        raise AssessmentError("请填写发起抽考的原因。")
    seed = secrets.randbits(48) if seed is None else seed
    problem = ""
    with transaction.atomic():
        assessment = (
            Assessment.objects.select_for_update(of=("self",))
            .select_related("enterprise")
            .get(pk=assessment.pk)
        )
        refusal = draft_refusal(assessment, actor)
        if refusal:
            raise AssessmentError(refusal)
        pool = list(matching_staff(assessment.blueprint, assessment.enterprise_id))
        people = [Person(id=s.pk, stratum=s.post or "未设岗位") for s in pool]
        try:
            chosen = sample_people(
                people, count=assessment.sample_count, percent=assessment.sample_percent, seed=seed
            )
        except SamplingError as exc:
            problem = str(exc)
            assessment.sampling_error = problem
            assessment.save(update_fields=["sampling_error"])
            audit(
                AuditKind.SURPRISE_SAMPLING_FAILED,
                actor=actor,
                reason=f"{reason.strip()}；无法抽样：{problem}",
                enterprise_id=assessment.enterprise_id,
                assessment_id=assessment.pk,
                pool_size=len(pool),
            )
        else:
            _open_surprise(assessment, actor=actor, reason=reason.strip(), seed=seed)
            Assignment.objects.bulk_create(
                Assignment(assessment=assessment, staff_id=pk) for pk in chosen
            )
            transaction.on_commit(
                lambda: schedule_window_close(assessment.pk, assessment.closes_at)
            )
            transaction.on_commit(lambda: schedule_preparation(assessment.pk))
            audit(
                AuditKind.SURPRISE_LAUNCHED,
                actor=actor,
                reason=reason.strip(),
                enterprise_id=assessment.enterprise_id,
                assessment_id=assessment.pk,
                seed=seed,
                pool_size=len(pool),
                sampled_staff_ids=list(chosen),
            )
    if problem:
        raise AssessmentError(f"无法抽样：{problem}（该抽考已作废并留存记录，请调整后重新安排）")
    return list(chosen)


def schedule_window_close(assessment_id: int, closes_at: datetime) -> None:
    """Have the worker record the absent when the window closes (the tick does it too)."""
    from assessments.exams.tasks import close_surprise_window

    if close_surprise_window.get_backend().supports_defer:
        close_surprise_window.using(run_after=closes_at + timedelta(seconds=1)).enqueue(
            assessment_id
        )


def _open_surprise(assessment: Assessment, *, actor: Actor, reason: str, seed: int) -> None:
    now = timezone.now()
    assessment.sample_seed = seed
    assessment.is_launched = True
    assessment.launched_by = actor
    assessment.launched_at = now
    assessment.reason = reason
    assessment.opens_at = now
    assessment.closes_at = now + timedelta(minutes=assessment.window_minutes or 30)
    assessment.save()


def period_start(moment: datetime, frequency: str) -> datetime:
    """Start of the schedule period containing ``moment`` (local time, calendar-aligned)."""
    local = timezone.localtime(moment)
    months = _MONTHS[RoutineFrequency(frequency)]
    month = ((local.month - 1) // months) * months + 1
    return local.replace(month=month, day=1, hour=0, minute=0, second=0, microsecond=0)


def rounds_this_period(
    schedule: RoutineSchedule, *, now: datetime | None = None
) -> QuerySet[Assessment]:
    """The schedule's rounds opened since the start of the period containing ``now``."""
    start = period_start(now or timezone.now(), schedule.frequency)
    # Per enterprise: a schedule moved to another enterprise owes that one its round too.
    return schedule.rounds.filter(opens_at__gte=start, enterprise_id=schedule.enterprise_id)


def create_routine_round(
    schedule: RoutineSchedule, *, now: datetime | None = None
) -> Assessment | None:
    """The current period's round for a schedule, created with everyone it matches; None if it exists."""
    now = now or timezone.now()
    with transaction.atomic():
        # The minute tick and an admin save may open the same round at once: one at a time.
        RoutineSchedule.objects.select_for_update().filter(pk=schedule.pk).exists()
        if rounds_this_period(schedule, now=now).exists():
            return None
        assessment = Assessment.objects.create(
            kind=AssessmentKind.ROUTINE,
            title=f"{schedule.blueprint.name} · {timezone.localtime(now):%Y年%m月}",
            blueprint=schedule.blueprint,
            enterprise=schedule.enterprise,
            opens_at=now,
            closes_at=now + timedelta(days=schedule.window_days),
            schedule=schedule,
            is_launched=True,
            launched_at=now,
            reason=f"{schedule.get_frequency_display()}常态化考核",
        )
        Assignment.objects.bulk_create(
            Assignment(assessment=assessment, staff=staff)
            for staff in matching_staff(schedule.blueprint, schedule.enterprise_id)
        )
        transaction.on_commit(lambda: schedule_preparation(assessment.pk))
    return assessment


@dataclass(frozen=True)
class RoundOpening:
    """A schedule's round for the current period, and whether this save opened it."""

    assessment: Assessment
    opened_now: bool
    assigned: int


def open_current_round(schedule: RoutineSchedule, *, now: datetime | None = None) -> RoundOpening:
    """Open an active schedule's round for this period now rather than at the next tick
    (``tick``); when it is already open, report that one."""
    now = now or timezone.now()
    with transaction.atomic():
        created = create_routine_round(schedule, now=now)
        assessment = created or rounds_this_period(schedule, now=now).latest("opens_at")
        return RoundOpening(assessment, created is not None, assessment.assignments.count())


def run_due_schedules(*, now: datetime | None = None) -> int:
    return sum(
        create_routine_round(schedule, now=now) is not None
        for schedule in RoutineSchedule.objects.filter(active=True).select_related(
            "blueprint", "enterprise"
        )
    )


def enroll_staff_in_open_rounds(staff_id: int) -> int:
    """After a profile is committed: enrol the person in the routine rounds open for them."""
    with transaction.atomic():
        staff = StaffProfile.objects.filter(pk=staff_id).first()
        if staff is None:
            return 0
        return enroll_in_open_rounds(staff)


def enroll_in_open_rounds(staff: StaffProfile, *, now: datetime | None = None) -> int:
    """New (or newly matching) staff join the routine rounds still open for them."""
    now = now or timezone.now()
    if staff.status != StaffStatus.ON_POST or staff.enterprise_id is None:
        return 0
    added = 0
    open_rounds = Assessment.objects.filter(
        kind=AssessmentKind.ROUTINE,
        enterprise_id=staff.enterprise_id,
        is_launched=True,
        closes_at__gt=now,
    ).select_related("blueprint")
    for assessment in open_rounds:
        if matching_staff(assessment.blueprint, staff.enterprise_id).filter(pk=staff.pk).exists():
            _, created = Assignment.objects.get_or_create(assessment=assessment, staff=staff)
            added += created
    return added
