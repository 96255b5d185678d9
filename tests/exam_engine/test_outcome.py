from decimal import Decimal

import pytest

from assessments.exams.engine import (
    AnsweredSlot,
    MultipleScoring,
    QuestionType,
    ResponseState,
    Slot,
    grade_attempt,
)

from .builders import slot, snapshot


def single(question_id):
    return snapshot(QuestionType.SINGLE, ["A"], question_id=question_id, version_id=question_id)


def attempt(right, wrong=0, unanswered=0, points="1"):
    """``right + wrong + unanswered`` single-choice slots, each worth ``points``."""
    items = []
    for number in range(1, right + wrong + unanswered + 1):
        question = single(number)
        if number <= right:
            response = ("A",)
        elif number <= right + wrong:
            response = ("B",)
        else:
            response = None
        items.append(AnsweredSlot(slot(number, question, points), question, response))
    return items


class TestPassFail:
    def test_exactly_the_pass_mark_passes(self):
        result = grade_attempt(attempt(right=80, wrong=20), Decimal(80), Decimal(100))
        assert result.score == Decimal("80.00")
        assert result.passed

    def test_uneven_split_just_below_fails(self):
        # 100 points over 30 slots: 3.34 ×10 then 3.33 ×20; missing six 3.34s leaves 79.96.
        question_points = [Decimal("3.34")] * 10 + [Decimal("3.33")] * 20
        items = []
        for number, points in enumerate(question_points, start=1):
            question = single(number)
            response = ("A",) if number > 6 else ("B",)
            items.append((slot(number, question, points), question, response))
        result = grade_attempt(items, 80, 100)
        assert result.score == Decimal("79.96")
        assert not result.passed

    def test_79_99_fails(self):
        question_points = ["79.99", "20.01"]
        items = [
            (slot(n, single(n), p), single(n), ("A",) if n == 1 else ())
            for n, p in enumerate(question_points, start=1)
        ]
        result = grade_attempt(items, Decimal(80), Decimal(100))
        assert result.score == Decimal("79.99")
        assert not result.passed

    def test_all_right_and_all_wrong(self):
        perfect = grade_attempt(attempt(right=10, points="10"), 80, 100)
        assert (perfect.score, perfect.percent, perfect.passed) == (
            Decimal(100),
            Decimal(100),
            True,
        )
        assert perfect.correct_count == 10
        nothing = grade_attempt(attempt(right=0, unanswered=10, points="10"), 80, 100)
        assert (nothing.score, nothing.passed, nothing.unanswered_count) == (0, False, 10)

    def test_pass_mark_on_another_scale(self):
        result = grade_attempt(attempt(right=36, wrong=14), Decimal(36), Decimal(50))
        assert result.passed
        assert result.percent == Decimal("72.00")


def test_per_slot_results_in_slot_order():
    items = list(reversed(attempt(right=2, wrong=1, unanswered=1, points="25")))
    result = grade_attempt(items, 60, 100)
    assert [r.number for r in result.per_slot] == [1, 2, 3, 4]
    assert [r.state for r in result.per_slot] == [
        ResponseState.CORRECT,
        ResponseState.CORRECT,
        ResponseState.WRONG,
        ResponseState.UNANSWERED,
    ]
    assert result.per_slot[0].max_points == Decimal(25)
    assert result.per_slot[0].points_awarded == Decimal("25.00")
    assert result.unanswered_count == 1
    assert result.correct_count == 2
    assert result.score == Decimal("50.00")
    assert (result.pass_mark, result.total_points) == (Decimal(60), Decimal(100))


def test_partial_scoring_is_passed_through():
    question = snapshot(QuestionType.MULTIPLE, ["A", "B"], question_id=1, version_id=1)
    other = single(2)
    items = [
        (slot(1, question, "50"), question, ("A",)),
        (slot(2, other, "50"), other, ("A",)),
    ]
    assert grade_attempt(items, 80, 100).score == Decimal("50.00")
    partial = grade_attempt(items, 80, 100, MultipleScoring.PARTIAL)
    assert partial.score == Decimal("75.00")
    assert partial.per_slot[0].state is ResponseState.PARTIAL
    assert not partial.passed


def test_percent_is_rounded_to_the_cent():
    result = grade_attempt(attempt(right=1, wrong=2, points="1"), 2, 3)
    assert result.percent == Decimal("33.33")


class TestCallerBugs:
    def test_snapshot_must_be_the_slot_version(self):
        question = single(1)
        wrong_version = snapshot(QuestionType.SINGLE, ["A"], question_id=1, version_id=2)
        with pytest.raises(ValueError, match="第1题指向题目1版本1"):
            grade_attempt([(slot(1, question, "100"), wrong_version, ("A",))], 80, 100)

    def test_slot_numbers_must_be_unique(self):
        question = single(1)
        items = [(slot(1, question, "50"), question, None)] * 2
        with pytest.raises(ValueError, match="题号重复"):
            grade_attempt(items, 80, 100)

    def test_slot_points_must_add_up_to_total(self):
        with pytest.raises(ValueError, match="各题分值合计99分，与试卷总分100分不符"):
            grade_attempt(attempt(right=99), 80, 100)

    @pytest.mark.parametrize(("pass_mark", "total"), [(0, 100), (101, 100), (80, 0)])
    def test_marks_are_checked(self, pass_mark, total):
        with pytest.raises(ValueError):
            grade_attempt(attempt(right=100), pass_mark, total)

    def test_accepts_plain_tuples(self):
        question = single(1)
        only = Slot(1, 1, 1, ("A", "B", "C", "D"), Decimal(100))
        assert grade_attempt([(only, question, ("A",))], 80, 100).passed
