"""What the examinee sees: their open exams, the paper being taken and the review.

The paper never carries an answer: `paper_questions` reads only type, stem and options
out of the frozen version. The review is built only once `review_visible` allows it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, NamedTuple

from django.db import connection
from django.db.models import Exists, Model, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from accounts.models import StaffProfile
from accounts.vocab import StaffStatus
from assessments.bank.answer_keys import corrections_in_force
from assessments.exams.consequences import outcome_policy
from assessments.exams.engine import KeyCorrection, QuestionType, ResponseState, remaining_seconds
from assessments.exams.services.answering import current_responses
from assessments.models import (
    AnswerStep,
    Assessment,
    AssessmentKind,
    Assignment,
    Attempt,
    AttemptSlot,
    AttemptState,
    QuestionVersion,
    ReviewPolicy,
)

TRUE_FALSE_LABELS = {"true": "正确", "false": "错误"}
RESPONSE_STATE_LABELS = {
    ResponseState.CORRECT: "正确",
    ResponseState.PARTIAL: "部分正确",
    ResponseState.WRONG: "错误",
    ResponseState.UNANSWERED: "未作答",
}


# --- the worker's exams -------------------------------------------------------------


@dataclass(frozen=True)
class ExamCard:
    """One exam on a worker's list: open now and still theirs to take or finish."""

    assignment: Assignment
    open_attempt_id: int | None

    @property
    def assessment(self) -> Assessment:
        return self.assignment.assessment

    @property
    def action_label(self) -> str:
        return "继续作答" if self.open_attempt_id else "开始考试"


def start_refusal(
    assignment: Assignment,
    *,
    now: datetime | None = None,
    attempts: Sequence[Attempt] | None = None,
) -> str | None:
    """Why this person may not start (or resume) the exam now, or None when they may.

    The service checks the window and attempts allowed; this adds the training rules: an
    off-post person takes only their unlocked re-test, and a passed exam is not retaken.
    `attempts` saves a query when the caller already holds the assignment's attempts.
    """
    now = now or timezone.now()
    assessment = assignment.assessment
    attempts = list(assignment.attempts.all()) if attempts is None else attempts
    if any(attempt.state == AttemptState.IN_PROGRESS for attempt in attempts):
        return None
    if not assessment.is_launched or now < assessment.opens_at:
        return "考核尚未开始。"
    if now >= assessment.closes_at:
        return "考核已截止，不能再开始作答。"
    if any(attempt.passed for attempt in attempts):
        return "您已通过本次考核。"
    if len(attempts) >= assessment.blueprint.attempts_allowed:
        return "本考核的作答次数已用完。"
    staff = assignment.staff
    if assessment.kind == AssessmentKind.RETEST:
        if not outcome_policy().retest_open(staff, assessment):
            return "复岗考核尚未开放。"
        return None
    if staff.status != StaffStatus.ON_POST:
        return "您正在脱产培训，完成培训学时后参加复岗考核。"
    return None


def pending_exams(staff: StaffProfile, *, now: datetime | None = None) -> list[ExamCard]:
    """The person's open exams they may start or resume, soonest deadline first."""
    now = now or timezone.now()
    in_progress = Attempt.objects.filter(
        assignment=OuterRef("pk"), state=AttemptState.IN_PROGRESS
    ).values("pk")[:1]
    assignments = (
        Assignment.objects.filter(
            staff=staff,
            assessment__is_launched=True,
            assessment__opens_at__lte=now,
        )
        .filter(Q(assessment__closes_at__gt=now) | Exists(in_progress))
        .select_related("assessment__blueprint", "staff")
        .prefetch_related("attempts")
        .annotate(open_attempt_id=Subquery(in_progress))
        .order_by("assessment__closes_at", "pk")
    )
    return [
        ExamCard(assignment=assignment, open_attempt_id=assignment.open_attempt_id)
        for assignment in assignments
        if start_refusal(assignment, now=now) is None
    ]


def finished_attempts(staff: StaffProfile, *, limit: int | None = 10) -> QuerySet[Attempt]:
    attempts = (
        Attempt.objects.filter(assignment__staff=staff)
        .exclude(state=AttemptState.IN_PROGRESS)
        .select_related("assignment__assessment")
        .order_by("-submitted_at", "-pk")
    )
    return attempts[:limit] if limit else attempts


@dataclass(frozen=True)
class WorkerExams:
    """What a worker's home shows: exams to take, recent results, training status."""

    pending: tuple[ExamCard, ...]
    finished: tuple[Attempt, ...]
    # The person's standing beyond exams (off-post progress), from the registered outcome
    # policy; None when there is nothing to show.
    standing: Any = None


