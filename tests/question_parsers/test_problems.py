"""Every problem code, with a Chinese message that names where the question is."""

from __future__ import annotations

from importers.questions import (
    ProblemCode,
    QuestionType,
    parse_docx_bank,
    parse_question_file,
    parse_text_bank,
    parse_xlsx_bank,
)
from importers.questions.tabular import TEMPLATE_COLUMNS

from .builders import docx_bytes, xlsx_bytes


def text_question(*lines):
    report = parse_text_bank("\n".join(lines))
    assert len(report.questions) == 1, report
    return report.questions[0]


def xlsx_question(**cells):
    row = [cells.get(column, "") for column in TEMPLATE_COLUMNS]
    report = parse_xlsx_bank(xlsx_bytes({"题库": [TEMPLATE_COLUMNS, row]}))
    assert len(report.questions) == 1, report
    return report.questions[0]


def codes(question):
    return [problem.code for problem in question.problems]


def test_no_answer():
    question = text_question("3.【单选】按照（ ）培训。", "A.甲", "B.乙")

    assert codes(question) == [ProblemCode.NO_ANSWER]
    assert question.problems[0].message == "第3题（第1行）：缺少答案"
    assert not question.is_valid


def test_no_answer_for_true_false_and_fill():
    assert codes(text_question("1.【判断】甲。")) == [ProblemCode.NO_ANSWER]
    assert codes(text_question("1.【填空】甲是____。")) == [ProblemCode.NO_ANSWER]


def test_answer_not_in_options():
    question = text_question("5.【单选】按照（ ）培训。", "A.甲", "B.乙", "C.丙", "D.丁", "答案：E")

    assert codes(question) == [ProblemCode.ANSWER_NOT_IN_OPTIONS]
    assert "第5题" in question.problems[0].message
    assert "“E”不在选项 A、B、C、D 中" in question.problems[0].message


def test_answer_that_is_not_letters_for_a_choice_question():
    question = text_question("1.【单选】按照（ ）培训。", "A.甲", "B.乙", "答案：甲")

    assert codes(question) == [ProblemCode.ANSWER_NOT_IN_OPTIONS]
    assert "不是选项字母" in question.problems[0].message
    assert question.answer == ()


def test_unreadable_true_false_answer():
    question = xlsx_question(题型="判断题", 题干="企业可以不培训。", 答案="也许")

    assert codes(question) == [ProblemCode.ANSWER_NOT_IN_OPTIONS]
    assert question.problems[0].message.startswith("第2行：判断题答案“也许”无法识别")


def test_multiple_with_one_answer():
    question = text_question("2.【多选】包括（ ）。", "A.甲", "B.乙", "C.丙", "答案：B")

    assert codes(question) == [ProblemCode.MULTIPLE_WITH_ONE_ANSWER]
    assert "第2题" in question.problems[0].message and "多选题只有一个答案" in (
        question.problems[0].message
    )
    assert question.type is QuestionType.MULTIPLE


def test_single_with_many_answers():
    question = xlsx_question(
        题型="单选题", 题干="按照（ ）培训。", 选项A="甲", 选项B="乙", 答案="AB"
    )

    assert codes(question) == [ProblemCode.SINGLE_WITH_MANY_ANSWERS]
    assert question.problems[0].message == "第2行：单选题给出了多个答案“AB”"


def test_empty_stem():
    question = xlsx_question(题型="单选题", 题干="", 选项A="甲", 选项B="乙", 答案="A")

    assert codes(question) == [ProblemCode.EMPTY_STEM]
    assert question.problems[0].message == "第2行：题干为空"


def test_empty_stem_of_an_untyped_row():
    question = xlsx_question(题型="问卷", 题干="", 答案="A")

    assert codes(question) == [ProblemCode.UNKNOWN_TYPE, ProblemCode.EMPTY_STEM]


def test_empty_stem_in_a_document():
    question = text_question("4.【单选】", "A.甲", "B.乙", "答案：A")

    assert codes(question) == [ProblemCode.EMPTY_STEM]
    assert "第4题" in question.problems[0].message


def test_unknown_type_label():
    question = xlsx_question(题型="问卷题", 题干="甲？", 答案="A")

    assert codes(question) == [ProblemCode.UNKNOWN_TYPE]
    assert question.problems[0].message == "第2行：无法识别题型“问卷题”"
    assert question.type is None


def test_unknown_type_when_nothing_tells_it():
    question = text_question("1.请简述动火作业的安全要求。", "答案：办理许可、清理现场。")

    assert codes(question) == [ProblemCode.UNKNOWN_TYPE]
    assert "无法判断题型" in question.problems[0].message


def test_too_few_options():
    question = text_question("1.【单选】按照（ ）培训。", "A.甲", "答案：A")

    assert codes(question) == [ProblemCode.TOO_FEW_OPTIONS]
    assert "只有 1 个选项，至少需要 2 个" in question.problems[0].message


def test_a_multiple_needs_three_options():
    question = text_question("1.【多选】包括（ ）。", "A.甲", "B.乙", "答案：AB")

    assert codes(question) == [ProblemCode.TOO_FEW_OPTIONS]


def test_unsupported_type_from_a_cell_and_from_a_section():
    from_cell = xlsx_question(题型="简答题", 题干="简述动火作业要求。", 答案="办票、监护")
    from_section = parse_text_bank("五、简答题\n1.简述动火作业要求。\n答案：办票、监护").questions[
        0
    ]

    for question in (from_cell, from_section):
        assert codes(question) == [ProblemCode.UNSUPPORTED_TYPE]
        assert "暂不支持“简答题”题型" in question.problems[0].message
        assert question.type is None


def test_duplicate_within_the_file():
    data = docx_bytes(
        [
            "1.【单选】员工考核不合格的，应当按照（ ）培训标准脱产培训。",
            "A.特种作业人员",
            "B.新上岗人员",
            "答案：B",
            "2.【单选】员工考核不合格的,应当按照( B )培训标准脱产培训",
            "A.特种作业人员",
            "B.新上岗人员",
            "3.【单选】员工考核不合格的，应当按照（ ）培训标准脱产培训。",
            "A.班组长",
            "B.主要负责人",
            "答案：A",
        ]
    )
    first, second, third = parse_question_file("bank.docx", data).questions

    assert first.is_valid
    assert codes(second) == [ProblemCode.DUPLICATE]
    assert second.problems[0].message.startswith("第5段的题目“员工考核不合格的")
    assert "与第1段的题目重复（相似度 100%）" in second.problems[0].message
    # Same generic stem, different options: a different question.
    assert third.is_valid


def test_duplicate_against_the_existing_bank():
    data = docx_bytes(["1.【判断】企业主要负责人是本单位安全生产第一责任人。", "答案：对"])

    report = parse_question_file(
        "bank.docx", data, existing_stems=["企业的主要负责人是本单位安全生产第一责任人"]
    )

    (question,) = report.questions
    assert codes(question) == [ProblemCode.DUPLICATE]
    assert "与题库中已有题目“企业的主要负责人是本单位安全生产第一责任人”重复" in (
        question.problems[0].message
    )


def test_valid_question_has_no_problems():
    question = text_question("1.【单选】按照（ ）培训。", "A.甲", "B.乙", "答案：A")

    assert question.problems == () and question.is_valid


def test_problems_from_a_word_file_name_paragraphs():
    report = parse_docx_bank(
        docx_bytes(["标题", "1.【多选】包括（ ）。", "A.甲", "B.乙", "C.丙", "答案：A"])
    )

    assert report.questions[0].problems[0].message.startswith("第1题（第2段）")
