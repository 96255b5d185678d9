"""Excel and CSV banks: flexible headers, encodings, sheets, and the import template."""

from __future__ import annotations

import io

import openpyxl
import pytest

from importers.questions import (
    TEMPLATE_COLUMNS,
    Option,
    QuestionType,
    build_template_xlsx,
    parse_csv_bank,
    parse_question_file,
    parse_xlsx_bank,
)

from .builders import csv_bytes, xlsx_bytes

HEADER = ["题型", "题干", "选项A", "选项B", "选项C", "选项D", "答案", "解析", "适用层级"]
ROWS = [
    ["单选题", "按照（ ）培训。", "甲", "乙", "丙", "丁", "B", "因为乙。", "全员"],
    ["多选", "包括（ ）。", "甲", "乙", "丙", "", "A,C", "", "主要负责人、班组长"],
    ["判断", "可以不培训。", "", "", "", "", "错", "", ""],
    ["填空题", "天然气的主要成分是____。", "", "", "", "", "甲烷；CH4", "", ""],
]


def check_four(report):
    single, multiple, true_false, fill = report.questions
    assert single.type is QuestionType.SINGLE and single.answer == ("B",)
    assert single.options[1] == Option("B", "乙") and single.explanation == "因为乙。"
    assert multiple.type is QuestionType.MULTIPLE and multiple.answer == ("A", "C")
    assert multiple.levels == ("主要负责人", "班组长")
    assert [o.key for o in multiple.options] == ["A", "B", "C"]
    assert true_false.type is QuestionType.TRUE_FALSE and true_false.answer == ("false",)
    assert fill.type is QuestionType.FILL and fill.answer == ("甲烷", "CH4")
    assert all(q.is_valid for q in report.questions)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_csv_in_the_encodings_excel_writes(encoding):
    report = parse_csv_bank(csv_bytes([HEADER, *ROWS], encoding))

    check_four(report)
    assert report.questions[0].source_ref == "第2行"


def test_gbk_csv_through_the_dispatcher():
    data = csv_bytes([HEADER, *ROWS], "gbk")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # really GBK, as Excel on Chinese Windows saves it

    check_four(parse_question_file("题库.csv", data))


@pytest.mark.parametrize("delimiter", ["\t", ";"])
def test_csv_with_other_separators(delimiter):
    check_four(parse_csv_bank(csv_bytes([HEADER, *ROWS], "utf-8", delimiter)))


def test_csv_multiline_cells():
    rows = [HEADER, ["单选题", "第一行\n第二行（ ）", "甲", "乙", "", "", "A", "解析\n两行", ""]]

    question = parse_csv_bank(csv_bytes(rows, "utf-8")).questions[0]

    assert question.stem == "第一行\n第二行（ ）"
    assert question.explanation == "解析\n两行"


def test_flexible_headers_below_a_title_row():
    data = xlsx_bytes(
        {
            "Sheet1": [
                ["安全生产题库导入表"],
                [],
                ["题型（必填）", "题目", "A", "B选项", "选项 C", "*答案", "答案解析", "难易程度"],
                ["单项选择题", "按照（ ）培训。", "甲", "乙", "丙", "C", "因为丙。", "困难"],
            ]
        }
    )

    (question,) = parse_xlsx_bank(data).questions

    assert question.type is QuestionType.SINGLE
    assert [o.text for o in question.options] == ["甲", "乙", "丙"]
    assert question.answer == ("C",)
    assert question.explanation == "因为丙。"
    assert question.difficulty == "难"
    assert question.source_ref == "第4行"


@pytest.mark.parametrize(
    ("label", "qtype"),
    [
        ("单选", QuestionType.SINGLE),
        ("单选题", QuestionType.SINGLE),
        ("单项选择题", QuestionType.SINGLE),
        ("多选", QuestionType.MULTIPLE),
        ("多项选择题", QuestionType.MULTIPLE),
        ("判断", QuestionType.TRUE_FALSE),
        ("判断题", QuestionType.TRUE_FALSE),
        ("是非题", QuestionType.TRUE_FALSE),
        ("填空", QuestionType.FILL),
        ("填空题", QuestionType.FILL),
    ],
)
def test_type_labels(label, qtype):
    answers = {
        QuestionType.SINGLE: "A",
        QuestionType.MULTIPLE: "AB",
        QuestionType.TRUE_FALSE: "对",
        QuestionType.FILL: "甲",
    }
    options = ["甲", "乙", "丙"] if qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE) else []
    options += [""] * (3 - len(options))
    data = xlsx_bytes(
        {
            "题库": [
                ["题型", "题干", "A", "B", "C", "答案"],
                [label, "甲____（ ）", *options, answers[qtype]],
            ]
        }
    )

    (question,) = parse_xlsx_bank(data).questions

    assert question.type is qtype
    assert question.is_valid


