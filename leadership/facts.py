"""The measured facts of a leadership check, read from the product's records.

Each fact is a ``scoring.Fact``: a figure (percentage, or 1/0 for yes/no) and the words
saying where it comes from. A source that is not there (a feature not yet built, no
records this year) gives ``Fact.missing``: the scorecard shows "无数据", never an
invented figure.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Exists, OuterRef, QuerySet

from accounts.models import Department, StaffProfile
from accounts.vocab import Level, Role, StaffStatus
from assessments.exams.selectors.results import DIMENSIONS, Breakdown, graded
from assessments.exams.selectors.results import results_breakdown as exam_results_breakdown
from assessments.models import AssessmentKind, Assignment
from leadership.plan_rules import CommitmentState
from leadership.scoring import Fact, Measure
from leadership.selectors import (
    commitment_status,
    plan_completion,
    problems_closed_on_time_share,
)
from training.certificate_status import certificate_gaps
from training.compliance import people_short_of_hours
from training.models.plans import PlanStatus as TrainingPlanStatus
from training.models.plans import TrainingPlan
from training.plan_progress import month_ended
from training.plan_selectors import plan_lines, plan_progress

HUNDRED = Decimal(100)
CENT = Decimal("0.1")


def _pct(part: int | Decimal, whole: int | Decimal) -> Decimal:
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(CENT, rounding=ROUND_HALF_UP)


def _num(value: Decimal) -> str:
    """72.00 → "72", 7.50 → "7.5" (never "7E+1")."""
    return format(value.normalize(), "f")


def is_principal(staff: StaffProfile) -> bool:
    return staff.level == Level.PRINCIPAL or staff.role == Role.PRINCIPAL


def staff_scope(subject: StaffProfile) -> QuerySet[StaffProfile]:
    """The people a leader answers for: a principal the whole enterprise, another leader
    their department and the departments under it (the enterprise when they have none).
    People who left are not counted."""
    staff = StaffProfile.objects.filter(enterprise_id=subject.enterprise_id).exclude(
        status=StaffStatus.LEFT
    )
    if is_principal(subject) or subject.department_id is None:
        return staff
    ids, frontier = {subject.department_id}, [subject.department_id]
    while frontier:
        frontier = list(
            Department.objects.filter(parent_id__in=frontier)
            .exclude(pk__in=ids)
            .values_list("pk", flat=True)
        )
        ids.update(frontier)
    return staff.filter(department_id__in=ids)


def pass_rate(staff: QuerySet[StaffProfile], kind: str, year: int) -> Fact:
    """People-sittings of ``kind`` opened in ``year`` that were graded, and how many passed."""
    sittings = Assignment.objects.filter(
        staff__in=staff,
        assessment__kind=kind,
        assessment__is_launched=True,
        assessment__opens_at__year=year,
    ).annotate(
        done=Exists(graded(assignment=OuterRef("pk"))),
        ok=Exists(graded(assignment=OuterRef("pk"), passed=True)),
    )
    done = ok = 0
    for finished, passed in sittings.values_list("done", "ok"):
        done += finished
        ok += passed
    if not done:
        return Fact.missing(f"{year}年无已评分的{AssessmentKind(kind).label}")
    return Fact(_pct(ok, done), f"{done} 人次参考，{ok} 人次合格")


def off_post_share(staff: QuerySet[StaffProfile]) -> Fact:
    total = staff.count()
    if not total:
        return Fact.missing("无在职人员")
    off = staff.filter(status=StaffStatus.OFF_POST_TRAINING).count()
    return Fact(_pct(off, total), f"在职 {total} 人，脱产培训 {off} 人")


def own_test_score(subject: StaffProfile, year: int) -> Fact:
    """The leader's latest graded exam of the year drawn for their own level."""
    attempt = (
        graded(
            assignment__staff=subject,
            assignment__assessment__blueprint__levels__contains=[subject.level],
            graded_at__year=year,
        )
        .select_related("assignment__assessment")
        .order_by("-graded_at", "-pk")
        .first()
    )
    if attempt is None or attempt.score is None or not attempt.total_points:
        return Fact.missing(f"{year}年无本人层级考核成绩")
    title = attempt.assignment.assessment.title
    return Fact(
        _pct(attempt.score, attempt.total_points),
        f"{title}：{_num(attempt.score)} / {_num(attempt.total_points)} 分"
        f"（{'合格' if attempt.passed else '不合格'}）",
    )


