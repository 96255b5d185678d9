"""parse_question_file picks the parser by extension and content; report_to_json's shape."""

from __future__ import annotations

import json

from importers.questions import (
    QuestionType,
    parse_question_file,
    report_to_json,
)

from .builders import csv_bytes, docx_bytes, xlsx_bytes

TEXT_BANK = """\
一、单选题（每题2分）
1.员工考核不合格的，应当按照（ ）培训标准脱产培训。
A.特种作业人员 B.新上岗人员 C.班组长 D.主要负责人
答案：B
二、判断题
1.企业主要负责人是第一责任人。（√）
"""


def test_each_extension_reaches_its_parser():
    docx = docx_bytes(["1.【判断】甲。", "答案：对"])
    xlsx = xlsx_bytes({"题库": [["题型", "题干", "答案"], ["判断", "甲。", "对"]]})
    csv = csv_bytes([["题型", "题干", "答案"], ["判断", "甲。", "对"]], "utf-8-sig")
    xml = b'<quiz><question type="truefalse"><questiontext><text>x</text></questiontext><answer fraction="100"><text>true</text></answer></question></quiz>'
    gift = "甲。{T}".encode()
    aiken = "甲？\nA. 一\nB. 二\nANSWER: A\n".encode()

    for name, data in [
        ("a.docx", docx),
        ("a.DOCX", docx),
        ("a.xlsx", xlsx),
        ("a.csv", csv),
        ("a.xml", xml),
        ("a.gift", gift),
        ("a.txt", gift),
        ("a.txt", aiken),
    ]:
        report = parse_question_file(name, data)
        assert len(report.questions) == 1, name
        assert report.questions[0].is_valid, (name, report.questions[0].problems)


def test_plain_text_in_the_word_layout():
    report = parse_question_file("题库.txt", TEXT_BANK.encode("gbk"))

    single, true_false = report.questions
    assert single.type is QuestionType.SINGLE
    assert [o.text for o in single.options] == [
        "特种作业人员",
        "新上岗人员",
        "班组长",
        "主要负责人",
    ]
    assert single.source_ref == "第2行"
    assert true_false.answer == ("true",)
    assert true_false.source_ref == "第6行"


def test_existing_stems_are_checked():
    data = docx_bytes(["1.【判断】企业主要负责人是第一责任人。", "答案：对"])

    clean = parse_question_file("a.docx", data)
    known = parse_question_file("a.docx", data, existing_stems=["企业主要负责人是第一责任人"])

    assert clean.questions[0].is_valid
    assert not known.questions[0].is_valid


def test_report_to_json():
    report = parse_question_file(
        "a.docx",
        docx_bytes(
            [
                "一、法律法规",
                "1.【单选】按照（ ）培训。",
                "A.甲",
                "B.乙",
                "答案：A",
                "解析：因为甲。",
                "难度：易",
                "适用层级：全员",
                "依据：《安全生产法》第二十八条",
                "2.【多选】包括（ ）。",
                "A.甲",
                "B.乙",
                "C.丙",
                "答案：B",
            ]
        ),
    )

    data = report_to_json(report)

    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert data[0] == {
        "type": "single",
        "stem": "按照（ ）培训。",
        "options": [{"key": "A", "text": "甲"}, {"key": "B", "text": "乙"}],
        "answer": ["A"],
        "explanation": "因为甲。",
        "difficulty": "易",
        "levels": ["全员"],
        "specialties": [],
        "posts": [],
        "topics": ["法律法规"],
        "basis": "《安全生产法》第二十八条",
        "source_ref": "第2段",
        "problems": [],
    }
    assert data[1]["type"] == "multiple"
    assert data[1]["problems"] == [
        {
            "code": "multiple_with_one_answer",
            "message": "第2题（第10段）：多选题只有一个答案“B”，请核对题型或答案",
        }
    ]


def test_json_of_an_untyped_question_has_null_type():
    report = parse_question_file("a.txt", "1.简述动火作业要求。\n答案：办票。".encode())

    (item,) = report_to_json(report)
    assert item["type"] is None
    assert item["problems"][0]["code"] == "unknown_type"
