"""One vocabulary: labels are defined once, and the answer-key rule is one function."""

import pytest

from assessments.exams.engine import AttemptState, Difficulty, IllegalTransitionError, QuestionType
from assessments.exams.engine.keys import KeyProblem, answer_keys, key_problems
from assessments.exams.engine.types import DIFFICULTY_LABELS, MultipleScoring


def test_attempt_state_labels_are_the_ones_pages_show():
    assert dict(AttemptState.choices) == {
        "not_started": "未开始",
        "in_progress": "作答中",
        "submitted": "已交卷",
        "graded": "已评分",
        "needs_grading": "待评分",
        "abandoned": "已作废",
    }


def test_labelled_enums_offer_the_textchoices_api():
    assert QuestionType.choices == [
        ("single", "单选"),
        ("multiple", "多选"),
        ("true_false", "判断"),
        ("fill", "填空"),
    ]
    assert Difficulty.values == ["easy", "medium", "hard"]
    assert DIFFICULTY_LABELS == {"easy": "易", "medium": "中", "hard": "难"}
    assert MultipleScoring.labels == ["全对才得分", "按比例得分"]
    assert QuestionType("multiple") is QuestionType.MULTIPLE
    assert QuestionType.MULTIPLE == "multiple" and str(QuestionType.MULTIPLE) == "multiple"


def test_an_illegal_transition_is_refused_with_the_engines_error():
    assert AttemptState.IN_PROGRESS.transition_to("submitted") is AttemptState.SUBMITTED
    with pytest.raises(IllegalTransitionError, match=r"已评分.*作答中"):
        AttemptState.GRADED.transition_to(AttemptState.IN_PROGRESS)
    with pytest.raises(IllegalTransitionError):
        AttemptState.SUBMITTED.transition_to(AttemptState.SUBMITTED)


@pytest.mark.parametrize(
    ("question_type", "answer", "problems"),
    [
        ("single", ["A"], []),
        ("single", ["A", "B"], [KeyProblem.MANY_FOR_ONE]),
        ("single", ["E"], [KeyProblem.NOT_IN_OPTIONS]),
        ("single", [], [KeyProblem.NO_ANSWER]),
        ("multiple", ["A", "C"], []),
        ("multiple", ["A"], [KeyProblem.MULTIPLE_WITH_ONE]),
        ("multiple", ["A", "A"], [KeyProblem.DUPLICATE, KeyProblem.MULTIPLE_WITH_ONE]),
        ("multiple", ["A", "Z"], [KeyProblem.NOT_IN_OPTIONS]),
        ("true_false", ["true"], []),
        ("true_false", ["A"], [KeyProblem.NOT_IN_OPTIONS]),
        ("true_false", ["true", "false"], [KeyProblem.MANY_FOR_ONE]),
        ("fill", ["甲烷", "CH4"], []),
        ("fill", [], [KeyProblem.NO_ANSWER]),
    ],
)
def test_key_rule(question_type, answer, problems):
    keys = answer_keys(question_type, "ABCD")
    assert [issue.problem for issue in key_problems(question_type, keys, answer)] == problems