def test_blank_type_is_inferred_and_cells_of_other_kinds_are_text():
    data = xlsx_bytes(
        {
            "题库": [
                ["题型", "题干", "选项A", "选项B", "选项C", "答案", "难度"],
                [None, "安全距离不小于（ ）米。", 1.5, 2, 3.0, "BC", 2],
                [None, "可以不培训。", None, None, None, False, None],
            ]
        }
    )

    multiple, true_false = parse_xlsx_bank(data).questions

    assert multiple.type is QuestionType.MULTIPLE
    assert [o.text for o in multiple.options] == ["1.5", "2", "3"]
    assert multiple.difficulty == "中"
    assert true_false.type is QuestionType.TRUE_FALSE  # Excel FALSE
    assert true_false.answer == ("false",)


def test_tags_split_on_common_separators():
    data = xlsx_bytes(
        {
            "题库": [
                ["题型", "题干", "答案", "适用层级", "专业", "岗位", "知识点"],
                [
                    "判断",
                    "甲。",
                    "对",
                    "全员、新员工",
                    "危险化学品,烟花爆竹",
                    "操作工；班组长",
                    "防火/防爆",
                ],
            ]
        }
    )

    (question,) = parse_xlsx_bank(data).questions

    assert question.levels == ("全员", "新员工")
    assert question.specialties == ("危险化学品", "烟花爆竹")
    assert question.posts == ("操作工", "班组长")
    assert question.topics == ("防火", "防爆")


def test_one_sheet_per_type_without_a_type_column():
    data = xlsx_bytes(
        {
            "单选题": [["题干", "A", "B", "答案"], ["甲（ ）", "一", "二", "A"]],
            "判断题": [["题干", "答案"], ["乙。", "错"]],
            "说明": [["请按模板填写"]],
        }
    )

    single, true_false = parse_xlsx_bank(data).questions

    assert single.type is QuestionType.SINGLE
    assert true_false.type is QuestionType.TRUE_FALSE
    assert single.source_ref == "工作表“单选题”第2行"
    assert true_false.source_ref == "工作表“判断题”第2行"


def test_all_options_in_one_column():
    data = xlsx_bytes(
        {"题库": [["题型", "题干", "选项", "答案"], ["单选", "甲（ ）", "A.一 B.二\nC.三", "C"]]}
    )

    (question,) = parse_xlsx_bank(data).questions

    assert question.options == (Option("A", "一"), Option("B", "二"), Option("C", "三"))


def test_empty_rows_and_rows_with_only_a_type_are_ignored():
    data = xlsx_bytes(
        {
            "题库": [
                ["题型", "题干", "答案"],
                ["判断", "甲。", "对"],
                [None, None],
                ["", " "],
                ["判断题", "", ""],
                ["判断", "乙。", "错"],
            ]
        }
    )

    report = parse_xlsx_bank(data)

    assert [q.source_ref for q in report.questions] == ["第2行", "第6行"]
    assert report.skipped == ()


def test_template_layout():
    workbook = openpyxl.load_workbook(io.BytesIO(build_template_xlsx()))

    assert workbook.sheetnames == ["题库", "填写说明"]
    header = [cell.value for cell in workbook["题库"][1]]
    assert header == list(TEMPLATE_COLUMNS)
    assert TEMPLATE_COLUMNS[:2] == ("题型", "题干")
    assert TEMPLATE_COLUMNS[2:8] == tuple(f"选项{key}" for key in "ABCDEF")
    assert workbook["题库"].max_row == 2  # header + one example
    notes = [row[0] for row in workbook["填写说明"].iter_rows(values_only=True)]
    assert "题型" in notes and "答案" in notes


def test_template_example_is_skipped_but_real_rows_are_read():
    workbook = openpyxl.load_workbook(io.BytesIO(build_template_xlsx()))
    workbook["题库"].append(["判断题", "企业可以不培训。", *[""] * 6, "错误"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    report = parse_xlsx_bank(buffer.getvalue())

    assert len(report.questions) == 1
    assert report.questions[0].answer == ("false",)
    assert [item.kind for item in report.skipped] == ["example"]


def test_template_example_itself_is_a_valid_question():
    workbook = openpyxl.load_workbook(io.BytesIO(build_template_xlsx()))
    example = [cell.value or "" for cell in workbook["题库"][2]]
    example[1] = example[1].removeprefix("（示例）")
    data = xlsx_bytes({"题库": [list(TEMPLATE_COLUMNS), example]})

    (question,) = parse_xlsx_bank(data).questions

    assert question.is_valid
    assert question.type is QuestionType.SINGLE
    assert question.basis == "《安全生产法》第五条"
    assert question.topics == ("法律法规",)
