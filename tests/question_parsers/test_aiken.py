"""Aiken: Moodle's fixtures (read from ../shared, never copied) and our own strings."""

from __future__ import annotations

import pytest

from importers.questions import Option, ProblemCode, QuestionType, parse_aiken, parse_question_file

from .builders import MOODLE_FIXTURES


def fixture(name: str) -> bytes:
    path = MOODLE_FIXTURES / name
    if not path.exists():
        pytest.skip(f"Moodle fixture {path} not available")
    return path.read_bytes()


def test_two_valid_questions_fixture():
    report = parse_aiken(fixture("questions.aiken.txt"))

    first, second = report.questions
    assert first.stem == "The Moodle project was started by:"
    assert first.answer == ("B",)
    assert first.options[1] == Option("B", "Martin Dougiamas")
    assert second.answer == ("A",)
    # Raw HTML-like text is text, not markup.
    assert second.stem == (
        'Moodle\'s abilities include handling user input that includes <html class="cool"> & images:'
    )
    assert all(q.is_valid and q.type is QuestionType.SINGLE for q in report.questions)
    assert report.errors == ()


def test_errors_fixture_gives_two_good_questions_and_three_errors():
    report = parse_aiken(fixture("aiken_errors.txt"))

    assert [(q.stem, q.answer) for q in report.questions] == [
        ("A good question", ("A",)),
        ("A second good question", ("B",)),
    ]
    # "A)Incorrect (No space)": labels without a space after them.
    assert report.questions[1].options == (
        Option("A", "Incorrect (No space)"),
        Option("B", "Correct (No space)"),
    )
    too_few, not_started, not_finished = report.errors
    assert too_few.source_ref == "第1行"
    assert too_few.message == (
        "第1–3行的题目“A question with too few answers”只有 1 个选项，至少需要 2 个，已跳过"
    )
    assert not_started.message == (
        "第5–7行的题目没有题干（“Question not started”之前缺少题目），已跳过"
    )
    assert not_finished.message == (
        "第14–16行的题目“A question started but not finished”缺少“ANSWER:”行，已跳过"
    )


def test_fixture_through_the_dispatcher_is_sniffed_as_aiken():
    report = parse_question_file("aiken_errors.txt", fixture("aiken_errors.txt"))

    assert len(report.questions) == 2 and len(report.errors) == 3


def test_chinese_aiken_with_full_width_labels():
    text = "员工考核不合格的，应当按照（ ）培训标准脱产培训。\nA．特种作业人员\nB．新上岗人员\nC．班组长\nANSWER：B\n"

    (question,) = parse_aiken(text.encode("gbk")).questions

    assert question.answer == ("B",)
    assert [o.text for o in question.options] == ["特种作业人员", "新上岗人员", "班组长"]


def test_answer_letter_not_among_options():
    (question,) = parse_aiken("甲？\nA. 一\nB. 二\nANSWER: D").questions

    assert [p.code for p in question.problems] == [ProblemCode.ANSWER_NOT_IN_OPTIONS]
    assert question.problems[0].message.startswith("第1题（第1行）")


def test_unfinished_question_at_the_end_of_the_file():
    report = parse_aiken("甲？\nA. 一\nB. 二\nANSWER: A\n\n乙？\nA. 一\nB. 二\n")

    assert len(report.questions) == 1
    assert report.errors[0].message == "第6–8行的题目“乙？”缺少“ANSWER:”行，已跳过"