def _share_of_people(ids: set[int], staff: QuerySet[StaffProfile], what: str) -> Fact:
    total = staff.count()
    if not total:
        return Fact.missing("无在职人员")
    return Fact(_pct(len(ids), total), f"在职 {total} 人，{what} {len(ids)} 人")


def certificate_gap_people(staff: QuerySet[StaffProfile], on: dt.date) -> set[int]:
    return {gap.person.pk for gap in certificate_gaps(staff, on)}


def short_of_hours_people(staff: QuerySet[StaffProfile], year: int) -> set[int]:
    return {row.staff.pk for row in people_short_of_hours(staff, year)}


def certificate_gap_share(staff: QuerySet[StaffProfile], on: dt.date) -> Fact:
    return _share_of_people(certificate_gap_people(staff, on), staff, "持证有缺口")


def short_of_hours_share(staff: QuerySet[StaffProfile], year: int) -> Fact:
    return _share_of_people(short_of_hours_people(staff, year), staff, "学时不足")


def training_plan_facts(
    subject: StaffProfile, year: int, on: dt.date | None = None
) -> dict[Measure, Fact]:
    """The enterprise's yearly training plan: approved, and the share of the hours due
    so far (lines whose month has ended) that were delivered."""
    today = on or dt.date.today()
    plans = TrainingPlan.objects.filter(enterprise_id=subject.enterprise_id, year=year)
    plan = plans.filter(status=TrainingPlanStatus.APPROVED).order_by("-revision").first()
    if plan is None:
        words = f"{year}年培训计划未审批" if plans.exists() else f"{year}年未编制培训计划"
        return {
            Measure.TRAINING_PLAN_APPROVED: Fact(Decimal(0), words),
            Measure.TRAINING_DELIVERY: Fact.missing(words),
        }
    approved = Fact(Decimal(1), f"第 {plan.revision} 版已审批")
    progress = plan_progress(plan, plan_lines(plan), today)
    due = [line for line in progress.lines if month_ended(year, line.line.month, today)]
    planned = sum((line.line.hours for line in due), Decimal(0))
    if not planned:
        return {
            Measure.TRAINING_PLAN_APPROVED: approved,
            Measure.TRAINING_DELIVERY: Fact.missing("尚无到期的计划培训"),
        }
    counted = sum((line.counted for line in due), Decimal(0))
    return {
        Measure.TRAINING_PLAN_APPROVED: approved,
        Measure.TRAINING_DELIVERY: Fact(
            _pct(counted, planned), f"到期计划 {_num(planned)} 学时，已完成 {_num(counted)} 学时"
        ),
    }


COMMITMENT_FACTS = {
    CommitmentState.ON_TIME: (Decimal(1), "已按时签订"),
    CommitmentState.LATE: (Decimal(0), "逾期后签订"),
    CommitmentState.OVERDUE: (Decimal(0), "逾期未签订"),
}


def commitment_fact(subject: StaffProfile, year: int, on: dt.date | None = None) -> Fact:
    status = commitment_status(subject, year, on=on)
    due = f"（应于 {status.due_date:%Y-%m-%d} 前签订）" if status.due_date else ""
    if status.state in COMMITMENT_FACTS:
        value, words = COMMITMENT_FACTS[status.state]
        return Fact(value, words + due)
    if status.state == CommitmentState.PENDING:
        return Fact.missing(f"未到签订期限{due}")
    return Fact.missing(f"{year}年未下达安全承诺书")


