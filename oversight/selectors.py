"""Dashboards: completion and pass rates and the lists behind the oversight pages. Every
function takes an already-scoped queryset. Rows of figures and the breakdowns by level,
post and department are the exam side's (`assessments.exams.selectors.results`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import Enterprise
from accounts.vocab import StaffStatus
from assessments.exams.selectors.results import RateRow, graded
from assessments.exams.services.launching import pending_draft_filter
from assessments.models import (
    Absence,
    AbsenceExcuse,
    Assessment,
    AssessmentKind,
    Assignment,
    Attempt,
    RoutineSchedule,
)

# --- dashboards ---------------------------------------------------------------------


def _count_of_assignments(attempts: QuerySet[Attempt], group: str) -> Subquery:
    """Distinct assignments with such an attempt, grouped by ``group`` (an OuterRef)."""
    counted = attempts.values(group).annotate(n=Count("assignment", distinct=True)).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def with_stats(assessments: QuerySet[Assessment]) -> QuerySet[Assessment]:
    """Annotate ``assigned``, ``completed`` (graded) and ``passed`` people per assessment."""
    assigned = (
        Assignment.objects.filter(assessment=OuterRef("pk"))
        .values("assessment")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return assessments.annotate(
        assigned=Coalesce(Subquery(assigned, output_field=IntegerField()), Value(0)),
        completed=_count_of_assignments(
            graded(assignment__assessment=OuterRef("pk")), "assignment__assessment"
        ),
        passed=_count_of_assignments(
            graded(assignment__assessment=OuterRef("pk"), passed=True), "assignment__assessment"
        ),
    )


DRAFT_PENDING = "待发起"
DRAFT_SAMPLING_FAILED = "抽样失败，未发起"
DRAFT_EXPIRED = "逾期未发起"


def assessment_status(assessment: Assessment, *, now: datetime | None = None) -> str:
    now = now or timezone.now()
    if not assessment.is_launched:
        if assessment.sampling_error:
            return DRAFT_SAMPLING_FAILED
        return DRAFT_PENDING if now < assessment.closes_at else DRAFT_EXPIRED
    if now < assessment.opens_at:
        return "未开始"
    return "进行中" if now < assessment.closes_at else "已截止"


def exam_assessments(assessments: QuerySet[Assessment]) -> QuerySet[Assessment]:
    """Routine rounds and surprise tests among ``assessments`` (already scoped to the viewer,
    drafts of the other side excluded); re-tests are per person."""
    return with_stats(
        assessments.exclude(kind=AssessmentKind.RETEST)
        .select_related("blueprint", "launched_by")
        .order_by("-opens_at", "-pk")
    )


def pending_drafts(
    assessments: QuerySet[Assessment], *, now: datetime | None = None
) -> QuerySet[Assessment]:
    """The 待发起 list: surprise drafts still launchable (failed or lapsed ones stay in the
    history with their status)."""
    return assessments.filter(pending_draft_filter(now or timezone.now())).order_by("-created_at")


def totals(assessments: QuerySet[Assessment]) -> RateRow:
    rows = list(assessments)
    return RateRow(
        label="合计",
        assigned=sum(a.assigned for a in rows),
        completed=sum(a.completed for a in rows),
        passed=sum(a.passed for a in rows),
    )


@dataclass(frozen=True)
class EnterpriseExamRow:
    enterprise: Enterprise
    assessments: int
    rates: RateRow
    off_post: int


def jurisdiction_exam_rows(enterprises: QuerySet[Enterprise]) -> list[EnterpriseExamRow]:
    """Per enterprise: assessments held, people assessed, completion and pass, off post."""
    exams = Assessment.objects.filter(enterprise=OuterRef("pk"), is_launched=True).exclude(
        kind=AssessmentKind.RETEST
    )
    in_exams = {
        "assignment__assessment__enterprise": OuterRef("pk"),
        "assignment__assessment__is_launched": True,
    }
    assigned = (
        Assignment.objects.filter(
            assessment__enterprise=OuterRef("pk"), assessment__is_launched=True
        )
        .exclude(assessment__kind=AssessmentKind.RETEST)
        .values("assessment__enterprise")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    graded_here = graded(**in_exams).exclude(assignment__assessment__kind=AssessmentKind.RETEST)
    annotated = enterprises.annotate(
        exam_count=Coalesce(
            Subquery(
                exams.values("enterprise").annotate(n=Count("pk")).values("n")[:1],
                output_field=IntegerField(),
            ),
            Value(0),
        ),
        assigned=Coalesce(Subquery(assigned, output_field=IntegerField()), Value(0)),
        completed=_count_of_assignments(graded_here, "assignment__assessment__enterprise"),
        passed=_count_of_assignments(
            graded_here.filter(passed=True), "assignment__assessment__enterprise"
        ),
        off_post=Count("staff", filter=Q(staff__status=StaffStatus.OFF_POST_TRAINING)),
    ).order_by("name")
    return [
        EnterpriseExamRow(
            enterprise=e,
            assessments=e.exam_count,
            rates=RateRow(e.name, e.assigned, e.completed, e.passed),
            off_post=e.off_post,
        )
        for e in annotated
    ]


def participants(assessment: Assessment) -> QuerySet[Assignment]:
    """Everyone assigned, with their latest attempt's state, score and pass."""
    latest = Attempt.objects.filter(assignment=OuterRef("pk")).order_by("-number")
    return (
        Assignment.objects.filter(assessment=assessment)
        .select_related("staff__user", "staff__department")
        .annotate(
            attempt_id=Subquery(latest.values("pk")[:1]),
            attempt_state=Subquery(latest.values("state")[:1]),
            attempt_deadline=Subquery(latest.values("deadline")[:1]),
            attempt_score=Subquery(latest.values("score")[:1]),
            attempt_passed=Subquery(latest.values("passed")[:1]),
            absence_pk=Subquery(Absence.objects.filter(assignment=OuterRef("pk")).values("pk")[:1]),
            excused=Exists(AbsenceExcuse.objects.filter(absence__assignment=OuterRef("pk"))),
        )
        .order_by("staff__department__name", "staff__employee_no", "pk")
    )


def schedules_of(enterprise: Enterprise) -> QuerySet[RoutineSchedule]:
    latest_round = Assessment.objects.filter(schedule=OuterRef("pk")).order_by("-opens_at")
    return (
        RoutineSchedule.objects.filter(enterprise=enterprise)
        .select_related("blueprint")
        .annotate(
            round_count=Count("rounds", distinct=True),
            latest_round_id=Subquery(latest_round.values("pk")[:1]),
            latest_round_title=Subquery(latest_round.values("title")[:1]),
        )
        .order_by("-active", "blueprint__name", "pk")
    )