def worker_exams(staff: StaffProfile, *, now: datetime | None = None) -> WorkerExams:
    return WorkerExams(
        pending=tuple(pending_exams(staff, now=now)),
        finished=tuple(finished_attempts(staff)),
        standing=outcome_policy().standing(staff),
    )


# --- the paper while it is being taken ----------------------------------------------


@dataclass(frozen=True)
class OptionView:
    key: str
    text: str
    letter: str = ""  # A, B, C… in display order; none for 判断
    chosen: bool = False
    correct: bool = False  # only ever set on the review, never on the paper


@dataclass(frozen=True)
class PaperQuestion:
    """What the in-progress page may show: stem and options, never the answer."""

    number: int
    type: str
    stem: str
    points: Decimal
    options: tuple[OptionView, ...]
    response: tuple[str, ...]
    #: The last saved step the page is rendered with (0: none); see engine.posted.
    step_id: int = 0

    @property
    def type_label(self) -> str:
        return QuestionType(self.type).label

    @property
    def answered(self) -> bool:
        return bool(self.response)

    @property
    def fill_text(self) -> str:
        return self.response[0] if self.response else ""

    @property
    def is_multiple(self) -> bool:
        return self.type == QuestionType.MULTIPLE

    @property
    def is_fill(self) -> bool:
        return self.type == QuestionType.FILL


def option_views(
    option_order: Iterable[str],
    options: list[dict] | None,
    question_type: str,
    *,
    chosen: Iterable[str] = (),
    correct: Iterable[str] = (),
) -> tuple[OptionView, ...]:
    """Options in the frozen display order of the slot."""
    if question_type == QuestionType.FILL:
        return ()
    texts = dict(TRUE_FALSE_LABELS)
    texts.update({option["key"]: option.get("text", "") for option in options or ()})
    chosen, correct = set(chosen), set(correct)
    lettered = question_type != QuestionType.TRUE_FALSE
    return tuple(
        OptionView(
            key=key,
            text=texts.get(key, key),
            letter=chr(ord("A") + i) if lettered else "",
            chosen=key in chosen,
            correct=key in correct,
        )
        for i, key in enumerate(option_order)
    )


class PaperSlot(NamedTuple):
    """One slot of a paper being taken, as stored: what the page shows, never the answer."""

    number: int
    type: str
    stem: str
    options: list[dict] | None
    option_order: list[str]
    points: Decimal
    #: The last saved step (0: none) and its response.
    step_id: int
    response: list[str]


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


# One round trip, no ORM compile (the page is loaded by everyone at the start of a sitting).
_PAPER_SLOTS = f"""
SELECT s.number, v.content ->> 'type', v.content ->> 'stem', v.content -> 'options',
       s.option_order, s.points, coalesce(step.id, 0), coalesce(step.response, '[]'::jsonb)
FROM {_table(AttemptSlot)} s
JOIN {_table(QuestionVersion)} v ON v.id = s.question_version_id
LEFT JOIN LATERAL (
    SELECT a.id, a.response FROM {_table(AnswerStep)} a
    WHERE a.slot_id = s.id ORDER BY a.id DESC LIMIT 1
) step ON true
WHERE s.attempt_id = %s
ORDER BY s.number
"""


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value  # jsonb may come as text


def paper_slots(attempt: Attempt) -> list[PaperSlot]:
    """The slots of an attempt with their last saved answers (one query, plain tuples).

    Only the type, stem and options are read from the frozen version (JSON key lookups in
    SQL), so the answer and explanation never leave the database for the paper.
    """
    with connection.cursor() as cursor:
        cursor.execute(_PAPER_SLOTS, [attempt.pk])
        rows = cursor.fetchall()
    return [
        PaperSlot(number, kind, stem, _json(options), order, points, step, _json(response))
        for number, kind, stem, options, order, points, step, response in rows
    ]


def paper_question(slot: PaperSlot) -> PaperQuestion:
    """One slot as the examinee sees it, with its saved answer (an exam's or a mock's)."""
    return PaperQuestion(
        number=slot.number,
        type=slot.type,
        stem=slot.stem,
        points=slot.points,
        options=option_views(slot.option_order, slot.options, slot.type, chosen=slot.response),
        response=tuple(slot.response),
        step_id=slot.step_id,
    )


def paper_questions(attempt: Attempt) -> list[PaperQuestion]:
    """The questions of an attempt as the examinee sees them, with their saved answers."""
    return [paper_question(slot) for slot in paper_slots(attempt)]


