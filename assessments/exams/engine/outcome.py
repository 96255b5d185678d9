"""Grading a whole attempt and deciding pass/fail (a fail sends the worker to 脱岗培训)."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from assessments.exams.engine.blueprint import POINTS_QUANTUM
from assessments.exams.engine.drawing import Slot
from assessments.exams.engine.grading import grade_response
from assessments.exams.engine.types import (
    MultipleScoring,
    QuestionSnapshot,
    ResponseState,
    as_decimal,
)

__all__ = [
    "PASS_TOLERANCE",
    "AnsweredSlot",
    "AttemptResult",
    "SlotResult",
    "grade_attempt",
    "summarise_attempt",
]

# A score passes when score >= pass_mark - PASS_TOLERANCE: exactly 80 passes, 79.99 fails.
PASS_TOLERANCE = Decimal("1e-9")


class AnsweredSlot(NamedTuple):
    """A slot, the question version it points at, and the worker's last saved response."""

    slot: Slot
    question: QuestionSnapshot
    response: Sequence[str] | None


@dataclass(frozen=True, slots=True)
class SlotResult:
    number: int
    question_id: int
    version_id: int
    max_points: Decimal
    fraction: Decimal
    points_awarded: Decimal
    state: ResponseState
    is_correct: bool


@dataclass(frozen=True, slots=True)
class AttemptResult:
    """``score`` is in points (0..total, to the cent); ``percent`` is for display only."""

    score: Decimal
    percent: Decimal
    passed: bool
    per_slot: tuple[SlotResult, ...]
    unanswered_count: int
    correct_count: int
    pass_mark: Decimal
    total_points: Decimal


def grade_attempt(
    slots_with_snapshots_and_responses: Iterable[
        AnsweredSlot | tuple[Slot, QuestionSnapshot, Sequence[str] | None]
    ],
    pass_mark: Decimal | int | str,
    total_points: Decimal | int | str,
    multiple_scoring: MultipleScoring | str = MultipleScoring.ALL_OR_NOTHING,
) -> AttemptResult:
    """Grade every slot and total the score; unanswered slots score 0.

    Raises ``ValueError`` when a snapshot is not the version its slot points at, slot
    numbers repeat, or slot points do not add up to ``total_points`` — all caller bugs.
    """
    pass_mark = as_decimal(pass_mark, "及格分")
    total_points = as_decimal(total_points, "试卷总分")
    if total_points <= 0:
        raise ValueError(f"试卷总分须大于0，当前为{total_points}")
    if not 0 < pass_mark <= total_points:
        raise ValueError(f"及格分须大于0且不超过试卷总分{total_points}，当前为{pass_mark}")

    answered = sorted(
        (AnsweredSlot(*item) for item in slots_with_snapshots_and_responses),
        key=lambda item: item.slot.number,
    )
    _check_consistency(answered, total_points)

    per_slot = []
    for slot, question, response in answered:
        graded = grade_response(question, response, slot.points, multiple_scoring)
        per_slot.append(
            SlotResult(
                number=slot.number,
                question_id=slot.question_id,
                version_id=slot.version_id,
                max_points=slot.points,
                fraction=graded.fraction,
                points_awarded=graded.points_awarded,
                state=graded.state,
                is_correct=graded.is_correct,
            )
        )

    return summarise_attempt(per_slot, pass_mark, total_points)


def summarise_attempt(
    per_slot: Sequence[SlotResult], pass_mark: Decimal, total_points: Decimal
) -> AttemptResult:
    """Total graded slots into a score and decide pass/fail (shared with regrading)."""
    raw = sum((result.points_awarded for result in per_slot), Decimal(0))
    score = min(max(raw, Decimal(0)), total_points).quantize(POINTS_QUANTUM, rounding=ROUND_HALF_UP)
    percent = (score * 100 / total_points).quantize(POINTS_QUANTUM, rounding=ROUND_HALF_UP)
    return AttemptResult(
        score=score,
        percent=percent,
        passed=score >= pass_mark - PASS_TOLERANCE,
        per_slot=tuple(per_slot),
        unanswered_count=sum(r.state is ResponseState.UNANSWERED for r in per_slot),
        correct_count=sum(r.is_correct for r in per_slot),
        pass_mark=pass_mark,
        total_points=total_points,
    )


def _check_consistency(answered: Sequence[AnsweredSlot], total_points: Decimal) -> None:
    numbers = [item.slot.number for item in answered]
    if len(set(numbers)) != len(numbers):
        raise ValueError(f"题号重复：{numbers}")
    for slot, question, _response in answered:
        if (slot.question_id, slot.version_id) != (question.question_id, question.version_id):
            raise ValueError(
                f"第{slot.number}题指向题目{slot.question_id}版本{slot.version_id}，"
                f"但提供的是题目{question.question_id}版本{question.version_id}"
            )
    slot_total = sum((item.slot.points for item in answered), Decimal(0))
    if slot_total != total_points:
        raise ValueError(f"各题分值合计{slot_total}分，与试卷总分{total_points}分不符")
