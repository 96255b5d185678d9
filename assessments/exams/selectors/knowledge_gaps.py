"""知识薄弱点: graded answers per cited provision × post or department (the heat map), and
what is behind one cell (its questions, the people who got them wrong).

A graded answer is item statistics' (``selectors.item_statistics``): a slot of a graded
**first** attempt (a second attempt repeats what the person has seen). It is right when
it scored full marks (``result_state`` = correct). Its provision is the one the question
version cited when it was asked, or the question's current one when that version cited
none (a basis linked later still names what the question tests). Posts and departments
are the people's current ones.

The callers scope: ``enterprises`` is an already-scoped queryset (``accounts.scoping``),
and the people listed come from ``visible_staff``. The grid is one aggregate query.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from django.db.models import Avg, CharField, Count, F, Q, QuerySet, Value
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from accounts.models import Department, Enterprise, StaffProfile
from assessments.exams.engine.knowledge_gaps import (
    MIN_ANSWERS,
    GapCount,
    GapGrid,
    Period,
    build_grid,
)
from assessments.exams.engine.types import LabelledEnum, QuestionType, ResponseState
from assessments.models import AttemptSlot, AttemptState

#: Shown for people with no post or no department.
NO_POST = "未填岗位"
NO_DEPARTMENT = "未分配部门"

_STAFF = "attempt__assignment__staff"


class Axis(LabelledEnum):
    """The grid's columns."""

    POST = "post", "岗位"
    DEPARTMENT = "department", "部门/班组"

    @classmethod
    def parse(cls, value: str | None) -> Axis:
        """The axis a ``?axis=`` value names; posts for anything else."""
        return cls.DEPARTMENT if value == cls.DEPARTMENT.value else cls.POST


def period_bounds(period: Period) -> tuple[datetime, datetime]:
    """The period's days as aware datetimes in the site's time zone (end excluded)."""
    zone = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.combine(period.start, time.min), zone),
        timezone.make_aware(datetime.combine(period.end, time.min), zone),
    )


def graded_answers(enterprises: QuerySet[Enterprise], period: Period) -> QuerySet[AttemptSlot]:
    """Slots of graded first attempts in ``enterprises``' assessments graded within
    ``period`` whose question cites a provision, annotated with ``provision_id``."""
    start, end = period_bounds(period)
    return (
        AttemptSlot.objects.filter(
            attempt__state=AttemptState.GRADED,
            attempt__number=1,
            attempt__graded_at__gte=start,
            attempt__graded_at__lt=end,
            attempt__assignment__assessment__enterprise__in=enterprises.values("pk"),
        )
        .annotate(
            provision_id=Coalesce(
                "question_version__source_provision_id",
                "question_version__question__source_provision_id",
            )
        )
        .filter(provision_id__isnull=False)
    )


def column_key(axis: Axis):
    """The column key as text: the post, or the department id ("" for none)."""
    if axis == Axis.POST:
        return F(f"{_STAFF}__post")
    return Coalesce(Cast(f"{_STAFF}__department_id", CharField()), Value(""))


_RIGHT = Q(result_state=ResponseState.CORRECT.value)


def gap_count_query(answers: QuerySet[AttemptSlot], axis: Axis) -> QuerySet:
    """The heat map's one query: answers and right answers per (provision, column)."""
    return (
        answers.annotate(column=column_key(axis))
        .values("provision_id", "column")
        .annotate(answers=Count("pk"), correct=Count("pk", filter=_RIGHT))
        .order_by()
        .values_list("provision_id", "column", "answers", "correct")
    )


def gap_counts(answers: QuerySet[AttemptSlot], axis: Axis) -> list[GapCount]:
    return [
        GapCount(provision, column or "", n, right)
        for provision, column, n, right in gap_count_query(answers, axis)
    ]


def gap_grid(
    enterprises: QuerySet[Enterprise],
    period: Period,
    axis: Axis,
    *,
    min_answers: int = MIN_ANSWERS,
) -> GapGrid:
    return build_grid(
        gap_counts(graded_answers(enterprises, period), axis), min_answers=min_answers
    )


@dataclass(frozen=True)
class ProvisionLabel:
    pk: int
    document: str  # the regulation's title (or 文号 when it has one)
    label: str  # 第二十八条 / （一） with its heading

    def __str__(self) -> str:
        return f"{self.document} {self.label}"