def plan_fact(subject: StaffProfile, year: int, on: dt.date | None = None) -> Fact:
    done = plan_completion(subject, year, on=on)
    if done.plan is None:
        return Fact.missing(f"{year}年无个人安全行动计划")
    if done.percent is None:
        return Fact.missing("计划尚无到期的目标")
    target = format(done.completion.target.normalize(), "f")
    return Fact(
        Decimal(done.percent),
        f"完成 {done.completion.done} 次，目标 {target} 次（计划{done.plan.get_status_display()}）",
    )


def problems_fact(subject: StaffProfile, year: int, on: dt.date | None = None) -> Fact:
    share = problems_closed_on_time_share(subject, year, on=on)
    if share is None:
        return Fact.missing(f"{year}年本人发现的问题尚无到期的")
    percent = (share * HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)
    return Fact(percent, f"到期问题按期关闭 {_num(percent)}%")


def leadership_facts(
    subject: StaffProfile, year: int, on: dt.date | None = None
) -> dict[Measure, Fact]:
    """Commitment, action plan and problems, from the leadership register."""
    return {
        Measure.COMMITMENT_ON_TIME: commitment_fact(subject, year, on),
        Measure.PLAN_COMPLETION: plan_fact(subject, year, on),
        Measure.PROBLEMS_CLOSED_ON_TIME: problems_fact(subject, year, on),
    }


def measured_facts(subject: StaffProfile, year: int, *, on: dt.date) -> dict[Measure, Fact]:
    """Every measured fact for ``subject``'s check of ``year``, as of ``on``."""
    staff = staff_scope(subject)
    return {
        **leadership_facts(subject, year, on),
        **training_plan_facts(subject, year, on),
        Measure.ROUTINE_PASS_RATE: pass_rate(staff, AssessmentKind.ROUTINE, year),
        Measure.SURPRISE_PASS_RATE: pass_rate(staff, AssessmentKind.SURPRISE, year),
        Measure.OFF_POST_SHARE: off_post_share(staff),
        Measure.CERTIFICATE_GAP_SHARE: certificate_gap_share(staff, on),
        Measure.SHORT_OF_HOURS_SHARE: short_of_hours_share(staff, year),
        Measure.OWN_TEST_SCORE: own_test_score(subject, year),
    }


# --- staff results for the principal's page ------------------------------------------


def _sittings(staff: QuerySet[StaffProfile], year: int) -> QuerySet[Assignment]:
    """Routine and surprise sittings opened in ``year`` with a graded attempt."""
    return Assignment.objects.filter(
        staff__in=staff,
        assessment__kind__in=(AssessmentKind.ROUTINE, AssessmentKind.SURPRISE),
        assessment__is_launched=True,
        assessment__opens_at__year=year,
    ).filter(Exists(graded(assignment=OuterRef("pk"))))


def results_breakdown(staff: QuerySet[StaffProfile], year: int) -> list[Breakdown]:
    """Pass figures of the year's graded routine and surprise sittings by level, post and
    department, in one query (each row's ``completed`` is its sittings)."""
    return exam_results_breakdown(_sittings(staff, year))


def people_in_group(
    staff: QuerySet[StaffProfile], year: int, dimension: str, value: str, *, failed: bool
) -> QuerySet[StaffProfile]:
    """The people behind a breakdown row: who sat (or who failed) in that group."""
    field = DIMENSIONS[dimension][1]
    if dimension == "department" and not value:
        group = staff.filter(department__isnull=True)
    else:
        group = staff.filter(**{field: value})
    sittings = _sittings(group, year)
    if failed:
        sittings = sittings.exclude(Exists(graded(assignment=OuterRef("pk"), passed=True)))
    return group.filter(pk__in=sittings.values("staff_id")).select_related("user", "department")
