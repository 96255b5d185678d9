from decimal import Decimal

import pytest

from assessments.exams.engine import (
    MultipleScoring,
    QuestionType,
    ResponseState,
    grade_response,
    normalise_fill_text,
)
from assessments.exams.engine.grading import is_full_marks, is_zero_marks

from .builders import snapshot

SINGLE = snapshot(QuestionType.SINGLE, ["B"])
MULTIPLE = snapshot(QuestionType.MULTIPLE, ["A", "C"])
MULTIPLE_THREE = snapshot(QuestionType.MULTIPLE, ["A", "B", "C"])
TRUE_FALSE = snapshot(QuestionType.TRUE_FALSE, ["错误"])
FILL = snapshot(QuestionType.FILL, ["氮气", "N2"])
POINTS = Decimal(4)


def grade(question, response, scoring=MultipleScoring.ALL_OR_NOTHING, points=POINTS):
    return grade_response(question, response, points, scoring)


class TestSingleChoice:
    def test_right_key(self):
        result = grade(SINGLE, ("B",))
        assert result.fraction == 1
        assert result.points_awarded == Decimal("4.00")
        assert result.is_correct
        assert result.state is ResponseState.CORRECT
        assert result.state == "correct"

    def test_wrong_key(self):
        result = grade(SINGLE, ("A",))
        assert (result.fraction, result.points_awarded, result.is_correct) == (0, 0, False)
        assert result.state is ResponseState.WRONG

    def test_several_keys_are_wrong(self):
        assert grade(SINGLE, ("A", "B")).state is ResponseState.WRONG

    def test_repeated_right_key_is_still_right(self):
        assert grade(SINGLE, ("B", "B")).is_correct

    @pytest.mark.parametrize("response", [("Z",), ("b",), ("B ",), ("", "Q")])
    def test_unknown_keys_are_wrong_not_errors(self, response):
        assert grade(SINGLE, response).state is ResponseState.WRONG

    def test_bare_string_response_is_one_key(self):
        assert grade(SINGLE, "B").is_correct  # type: ignore[arg-type]


class TestUnanswered:
    @pytest.mark.parametrize("question", [SINGLE, MULTIPLE, TRUE_FALSE, FILL])
    @pytest.mark.parametrize("response", [None, (), ("",), ("  ", "\u3000")])
    def test_empty_responses_are_unanswered(self, question, response):
        result = grade(question, response, MultipleScoring.PARTIAL)
        assert result.state is ResponseState.UNANSWERED
        assert result.fraction == 0
        assert result.points_awarded == 0
        assert not result.is_correct


class TestMultipleAllOrNothing:
    def test_exact_set_in_any_order(self):
        assert grade(MULTIPLE, ("C", "A")).is_correct
        assert grade(MULTIPLE, ("A", "C", "A")).is_correct

    @pytest.mark.parametrize("response", [("A",), ("A", "B", "C"), ("A", "C", "X"), ("B", "D")])
    def test_anything_else_scores_nothing(self, response):
        result = grade(MULTIPLE, response)
        assert result.fraction == 0
        assert result.state is ResponseState.WRONG

    def test_is_the_default(self):
        assert grade_response(MULTIPLE, ("A",), POINTS).points_awarded == 0


class TestMultiplePartial:
    @pytest.mark.parametrize(
        ("response", "fraction", "state"),
        [
            (("A", "C"), Decimal(1), ResponseState.CORRECT),
            (("A",), Decimal("0.5"), ResponseState.PARTIAL),
            (("A", "B"), Decimal(0), ResponseState.WRONG),  # one right, one wrong: 0
            (("A", "B", "C"), Decimal("0.5"), ResponseState.PARTIAL),
            (("A", "B", "C", "D"), Decimal(0), ResponseState.WRONG),  # ticking all earns nothing
            (("B", "D"), Decimal(0), ResponseState.WRONG),  # floored at 0, never negative
            (("A", "X"), Decimal(0), ResponseState.WRONG),  # unknown keys count as wrong picks
            (("C", "C"), Decimal("0.5"), ResponseState.PARTIAL),  # repeats count once
        ],
    )
    def test_right_minus_wrong_over_right(self, response, fraction, state):
        result = grade(MULTIPLE, response, MultipleScoring.PARTIAL)
        assert result.fraction == fraction
        assert result.state is state
        assert result.points_awarded == (POINTS * fraction).quantize(Decimal("0.01"))

    def test_thirds_are_rounded_to_the_cent(self):
        result = grade(MULTIPLE_THREE, ("A",), MultipleScoring.PARTIAL, points=Decimal(2))
        assert result.fraction == Decimal("0.3333333")
        assert result.points_awarded == Decimal("0.67")
        two_thirds = grade(MULTIPLE_THREE, ("A", "B"), MultipleScoring.PARTIAL, Decimal(3))
        assert two_thirds.points_awarded == Decimal("2.00")
        assert two_thirds.state is ResponseState.PARTIAL

    def test_scoring_may_be_given_as_a_string(self):
        assert grade(MULTIPLE, ("A",), "partial").fraction == Decimal("0.5")

    def test_partial_setting_does_not_affect_single_choice(self):
        assert grade(SINGLE, ("A",), MultipleScoring.PARTIAL).fraction == 0


class TestTrueFalse:
    def test_right_and_wrong(self):
        assert grade(TRUE_FALSE, ("错误",)).is_correct
        assert grade(TRUE_FALSE, ("正确",)).state is ResponseState.WRONG
        assert grade(TRUE_FALSE, ("对",)).state is ResponseState.WRONG


class TestFill:
    @pytest.mark.parametrize(
        "typed",
        ["氮气", " 氮 气 ", "氮气。", "氮气.", "Ｎ２", "n2", "N2。", "\u3000氮气\u3000", "氮气；"],
    )
    def test_accepted_variants_after_normalisation(self, typed):
        assert grade(FILL, (typed,)).is_correct

    @pytest.mark.parametrize("typed", ["氧气", "氮", "N22", "液氮"])
    def test_other_text_is_wrong(self, typed):
        assert grade(FILL, (typed,)).state is ResponseState.WRONG

    def test_several_texts_for_one_blank_are_wrong(self):
        assert grade(FILL, ("氮气", "N2")).state is ResponseState.WRONG

    def test_normalisation_applies_to_the_answer_too(self):
        question = snapshot(QuestionType.FILL, ["ＬＥＬ（爆炸下限）。"])
        assert grade(question, ("lel(爆炸下限)",)).is_correct

    def test_normalise_fill_text(self):
        assert normalise_fill_text(" Ａｂｃ　１２３。") == "abc123"
        assert normalise_fill_text("0.5") == "0.5"


class TestPoints:
    def test_zero_point_question(self):
        result = grade(SINGLE, ("B",), points=Decimal(0))
        assert result.points_awarded == 0
        assert result.is_correct

    def test_points_may_be_int_or_str(self):
        assert grade(SINGLE, ("B",), points=3).points_awarded == Decimal("3.00")
        assert grade(SINGLE, ("B",), points="3.33").points_awarded == Decimal("3.33")

    def test_negative_points_are_refused(self):
        with pytest.raises(ValueError, match="分值不能为负数"):
            grade(SINGLE, ("B",), points=Decimal(-1))


def test_fraction_comparisons_use_a_tolerance():
    assert is_full_marks(Decimal("0.99999999"))
    assert not is_full_marks(Decimal("0.999"))
    assert is_zero_marks(Decimal("0.00000001"))
    assert not is_zero_marks(Decimal("0.001"))