def provision_labels(ids) -> dict[int, ProvisionLabel]:
    """One query: each provision's regulation and label."""
    from content.regulations.models import Provision

    rows = Provision.objects.filter(pk__in=list(ids)).values_list(
        "pk", "label", "heading", "page__title", "page__doc_number"
    )
    return {
        pk: ProvisionLabel(pk, doc_number or title, f"{label}{heading}" if heading else label)
        for pk, label, heading, title, doc_number in rows
    }


def column_labels(axis: Axis, keys, *, with_enterprise: bool = False) -> dict[str, str]:
    """Each column key's label: the post as is, or the department's name (with its
    enterprise's in front when the grid spans several); one query for departments."""
    keys = list(keys)
    if axis == Axis.POST:
        return {key: key or NO_POST for key in keys}
    ids = [int(key) for key in keys if key.isdigit()]
    names = {
        str(pk): f"{enterprise} · {name}" if with_enterprise else name
        for pk, name, enterprise in Department.objects.filter(pk__in=ids).values_list(
            "pk", "name", "enterprise__name"
        )
    }
    return {key: names.get(key, NO_DEPARTMENT) for key in keys}


def in_cell(answers: QuerySet[AttemptSlot], provision_id: int, axis: Axis, column: str):
    """``answers`` narrowed to one cell; None when ``column`` cannot be a key of ``axis``."""
    answers = answers.filter(provision_id=provision_id)
    if axis == Axis.POST:
        return answers.filter(**{f"{_STAFF}__post": column})
    if column == "":
        return answers.filter(**{f"{_STAFF}__department__isnull": True})
    if not column.isdigit():
        return None
    return answers.filter(**{f"{_STAFF}__department_id": int(column)})


@dataclass(frozen=True)
class CellQuestion:
    question_id: int
    stem: str
    type_label: str
    answers: int
    correct: int
    facility: float  # mean fraction of the points scored, as item statistics computes it

    @property
    def wrong(self) -> int:
        return self.answers - self.correct


def cell_questions(answers: QuerySet[AttemptSlot]) -> list[CellQuestion]:
    """One query: the cell's questions (their current stem), least often right first."""
    rows = (
        answers.values("question_version__question_id")
        .annotate(
            answers=Count("pk"),
            correct=Count("pk", filter=_RIGHT),
            facility=Avg("fraction"),
        )
        .order_by()
        .values_list(
            "question_version__question_id",
            "question_version__question__stem",
            "question_version__question__type",
            "answers",
            "correct",
            "facility",
        )
    )
    questions = [
        CellQuestion(pk, stem, QuestionType(kind).label, n, right, float(facility or 0))
        for pk, stem, kind, n, right, facility in rows
    ]
    return sorted(questions, key=lambda q: (q.correct / q.answers, -q.answers, q.question_id))


@dataclass(frozen=True)
class CellPerson:
    staff_id: int
    name: str
    enterprise: str
    department: str
    post: str
    answers: int
    wrong: int


def cell_people(answers: QuerySet[AttemptSlot], staff: QuerySet[StaffProfile]) -> list[CellPerson]:
    """One query: the people of ``staff`` with at least one answer in the cell that was
    not right, most wrong answers first."""
    rows = (
        answers.filter(**{f"{_STAFF}__in": staff.values("pk")})
        .values(f"{_STAFF}_id")
        .annotate(answers=Count("pk"), wrong=Count("pk", filter=~_RIGHT))
        .filter(wrong__gt=0)
        .order_by()
        .values_list(
            f"{_STAFF}_id",
            f"{_STAFF}__user__first_name",
            f"{_STAFF}__user__last_name",
            f"{_STAFF}__user__username",
            f"{_STAFF}__enterprise__name",
            f"{_STAFF}__department__name",
            f"{_STAFF}__post",
            "answers",
            "wrong",
        )
    )
    people = [
        CellPerson(
            staff_id=pk,
            # As ``StaffProfile.display_name``: the full name, else the login.
            name=f"{first} {last}".strip() or username,
            enterprise=enterprise or "",
            department=department or NO_DEPARTMENT,
            post=post or NO_POST,
            answers=n,
            wrong=wrong,
        )
        for pk, first, last, username, enterprise, department, post, n, wrong in rows
    ]
    return sorted(people, key=lambda p: (-p.wrong, p.name, p.staff_id))
