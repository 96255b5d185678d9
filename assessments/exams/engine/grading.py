"""Grading one response against a frozen question version, Moodle style: a fraction 0..1.

Responses are option keys (or, for fill, the typed text as a one-element tuple). Anything
unexpected — unknown keys, several keys for a single-answer question — is graded wrong,
never raised, because it comes from a worker's browser.
"""

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from assessments.exams.engine.blueprint import POINTS_QUANTUM
from assessments.exams.engine.types import (
    MultipleScoring,
    QuestionSnapshot,
    QuestionType,
    ResponseState,
    as_decimal,
)

__all__ = [
    "FRACTION_TOLERANCE",
    "GradedResponse",
    "grade_response",
    "is_full_marks",
    "is_zero_marks",
    "normalise_fill_text",
]

# Fractions are stored with 7 decimal places (as Moodle does) and compared with a tolerance.
FRACTION_QUANTUM = Decimal("0.0000001")
FRACTION_TOLERANCE = Decimal("0.0000001")

# Trailing sentence punctuation a worker may or may not type after a fill-in answer.
_TRAILING_PUNCTUATION = "。.，,；;、！!"


@dataclass(frozen=True, slots=True)
class GradedResponse:
    fraction: Decimal
    points_awarded: Decimal
    is_correct: bool
    state: ResponseState


def is_full_marks(fraction: Decimal) -> bool:
    return fraction >= 1 - FRACTION_TOLERANCE


def is_zero_marks(fraction: Decimal) -> bool:
    return fraction <= FRACTION_TOLERANCE


def normalise_fill_text(text: str) -> str:
    """NFKC (full→half width), drop all whitespace, case-fold, drop trailing 。/./，/；."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(char for char in text if not char.isspace())
    return text.casefold().rstrip(_TRAILING_PUNCTUATION)


def grade_response(
    question: QuestionSnapshot,
    response: Sequence[str] | None,
    points: Decimal | int | str,
    multiple_scoring: MultipleScoring | str = MultipleScoring.ALL_OR_NOTHING,
) -> GradedResponse:
    """Grade ``response`` to ``question`` worth ``points``.

    Multiple-answer questions (多选) score all-or-nothing by default (exactly the right
    set). With ``MultipleScoring.PARTIAL`` the fraction is
    ``(right keys picked − wrong keys picked) / right keys``, floored at 0, so ticking every
    option earns nothing when half are wrong; unknown keys count as wrong picks.
    """
    points = as_decimal(points, "分值")
    if points < 0:
        raise ValueError(f"分值不能为负数，当前为{points}")
    scoring = MultipleScoring(multiple_scoring)
    given = _clean_response(response)
    if not given:
        return _result(Decimal(0), points, answered=False)

    if question.type is QuestionType.FILL:
        fraction = _grade_fill(question, given)
    elif question.type is QuestionType.MULTIPLE:
        fraction = _grade_multiple(question, given, scoring)
    else:  # single choice and true/false: exactly the one right key
        fraction = Decimal(1) if set(given) == set(question.answer) else Decimal(0)
    return _result(fraction, points, answered=True)


def _clean_response(response: Sequence[str] | None) -> tuple[str, ...]:
    """Drop blank entries; a response of only blanks counts as unanswered."""
    if response is None:
        return ()
    if isinstance(response, str):  # a bare key from a careless caller, not characters
        response = (response,)
    return tuple(item for item in response if isinstance(item, str) and item.strip())


def _grade_fill(question: QuestionSnapshot, given: tuple[str, ...]) -> Decimal:
    if len(given) != 1:  # one blank per question: several texts cannot be right
        return Decimal(0)
    typed = normalise_fill_text(given[0])
    accepted = {normalise_fill_text(variant) for variant in question.answer}
    return Decimal(1) if typed in accepted else Decimal(0)


def _grade_multiple(
    question: QuestionSnapshot, given: tuple[str, ...], scoring: MultipleScoring
) -> Decimal:
    picked = set(given)
    right = set(question.answer)
    if scoring is MultipleScoring.ALL_OR_NOTHING:
        return Decimal(1) if picked == right else Decimal(0)
    right_picked = len(picked & right)
    wrong_picked = len(picked - right)
    fraction = Decimal(right_picked - wrong_picked) / Decimal(len(right))
    return max(Decimal(0), fraction).quantize(FRACTION_QUANTUM, rounding=ROUND_HALF_UP)


def _result(fraction: Decimal, points: Decimal, *, answered: bool) -> GradedResponse:
    if not answered:
        state = ResponseState.UNANSWERED
    elif is_full_marks(fraction):
        state = ResponseState.CORRECT
    elif is_zero_marks(fraction):
        state = ResponseState.WRONG
    else:
        state = ResponseState.PARTIAL
    awarded = min(points, (points * fraction).quantize(POINTS_QUANTUM, rounding=ROUND_HALF_UP))
    return GradedResponse(
        fraction=fraction,
        points_awarded=awarded,
        is_correct=state is ResponseState.CORRECT,
        state=state,
    )
