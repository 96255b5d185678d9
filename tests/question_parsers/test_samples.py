"""End-to-end: the real sample banks in ../shared/samples parse to exactly what they hold.

Counted by hand from the files: each holds the same 12 questions — 5 单选, 3 多选, 4 判断.
"""

from __future__ import annotations

import pytest

from importers.questions import (
    Option,
    QuestionType,
    parse_docx_bank,
    parse_question_file,
    parse_xlsx_bank,
)

from .builders import SAMPLES

SINGLE, MULTIPLE, TRUE_FALSE = QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.TRUE_FALSE
EXPECTED_TYPES = [
    # tagged.docx and the xlsx keep this order; sections.docx groups by type.
    SINGLE, SINGLE, SINGLE, MULTIPLE, MULTIPLE, TRUE_FALSE, TRUE_FALSE,
    SINGLE, TRUE_FALSE, MULTIPLE, SINGLE, TRUE_FALSE,
]  # fmt: skip
FIRST_OPTIONS = (
    Option("A", "特种作业人员"),
    Option("B", "新上岗人员"),
    Option("C", "班组长"),
    Option("D", "主要负责人"),
)


def _sample(name: str) -> bytes:
    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f"sample {path} not available")
    return path.read_bytes()


def _counts(report):
    return {qtype: count for qtype, count in report.count_by_type().items()}


def test_tagged_docx_holds_twelve_questions_of_three_types():
    report = parse_docx_bank(_sample("question-bank-tagged.docx"))

    assert len(report.questions) == 12
    assert _counts(report) == {SINGLE: 5, MULTIPLE: 3, TRUE_FALSE: 4}
    assert [q.type for q in report.questions] == EXPECTED_TYPES
    assert all(q.is_valid for q in report.questions)
    assert report.skipped == () and report.errors == ()


def test_tagged_docx_first_question_in_detail():
    first = parse_docx_bank(_sample("question-bank-tagged.docx")).questions[0]

    assert first.type is SINGLE
    assert first.stem == "根据工作要点，员工考核不合格的，应当按照（ ）培训标准脱产培训。"
    assert first.options == FIRST_OPTIONS
    assert first.answer == ("B",)
    assert first.explanation.startswith("考核不合格的")
    assert first.explanation.endswith("考核合格后再上岗。")
    # "一、法律法规与责任体系" is a topic heading, not a question.
    assert first.topics == ("法律法规与责任体系",)
    assert first.source_ref == "第2段"


def test_tagged_docx_multiple_true_false_and_letter_options():
    questions = parse_docx_bank(_sample("question-bank-tagged.docx")).questions

    four_systems = questions[3]
    assert four_systems.answer == ("A", "B", "C", "D")
    assert [o.key for o in four_systems.options] == ["A", "B", "C", "D", "E"]
    assert four_systems.options[-1].text == "人员定位"
    assert questions[4].answer == ("A", "B", "C")
    assert [q.answer for q in questions if q.type is TRUE_FALSE] == [
        ("false",),
        ("true",),
        ("false",),
        ("false",),
    ]
    # Options whose text is itself a letter ("A.A") stay four separate options.
    grade = questions[7]
    assert grade.options == tuple(Option(k, k) for k in "ABCD")
    assert grade.answer == ("B",)
    assert all(q.topics == ("法律法规与责任体系",) for q in questions)


def test_sections_docx_types_come_from_headings():
    report = parse_docx_bank(_sample("question-bank-sections.docx"))

    assert len(report.questions) == 12
    assert _counts(report) == {SINGLE: 5, MULTIPLE: 3, TRUE_FALSE: 4}
    assert [q.type for q in report.questions] == [SINGLE] * 5 + [MULTIPLE] * 3 + [TRUE_FALSE] * 4
    assert all(q.is_valid for q in report.questions)
    first = report.questions[0]
    assert first.options == FIRST_OPTIONS  # "A．特种作业人员": full-width dot
    assert first.answer == ("B",)  # "【答案】：B"
    assert first.explanation.startswith("考核不合格的")  # "解析：" on its own line
    assert first.topics == ()
    assert report.questions[5].answer == ("A", "B", "C", "D")  # "【答案】：ABCD"
    assert report.questions[8].stem.startswith("企业可以将双重预防")
    assert report.questions[8].answer == ("false",)
    assert report.questions[9].answer == ("true",)


def test_both_docx_samples_hold_the_same_questions():
    tagged = parse_docx_bank(_sample("question-bank-tagged.docx")).questions
    sections = parse_docx_bank(_sample("question-bank-sections.docx")).questions

    def content(question):
        return (question.type, question.stem, question.options, question.answer)

    assert sorted(map(content, tagged)) == sorted(map(content, sections))


def test_xlsx_sample_rows_with_metadata():
    report = parse_xlsx_bank(_sample("question-bank.xlsx"))

    assert len(report.questions) == 12
    assert _counts(report) == {SINGLE: 5, MULTIPLE: 3, TRUE_FALSE: 4}
    assert [q.type for q in report.questions] == EXPECTED_TYPES
    assert all(q.is_valid for q in report.questions)
    first = report.questions[0]
    assert first.options == FIRST_OPTIONS
    assert first.answer == ("B",)
    assert first.explanation.startswith("考核不合格的")
    assert first.difficulty == "中"
    assert first.levels == ("全员",)
    assert first.specialties == () and first.posts == ()
    assert first.basis == "2024年全区监管工作要点"
    assert first.source_ref == "第2行"
    assert report.questions[3].answer == ("A", "B", "C", "D")
    assert len(report.questions[3].options) == 5
    assert report.questions[5].answer == ("false",)
    assert report.questions[6].answer == ("true",)
    assert report.questions[-1].source_ref == "第13行"


def test_xlsx_sample_matches_the_docx_sample():
    xlsx = parse_xlsx_bank(_sample("question-bank.xlsx")).questions
    tagged = parse_docx_bank(_sample("question-bank-tagged.docx")).questions

    for from_xlsx, from_docx in zip(xlsx, tagged, strict=True):
        assert (from_xlsx.type, from_xlsx.stem, from_xlsx.options, from_xlsx.answer) == (
            from_docx.type,
            from_docx.stem,
            from_docx.options,
            from_docx.answer,
        )
        assert from_xlsx.explanation == from_docx.explanation


@pytest.mark.parametrize(
    "name", ["question-bank-tagged.docx", "question-bank-sections.docx", "question-bank.xlsx"]
)
def test_samples_through_the_dispatcher_have_no_duplicates(name):
    report = parse_question_file(name, _sample(name))

    assert len(report.questions) == 12
    assert all(q.is_valid for q in report.questions)
