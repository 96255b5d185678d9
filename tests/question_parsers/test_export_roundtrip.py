"""export → parse gives back the same questions, for Word and Excel, all four types."""

from __future__ import annotations

import io

import docx
import openpyxl
import pytest

from importers.questions import (
    TEMPLATE_COLUMNS,
    Option,
    ParsedQuestion,
    QuestionType,
    export_docx,
    export_xlsx,
    parse_docx_bank,
    parse_question_file,
    parse_xlsx_bank,
)

from .builders import without_location

QUESTIONS = (
    ParsedQuestion(
        type=QuestionType.SINGLE,
        stem="根据工作要点，员工考核不合格的，应当按照（ ）培训标准脱产培训。",
        options=(
            Option("A", "特种作业人员"),
            Option("B", "新上岗人员"),
            Option("C", "班组长"),
        ),
        answer=("B",),
        explanation="考核不合格的，按照新上岗人员培训标准脱产培训，考核合格后再上岗。",
        difficulty="中",
        levels=("全员", "新员工"),
        specialties=("危险化学品",),
        posts=("操作工", "班组长"),
        topics=("法律法规与责任体系",),
        basis="《安全生产法》第二十八条",
    ),
    ParsedQuestion(
        type=QuestionType.MULTIPLE,
        stem="“四个系统”包括（ ）。",
        options=tuple(
            Option(key, text)
            for key, text in zip(
                "ABCDEF",
                ["气体检测", "紧急切断", "视频监控", "雷电预警", "人员定位", "A"],
                strict=True,
            )
        ),
        answer=("A", "B", "C", "D"),
        explanation="四个系统为气体检测、紧急切断、视频监控、雷电预警。\n第二行说明。",
        difficulty="难",
    ),
    ParsedQuestion(
        type=QuestionType.TRUE_FALSE,
        stem="企业可以将HAZOP分析报告全权委托第三方编制。",
        answer=("false",),
        explanation="要求坚决纠正全权委托第三方的做法。",
        topics=("双重预防", "风险管控"),
    ),
    ParsedQuestion(
        type=QuestionType.TRUE_FALSE, stem="企业主要负责人是第一责任人。", answer=("true",)
    ),
    ParsedQuestion(
        type=QuestionType.FILL,
        stem="天然气的主要成分是____。",
        answer=("甲烷", "CH4"),
        explanation="甲烷，化学式 CH4。",
        levels=("全员",),
    ),
    ParsedQuestion(
        type=QuestionType.FILL,
        stem="液氯储罐区的主要风险是____和____。",
        answer=("泄漏|跑冒", "中毒"),
        basis="《危险化学品安全管理条例》",
    ),
    ParsedQuestion(
        type=QuestionType.SINGLE,
        stem="某企业发生液氯泄漏。\n下列处置正确的是（ ）。",
        options=(Option("A", "疏散下风向人员"), Option("B", "围观")),
        answer=("A",),
    ),
)


@pytest.mark.parametrize(
    ("export", "parse"), [(export_docx, parse_docx_bank), (export_xlsx, parse_xlsx_bank)]
)
def test_round_trip(export, parse):
    report = parse(export(QUESTIONS))

    assert all(q.is_valid for q in report.questions), [q.problems for q in report.questions]
    assert tuple(map(without_location, report.questions)) == QUESTIONS
    assert report.skipped == ()


def test_round_trip_of_the_multi_blank_fill_keeps_blanks():
    question = parse_docx_bank(export_docx(QUESTIONS)).questions[5]

    assert question.fill_blanks() == (("泄漏", "跑冒"), ("中毒",))


def test_round_trip_through_the_dispatcher_finds_no_duplicates():
    for name, data in (("a.docx", export_docx(QUESTIONS)), ("a.xlsx", export_xlsx(QUESTIONS))):
        report = parse_question_file(name, data)
        assert tuple(map(without_location, report.questions)) == QUESTIONS


def test_docx_export_uses_the_tagged_layout():
    document = docx.Document(io.BytesIO(export_docx(QUESTIONS[:1])))

    assert [p.text for p in document.paragraphs] == [
        "1.【单选】根据工作要点，员工考核不合格的，应当按照（ ）培训标准脱产培训。",
        "A.特种作业人员",
        "B.新上岗人员",
        "C.班组长",
        "答案：B",
        "解析：考核不合格的，按照新上岗人员培训标准脱产培训，考核合格后再上岗。",
        "难度：中",
        "适用层级：全员、新员工",
        "专业：危险化学品",
        "岗位：操作工、班组长",
        "依据：《安全生产法》第二十八条",
        "知识点：法律法规与责任体系",
    ]


def test_xlsx_export_uses_the_template_columns():
    workbook = openpyxl.load_workbook(io.BytesIO(export_xlsx(QUESTIONS)))
    rows = list(workbook["题库"].iter_rows(values_only=True))

    assert list(rows[0]) == list(TEMPLATE_COLUMNS)
    assert rows[1][:2] == ("单选题", QUESTIONS[0].stem)
    assert rows[6][TEMPLATE_COLUMNS.index("答案")] == "泄漏|跑冒；中毒"
    assert "填写说明" in workbook.sheetnames


def test_xlsx_export_adds_columns_for_more_than_six_options():
    many = ParsedQuestion(
        type=QuestionType.MULTIPLE,
        stem="下列属于危险化学品的有（ ）。",
        options=tuple(Option(key, f"物质{key}") for key in "ABCDEFGH"),
        answer=("A", "G", "H"),
    )

    (question,) = parse_xlsx_bank(export_xlsx([many])).questions

    assert without_location(question) == many
