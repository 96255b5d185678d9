"""The sign-in sheet parser and matcher (pure: no database)."""

from __future__ import annotations

import io

import openpyxl
import pytest

from training.signin_sheet import Person, SheetError, match_rows, read_sheet

PEOPLE = [
    Person(1, "A0001", "张三", "1234"),
    Person(2, "A0002", "李四", "5678"),
    Person(3, "", "王五", "000X"),
    Person(4, "", "王五", "1111"),
]


def sheet(*rows, header=("工号", "姓名", "身份证后四位")) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(header)
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_rows_match_by_employee_number_or_name_and_last_four():
    rows = read_sheet(sheet(("A0001", "张三", ""), ("", "王五", "000x"), (None, None, None)))
    matched = match_rows(rows, PEOPLE)
    assert [(r.line, r.staff_id, r.problem) for r in matched] == [(2, 1, ""), (3, 3, "")]


def test_each_bad_row_says_what_and_where():
    rows = read_sheet(
        sheet(("A0009", "", ""), ("A0002", "张三", ""), ("", "赵六", "9999"), ("", "李四", ""))
    )
    problems = [r.problem for r in match_rows(rows, PEOPLE)]
    assert problems == [
        "第 2 行：本企业没有工号为 A0009 的在职人员。",
        "第 3 行：工号 A0002 是 李四，与表中姓名“张三”不符。",
        "第 4 行：本企业没有姓名为“赵六”、身份证后四位为 9999 的在职人员。",
        "第 5 行：请填写工号，或姓名和身份证后四位。",
    ]


def test_a_person_listed_twice_counts_once():
    matched = match_rows(read_sheet(sheet(("A0001", "", ""), ("", "张三", "1234"))), PEOPLE)
    assert matched[0].staff_id == 1 and matched[1].staff_id is None
    assert "重复出现" in matched[1].problem


def test_excel_numbers_read_as_text():
    people = [Person(7, "1001", "钱七", "")]
    assert match_rows(read_sheet(sheet((1001.0, "钱七", ""))), people)[0].staff_id == 7


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not a spreadsheet", "不是有效的 Excel"),
        (sheet(header=("序号", "部门")), "表头"),
    ],
)
def test_an_unreadable_file_gets_a_clear_chinese_message(data, message):
    with pytest.raises(SheetError, match=message):
        read_sheet(data)
