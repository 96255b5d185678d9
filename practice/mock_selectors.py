"""What the 模拟考试 pages read: which exam a person's mock copies, the questions a mock
may not draw, the paper while it is taken (never an answer) and the review after it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, OuterRef
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.utils import timezone

from accounts.models import StaffProfile
from assessments.bank.answer_keys import corrections_in_force
from assessments.exams.engine import remaining_seconds
from assessments.exams.selectors.examinee import (
    PaperQuestion,
    PaperSlot,
    ReviewItem,
    paper_question,
    review_item,
)
from assessments.models import (
    Assessment,
    Assignment,
    Attempt,
    ExamBlueprint,
    PreparedPaper,
    QuestionVersion,
    RoutineSchedule,
)
from practice.models import MockPaper, MockSlot

#: Past mocks listed on the mock page.
HISTORY = 10


@dataclass(frozen=True)
class MockTarget:
    """The exam a mock copies: the person's next assigned one, else their layer's routine
    assessment (``assessment`` is None then)."""

    blueprint: ExamBlueprint
    assessment: Assessment | None = None

    @property
    def title(self) -> str:
        if self.assessment is not None:
            return self.assessment.title
        return f"常态化考核：{self.blueprint.name}"


def next_assignment(staff: StaffProfile, *, now: datetime) -> Assignment | None:
    """The person's next exam not yet passed: launched, not closed, soonest first.

    A surprise test is never shown before its launch, so neither is its mock.
    """
    passed = Attempt.objects.filter(assignment=OuterRef("pk"), passed=True)
    return (
        Assignment.objects.filter(
            staff=staff, assessment__is_launched=True, assessment__closes_at__gt=now
        )
        .exclude(Exists(passed))
        .select_related("assessment__blueprint")
        .order_by("assessment__opens_at", "assessment__closes_at", "pk")
        .first()
    )


def blueprint_fits(blueprint: ExamBlueprint, staff: StaffProfile) -> bool:
    """Whether a routine blueprint is for this person's layer (an empty filter is everyone),
    as a round assigns it (``services.launching.matching_staff``), whatever their status."""
    return (
        (not blueprint.levels or staff.level in blueprint.levels)
        and (not blueprint.specialties or staff.specialty in blueprint.specialties)
        and (not blueprint.posts or staff.post in blueprint.posts)
        and (
            not (departments := {d.pk for d in blueprint.departments.all()})
            or staff.department_id in departments
        )
    )


def mock_target(staff: StaffProfile, *, now: datetime | None = None) -> MockTarget | None:
    now = now or timezone.now()
    assignment = next_assignment(staff, now=now)
    if assignment is not None:
        return MockTarget(assignment.assessment.blueprint, assignment.assessment)
    if staff.enterprise_id is None:
        return None
    schedules = (
        RoutineSchedule.objects.filter(enterprise_id=staff.enterprise_id, active=True)
        .select_related("blueprint")
        .prefetch_related("blueprint__departments")
        .order_by("pk")
    )
    for schedule in schedules:
        if blueprint_fits(schedule.blueprint, staff):
            return MockTarget(schedule.blueprint)
    return None


def papers_drawn_ahead(staff: StaffProfile, *, now: datetime | None = None) -> dict[int, set[int]]:
    """The person's papers drawn ahead for exams they have not started (prepared paper id →
    its question ids). A mock draws their questions last: the answers shown after it would
    be those of the real paper."""
    now = now or timezone.now()
    papers = dict(
        PreparedPaper.objects.filter(
            assignment__staff=staff, assignment__assessment__closes_at__gt=now
        ).values_list("pk", "slots")
    )
    version_ids = {slot["v"] for slots in papers.values() for slot in slots}
    question_of = dict(
        QuestionVersion.objects.filter(pk__in=version_ids).values_list("pk", "question_id")
    )
    return {
        pk: {question_of[slot["v"]] for slot in slots if slot["v"] in question_of}
        for pk, slots in papers.items()
    }


def voided_versions(version_ids: Sequence[int]) -> set[int]:
    """Versions whose key was corrected to "everyone scores": the question was found
    ambiguous or wrong, so a mock has nothing to teach with it."""
    return {v for v, c in corrections_in_force(version_ids).items() if c.full_marks}


def mock_history(staff: StaffProfile) -> list[MockPaper]:
    return list(MockPaper.objects.filter(staff=staff).order_by("-started_at", "-pk")[:HISTORY])


def open_mock(staff: StaffProfile, *, now: datetime | None = None) -> MockPaper | None:
    """The person's mock still within its time (开始 resumes it)."""
    return (
        MockPaper.objects.filter(staff=staff, submitted_at=None, deadline__gt=now or timezone.now())
        .order_by("-started_at")
        .first()
    )


# --- the paper while it is being taken ----------------------------------------------


def mock_slots(paper: MockPaper) -> list[PaperSlot]:
    """The paper's slots with their answers, as the exam's paper reads them: stem and
    options as JSON key lookups, so the answer and explanation never leave the database
    for this page. A mock keeps no answer history: no step (0)."""
    rows = (
        MockSlot.objects.filter(paper=paper)
        .order_by("number")
        .values_list(
            "number",
            KeyTextTransform("type", "question_version__content"),
            KeyTextTransform("stem", "question_version__content"),
            KeyTransform("options", "question_version__content"),
            "option_order",
            "points",
            "response",
        )
    )
    return [
        PaperSlot(number, kind, stem, options, order, points, 0, response)
        for number, kind, stem, options, order, points, response in rows
    ]


def mock_questions(paper: MockPaper) -> list[PaperQuestion]:
    return [paper_question(slot) for slot in mock_slots(paper)]


def seconds_left(paper: MockPaper, *, now: datetime | None = None) -> int:
    return remaining_seconds(now or timezone.now(), paper.deadline) or 0


# --- the review ---------------------------------------------------------------------


def mock_review(paper: MockPaper) -> list[ReviewItem]:
    """Every question with the given and correct answers, explanation and 依据, shown as
    the exam's review shows them. Only for a submitted mock."""
    slots = list(
        paper.slots.select_related("question_version__source_provision__page").order_by("number")
    )
    corrections = corrections_in_force(slot.question_version_id for slot in slots)
    return [
        review_item(
            number=slot.number,
            version=slot.question_version,
            option_order=slot.option_order,
            given=slot.response,
            state=slot.result_state,
            points=slot.points,
            points_awarded=slot.points_awarded,
            correction=corrections.get(slot.question_version_id),
        )
        for slot in slots
    ]
