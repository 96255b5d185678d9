from decimal import Decimal

import pytest

from assessments.exams.engine import (
    AttemptState,
    CandidateQuestion,
    MultipleScoring,
    QuestionSnapshot,
    QuestionType,
)
from assessments.exams.engine.types import as_decimal, difficulty_label


class TestQuestionType:
    def test_values_are_what_the_database_stores(self):
        assert [t.value for t in QuestionType] == ["single", "multiple", "true_false", "fill"]
        assert QuestionType("true_false") is QuestionType.TRUE_FALSE
        assert QuestionType.SINGLE == "single"

    def test_only_single_and_multiple_shuffle_options(self):
        assert {t for t in QuestionType if t.shuffles_options} == {
            QuestionType.SINGLE,
            QuestionType.MULTIPLE,
        }
        assert not QuestionType.FILL.has_options
        assert QuestionType.TRUE_FALSE.has_options

    def test_chinese_labels(self):
        assert [t.label for t in QuestionType] == ["单选", "多选", "判断", "填空"]


class TestAttemptState:
    def test_is_a_closed_enumeration(self):
        assert {s.value for s in AttemptState} == {
            "not_started",
            "in_progress",
            "submitted",
            "graded",
            "needs_grading",
            "abandoned",
        }
        with pytest.raises(ValueError):
            AttemptState("overdue")

    def test_only_in_progress_is_active(self):
        assert [s for s in AttemptState if s.is_active] == [AttemptState.IN_PROGRESS]

    def test_finished_states(self):
        assert {s for s in AttemptState if s.is_finished} == {
            AttemptState.SUBMITTED,
            AttemptState.GRADED,
            AttemptState.NEEDS_GRADING,
            AttemptState.ABANDONED,
        }
        assert not AttemptState.NOT_STARTED.is_finished

    @pytest.mark.parametrize(
        ("source", "target"),
        [
            ("not_started", "in_progress"),
            ("not_started", "abandoned"),
            ("in_progress", "submitted"),
            ("in_progress", "abandoned"),
            ("submitted", "graded"),
            ("submitted", "needs_grading"),
            ("needs_grading", "graded"),
        ],
    )
    def test_allowed_transitions(self, source, target):
        assert AttemptState(source).can_transition_to(target)
        assert AttemptState(target) in AttemptState(source).allowed_transitions

    @pytest.mark.parametrize(
        ("source", "target"),
        [
            ("not_started", "submitted"),
            ("in_progress", "graded"),
            ("in_progress", "in_progress"),
            ("submitted", "in_progress"),
            ("graded", "in_progress"),
            ("abandoned", "in_progress"),
            ("needs_grading", "submitted"),
        ],
    )
    def test_forbidden_transitions(self, source, target):
        assert not AttemptState(source).can_transition_to(target)

    def test_graded_and_abandoned_are_terminal(self):
        assert {s for s in AttemptState if s.is_terminal} == {
            AttemptState.GRADED,
            AttemptState.ABANDONED,
        }

    def test_every_transition_leads_somewhere_in_the_enumeration(self):
        for state in AttemptState:
            assert state.allowed_transitions <= set(AttemptState)
            assert state not in state.allowed_transitions
            assert state.label


def test_multiple_scoring_default_is_listed_first():
    assert list(MultipleScoring) == [MultipleScoring.ALL_OR_NOTHING, MultipleScoring.PARTIAL]


def test_difficulty_label_maps_codes_and_passes_through_others():
    assert difficulty_label("medium") == "中"
    assert difficulty_label("较难") == "较难"


class TestAsDecimal:
    def test_accepts_int_str_decimal(self):
        assert as_decimal(3, "x") == Decimal(3)
        assert as_decimal("2.5", "x") == Decimal("2.5")
        assert as_decimal(Decimal("1.25"), "x") == Decimal("1.25")

    @pytest.mark.parametrize("value", [1.5, True])
    def test_refuses_float_and_bool(self, value):
        with pytest.raises(TypeError):
            as_decimal(value, "分值")

    @pytest.mark.parametrize("value", ["abc", "NaN", "Infinity"])
    def test_refuses_non_numbers(self, value):
        with pytest.raises(ValueError, match="分值不是有效数字"):
            as_decimal(value, "分值")


class TestQuestionSnapshot:
    def test_coerces_type_and_sequences(self):
        question = QuestionSnapshot(
            version_id=7,
            question_id=3,
            type="multiple",  # type: ignore[arg-type]
            options=["A", "B", "C"],  # type: ignore[arg-type]
            answer=["A", "C"],  # type: ignore[arg-type]
            difficulty="hard",
            topics=["动火作业"],  # type: ignore[arg-type]
            points=2,  # type: ignore[arg-type]
        )
        assert question.type is QuestionType.MULTIPLE
        assert question.options == ("A", "B", "C")
        assert question.answer == ("A", "C")
        assert question.topics == ("动火作业",)
        assert question.points == Decimal(2)

    def test_is_frozen(self):
        question = QuestionSnapshot(1, 1, QuestionType.SINGLE, ("A", "B"), ("A",))
        with pytest.raises(AttributeError):
            question.answer = ("B",)  # type: ignore[misc]

    @pytest.mark.parametrize(
        ("question_type", "options", "answer", "message"),
        [
            (QuestionType.SINGLE, ("A", "B"), (), "没有标准答案"),
            (QuestionType.SINGLE, ("A", "B"), ("A", "B"), "须恰有一个答案"),
            (QuestionType.TRUE_FALSE, ("正确", "错误"), ("对",), "不在选项"),
            (QuestionType.MULTIPLE, ("A", "B"), ("A", "E"), "不在选项"),
            (QuestionType.MULTIPLE, ("A", "A", "B"), ("A",), "选项键重复"),
            (QuestionType.MULTIPLE, ("A", "B"), ("A", "A"), "答案重复"),
            (QuestionType.FILL, (), (), "没有标准答案"),
        ],
    )
    def test_refuses_inconsistent_answers(self, question_type, options, answer, message):
        with pytest.raises(ValueError, match=message):
            QuestionSnapshot(1, 1, question_type, options, answer)

    def test_bare_string_is_not_taken_as_characters(self):
        with pytest.raises(TypeError):
            QuestionSnapshot(1, 1, QuestionType.FILL, (), "氮气")  # type: ignore[arg-type]

    def test_fill_answer_lists_variants_without_options(self):
        question = QuestionSnapshot(1, 1, QuestionType.FILL, (), ("氮气", "N2"))
        assert question.answer == ("氮气", "N2")


class TestCandidateQuestion:
    def test_defaults_and_coercion(self):
        question = CandidateQuestion(
            question_id=5,
            version_id=50,
            type="single",  # type: ignore[arg-type]
            posts=["操作工"],  # type: ignore[arg-type]
        )
        assert question.type is QuestionType.SINGLE
        assert question.posts == ("操作工",)
        assert question.topics == ()
        assert question.option_keys == ()

    def test_refuses_duplicate_option_keys(self):
        with pytest.raises(ValueError, match="选项键重复"):
            CandidateQuestion(5, 50, QuestionType.SINGLE, option_keys=("A", "A"))
