"""Every place that accepts an answer key refuses the same bad keys (engine.keys)."""

from __future__ import annotations

import pytest

from assessments.bank.wagtail_admin.answers import check_answer
from assessments.exams.engine import QuestionSnapshot
from assessments.exams.services.errors import AssessmentError
from assessments.exams.services.regrading import clean_new_answer
from importers.questions import Option, QuestionType
from importers.questions.assemble import check_question

OPTIONS = ("A", "B", "C", "D")

#: (type, key) pairs every caller must refuse; a 多选 with one key is the importer's rule.
BAD_KEYS = [
    ("multiple", ("B",)),
    ("single", ("A", "B")),
    ("single", ("E",)),
    ("multiple", ("A", "E")),
]
GOOD_KEYS = [("multiple", ("A", "C")), ("single", ("B",))]


def importer_refuses(question_type: str, key: tuple[str, ...]) -> bool:
    options = [Option(k, f"选项{k}") for k in OPTIONS]
    return bool(check_question(QuestionType(question_type), "题干", options, key, "第1题"))


def form_refuses(question_type: str, key: tuple[str, ...]) -> bool:
    check = check_answer(question_type, "题干", [f"选项{k}" for k in OPTIONS], "".join(key))
    return bool(check.errors)


def correction_refuses(question_type: str, key: tuple[str, ...]) -> bool:
    content = {"type": question_type, "options": [{"key": k, "text": k} for k in OPTIONS]}
    try:
        clean_new_answer(content, list(key))
    except AssessmentError:
        return True
    return False


def engine_refuses(question_type: str, key: tuple[str, ...]) -> bool:
    try:
        QuestionSnapshot(1, 1, question_type, OPTIONS, key)
    except ValueError:
        return True
    return False


CALLERS = [importer_refuses, form_refuses, correction_refuses, engine_refuses]


@pytest.mark.parametrize("refuses", CALLERS)
@pytest.mark.parametrize(("question_type", "key"), BAD_KEYS)
def test_every_caller_refuses_the_same_bad_keys(refuses, question_type, key):
    assert refuses(question_type, key)


@pytest.mark.parametrize("refuses", CALLERS)
@pytest.mark.parametrize(("question_type", "key"), GOOD_KEYS)
def test_every_caller_accepts_the_same_good_keys(refuses, question_type, key):
    assert not refuses(question_type, key)


def test_a_multiple_with_one_key_is_worded_for_each_reader():
    options = [Option(k, f"选项{k}") for k in OPTIONS]
    (problem,) = check_question(QuestionType.MULTIPLE, "题干", options, ("B",), "第1题")
    assert problem.message == "第1题：多选题只有一个答案“B”，请核对题型或答案"
    check = check_answer("multiple", "题干", [f"选项{k}" for k in OPTIONS], "B")
    assert check.errors == {"answer": ["多选题至少需要两个正确答案；只有一个答案请改为单选题。"]}