def clock(seconds: int) -> str:
    """12:05 or 1:02:05: the countdown as first rendered by the server."""
    hours, rest = divmod(max(0, seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def seconds_left(attempt: Attempt, *, now: datetime | None = None) -> int:
    """Whole seconds left on the server clock, rounded up, never negative."""
    return remaining_seconds(now or timezone.now(), attempt.deadline) or 0


# --- the result page ----------------------------------------------------------------


@dataclass(frozen=True)
class ReviewItem:
    number: int
    type_label: str
    stem: str
    options: tuple[OptionView, ...]
    given: str
    correct: str
    state: str
    points: Decimal
    points_awarded: Decimal | None
    explanation: str
    basis: str
    provision_title: str
    provision_url: str
    key_note: str = ""  # set when the answer key was corrected after the exam

    @property
    def state_label(self) -> str:
        return RESPONSE_STATE_LABELS.get(self.state, "未评分")

    @property
    def is_correct(self) -> bool:
        return self.state == ResponseState.CORRECT


def answer_text(question_type: str, keys: Iterable[str]) -> str:
    keys = list(keys)
    if not keys:
        return "未作答"
    if question_type == QuestionType.TRUE_FALSE:
        return "、".join(TRUE_FALSE_LABELS.get(key, key) for key in keys)
    if question_type == QuestionType.FILL:
        return "；".join(keys)
    return "".join(sorted(keys))


def review_visible(attempt: Attempt, *, now: datetime | None = None) -> bool:
    """Whether the blueprint's review policy lets the answers be shown now."""
    if attempt.state != AttemptState.GRADED:
        return False
    assessment = attempt.assignment.assessment
    policy = assessment.blueprint.review_policy
    if policy == ReviewPolicy.AFTER_SUBMIT:
        return True
    if policy == ReviewPolicy.AFTER_CLOSE:
        return (now or timezone.now()) >= assessment.closes_at
    return False


def correction_note(correction: KeyCorrection | None) -> str:
    if correction is None:
        return ""
    if correction.full_marks:
        return "本题已更正为所有考生得分。"
    return "本题标准答案已更正，已按更正后的答案重新评分。"


def review_item(
    *,
    number: int,
    version: QuestionVersion,
    option_order: Sequence[str],
    given: Sequence[str],
    state: str,
    points: Decimal,
    points_awarded: Decimal | None,
    correction: KeyCorrection | None,
) -> ReviewItem:
    """One graded slot (an exam's or a mock's) with the given and correct answers,
    explanation and 依据 link. ``version`` needs its ``source_provision__page`` loaded."""
    content = version.content
    question_type = content["type"]
    answer_key = list(correction.answer) if correction and correction.answer else content["answer"]
    # Letters are shown in the slot's display order, as the examinee saw them.
    display = {key: chr(ord("A") + i) for i, key in enumerate(option_order)}
    if question_type in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        given_keys = [display.get(key, key) for key in given]
        correct_keys = [display.get(key, key) for key in answer_key]
    else:
        given_keys, correct_keys = list(given), answer_key
    provision = version.source_provision
    return ReviewItem(
        number=number,
        type_label=QuestionType(question_type).label,
        stem=content["stem"],
        options=option_views(
            option_order, content.get("options"), question_type, chosen=given, correct=answer_key
        ),
        given=answer_text(question_type, given_keys),
        correct=answer_text(question_type, correct_keys),
        state=state,
        points=points,
        points_awarded=points_awarded,
        explanation=content.get("explanation", ""),
        basis=content.get("basis", ""),
        provision_title=f"《{provision.page.title}》{provision.label}" if provision else "",
        provision_url=provision.get_absolute_url() if provision else "",
        key_note=correction_note(correction),
    )


def review_items(attempt: Attempt) -> list[ReviewItem]:
    """Every question with the given and correct answers, explanation and 依据 link.

    Call only after `review_visible` said yes.
    """
    responses = current_responses(attempt)
    slots = list(
        attempt.slots.select_related("question_version__source_provision__page").order_by("number")
    )
    corrections = corrections_in_force(slot.question_version_id for slot in slots)
    return [
        review_item(
            number=slot.number,
            version=slot.question_version,
            option_order=slot.option_order,
            given=responses.get(slot.number, []),
            state=slot.result_state,
            points=slot.points,
            points_awarded=slot.points_awarded,
            correction=corrections.get(slot.question_version_id),
        )
        for slot in slots
    ]
