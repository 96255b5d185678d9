"""Regrading after an answer-key correction: the same grading, with the corrected key.

A correction never edits a frozen question version (the paper must re-render as it was
sat); it is layered over the version: either a new key, or full marks for everyone who
had the question (ambiguous or defective), answered or not. Grading with a correction in
force is what both submitting and regrading do, so a paper submitted after a correction
and one regraded by it score the same.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum

from assessments.exams.engine.drawing import Slot
from assessments.exams.engine.outcome import (
    AnsweredSlot,
    AttemptResult,
    SlotResult,
    grade_attempt,
    summarise_attempt,
)
from assessments.exams.engine.types import (
    MultipleScoring,
    QuestionSnapshot,
    ResponseState,
    as_decimal,
)

__all__ = [
    "Flip",
    "KeyCorrection",
    "ScoreChange",
    "corrected_question",
    "grade_with_corrections",
    "score_change",
]


@dataclass(frozen=True, slots=True)
class KeyCorrection:
    """The key in force for one question version: a new ``answer`` or ``full_marks``."""

    version_id: int
    answer: tuple[str, ...] = ()
    full_marks: bool = False

    def __post_init__(self) -> None:
        if isinstance(self.answer, str):
            raise TypeError(f"答案须为字符串序列，不能是单个字符串：{self.answer!r}")
        object.__setattr__(self, "answer", tuple(self.answer))
        if self.full_marks == bool(self.answer):
            raise ValueError("更正须是新答案或“所有考生得分”，二者取其一")


def corrected_question(
    question: QuestionSnapshot, correction: KeyCorrection | None
) -> QuestionSnapshot:
    """``question`` with the corrected key (re-validated against its options).

    A full-marks correction keeps the key: the points are given after grading.
    """
    if correction is None or correction.full_marks:
        return question
    if correction.version_id != question.version_id:
        raise ValueError(f"更正针对版本{correction.version_id}，但题目是版本{question.version_id}")
    return replace(question, answer=correction.answer)


def grade_with_corrections(
    slots_with_snapshots_and_responses: Iterable[
        AnsweredSlot | tuple[Slot, QuestionSnapshot, Sequence[str] | None]
    ],
    pass_mark: Decimal | int | str,
    total_points: Decimal | int | str,
    multiple_scoring: MultipleScoring | str = MultipleScoring.ALL_OR_NOTHING,
    corrections: Mapping[int, KeyCorrection] | None = None,
) -> AttemptResult:
    """``grade_attempt`` with the corrections in force (version id → correction)."""
    corrections = corrections or {}
    answered = [
        AnsweredSlot(slot, corrected_question(question, corrections.get(question.version_id)), r)
        for slot, question, r in (
            AnsweredSlot(*item) for item in slots_with_snapshots_and_responses
        )
    ]
    result = grade_attempt(answered, pass_mark, total_points, multiple_scoring)
    full_marks = {vid for vid, correction in corrections.items() if correction.full_marks}
    if not any(item.version_id in full_marks for item in result.per_slot):
        return result
    per_slot = tuple(
        _with_full_marks(item) if item.version_id in full_marks else item
        for item in result.per_slot
    )
    return summarise_attempt(per_slot, result.pass_mark, result.total_points)


def _with_full_marks(item: SlotResult) -> SlotResult:
    return replace(
        item,
        fraction=Decimal(1),
        points_awarded=item.max_points,
        state=ResponseState.CORRECT,
        is_correct=True,
    )


class Flip(StrEnum):
    """A regrade that turns the attempt's outcome round."""

    FAIL_TO_PASS = "fail_to_pass"
    PASS_TO_FAIL = "pass_to_fail"

    @property
    def label(self) -> str:
        return "不合格 → 合格" if self is Flip.FAIL_TO_PASS else "合格 → 不合格"


@dataclass(frozen=True, slots=True)
class ScoreChange:
    """An attempt's score and outcome before and after a regrade."""

    old_score: Decimal
    new_score: Decimal
    old_passed: bool
    new_passed: bool

    @property
    def delta(self) -> Decimal:
        return self.new_score - self.old_score

    @property
    def changed(self) -> bool:
        return self.old_score != self.new_score or self.old_passed != self.new_passed

    @property
    def flip(self) -> Flip | None:
        if self.old_passed == self.new_passed:
            return None
        return Flip.FAIL_TO_PASS if self.new_passed else Flip.PASS_TO_FAIL


def score_change(
    old_score: Decimal | int | str, old_passed: bool, result: AttemptResult
) -> ScoreChange:
    return ScoreChange(
        old_score=as_decimal(old_score, "原得分"),
        new_score=result.score,
        old_passed=bool(old_passed),
        new_passed=result.passed,
    )
