"""Grading with an answer-key correction in force (no database)."""

from decimal import Decimal

import pytest

from assessments.exams.engine import (
    Flip,
    KeyCorrection,
    MultipleScoring,
    QuestionType,
    ResponseState,
    corrected_question,
    grade_attempt,
    grade_with_corrections,
    score_change,
)
from tests.exam_engine.builders import slot, snapshot

# A 100-point paper of five 20-point single-choice questions, pass mark 80.
QUESTIONS = [
    snapshot(QuestionType.SINGLE, ["A"], question_id=n, version_id=n * 10) for n in (1, 2, 3, 4, 5)
]
SLOTS = [slot(n, question, "20") for n, question in enumerate(QUESTIONS, start=1)]


def paper(responses):
    return [(s, q, r) for s, q, r in zip(SLOTS, QUESTIONS, responses, strict=True)]


def test_without_corrections_it_is_grade_attempt():
    responses = [["A"], ["A"], ["B"], ["A"], None]
    assert grade_with_corrections(paper(responses), 80, 100) == grade_attempt(
        paper(responses), 80, 100
    )


def test_a_new_key_regrades_only_that_version():
    responses = [["A"], ["A"], ["A"], ["B"], ["B"]]
    before = grade_attempt(paper(responses), 80, 100)
    after = grade_with_corrections(
        paper(responses), 80, 100, corrections={40: KeyCorrection(40, answer=("B",))}
    )
    assert (before.score, before.passed) == (Decimal("60.00"), False)
    assert (after.score, after.passed) == (Decimal("80.00"), True)
    by_number = {item.number: item for item in after.per_slot}
    assert by_number[4].state is ResponseState.CORRECT
    assert by_number[5].state is ResponseState.WRONG  # question 5 is another version


def test_a_new_key_can_take_points_away():
    responses = [["A"]] * 5
    after = grade_with_corrections(
        paper(responses), 80, 100, corrections={10: KeyCorrection(10, answer=("C",))}
    )
    assert (after.score, after.passed) == (Decimal("80.00"), True)
    after = grade_with_corrections(
        paper(responses),
        80,
        100,
        corrections={10: KeyCorrection(10, ("C",)), 20: KeyCorrection(20, ("D",))},
    )
    assert (after.score, after.passed, after.correct_count) == (Decimal("60.00"), False, 3)


def test_full_marks_go_to_everyone_who_had_the_question_answered_or_not():
    responses = [["A"], ["A"], ["A"], ["C"], None]
    corrections = {
        40: KeyCorrection(40, full_marks=True),
        50: KeyCorrection(50, full_marks=True),
    }
    after = grade_with_corrections(paper(responses), 80, 100, corrections=corrections)
    assert after.score == Decimal("100.00") and after.passed
    assert after.unanswered_count == 0 and after.correct_count == 5
    assert {item.fraction for item in after.per_slot} == {Decimal(1)}


def test_corrections_of_versions_not_on_the_paper_change_nothing():
    responses = [["A"], ["B"], ["A"], ["A"], ["A"]]
    corrections = {999: KeyCorrection(999, full_marks=True), 998: KeyCorrection(998, ("B",))}
    assert grade_with_corrections(paper(responses), 80, 100, corrections=corrections) == (
        grade_attempt(paper(responses), 80, 100)
    )


def test_partial_multiple_scoring_uses_the_corrected_key():
    question = snapshot(QuestionType.MULTIPLE, ["A", "B"], question_id=7, version_id=70)
    answered = [(slot(1, question, "100"), question, ["A", "C"])]
    before = grade_attempt(answered, 50, 100, MultipleScoring.PARTIAL)
    after = grade_with_corrections(
        answered, 50, 100, MultipleScoring.PARTIAL, {70: KeyCorrection(70, ("A", "C"))}
    )
    assert before.score == Decimal("0.00")
    assert after.score == Decimal("100.00")


def test_fill_corrections_accept_new_variants():
    question = snapshot(QuestionType.FILL, ["甲烷"], question_id=8, version_id=80)
    answered = [(slot(1, question, "100"), question, ["CH4"])]
    after = grade_with_corrections(
        answered, 60, 100, corrections={80: KeyCorrection(80, ("甲烷", "CH4"))}
    )
    assert after.passed


def test_corrected_question_is_validated_against_the_options():
    with pytest.raises(ValueError, match="不在选项"):
        corrected_question(QUESTIONS[0], KeyCorrection(10, ("E",)))
    with pytest.raises(ValueError, match="恰有一个答案"):
        corrected_question(QUESTIONS[0], KeyCorrection(10, ("A", "B")))
    with pytest.raises(ValueError, match="版本"):
        corrected_question(QUESTIONS[0], KeyCorrection(20, ("B",)))
    assert corrected_question(QUESTIONS[0], KeyCorrection(10, ("B",))).answer == ("B",)
    assert corrected_question(QUESTIONS[0], KeyCorrection(10, full_marks=True)) is QUESTIONS[0]
    assert corrected_question(QUESTIONS[0], None) is QUESTIONS[0]


@pytest.mark.parametrize(
    "kwargs",
    [{}, {"answer": ("A",), "full_marks": True}],
    ids=["neither", "both"],
)
def test_a_correction_is_a_new_key_or_full_marks(kwargs):
    with pytest.raises(ValueError, match="二者取其一"):
        KeyCorrection(1, **kwargs)


def test_a_bare_string_key_is_refused():
    with pytest.raises(TypeError):
        KeyCorrection(1, answer="AB")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("old", "new", "changed", "flip"),
    [
        (("60.00", False), ["A", "A", "A", "A", None], True, Flip.FAIL_TO_PASS),
        (("80.00", True), ["A", "A", "A", None, None], True, Flip.PASS_TO_FAIL),
        (("80.00", True), ["A", "A", "A", "A", None], False, None),
        (("80.00", True), ["A", "A", "A", "A", "A"], True, None),
    ],
)
def test_score_change_reports_flips(old, new, changed, flip):
    result = grade_attempt(paper(new), 80, 100)
    change = score_change(Decimal(old[0]), old[1], result)
    assert change.changed is changed
    assert change.flip is flip
    assert change.delta == result.score - Decimal(old[0])


def test_flip_labels():
    assert Flip.FAIL_TO_PASS.label == "不合格 → 合格"
    assert Flip.PASS_TO_FAIL.label == "合格 → 不合格"
