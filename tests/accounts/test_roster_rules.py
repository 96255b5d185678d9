"""Roster rows sorted into 新增 / 变更 / 问题 before anything is written: pure, no database."""

from __future__ import annotations

import io
from datetime import date, datetime

import openpyxl
import pytest

from accounts.roster import (
    CHANGED,
    COLUMNS,
    NEW,
    PROBLEM,
    UNCHANGED,
    PersonFacts,
    RosterContext,
    RosterFileError,
    RosterRow,
    build_template_xlsx,
    check_roster,
    read_roster_xlsx,
)
from tests.accounts.roster_files import id_number, roster_xlsx

CONTEXT = RosterContext(
    departments=frozenset({"合成车间", "储运车间"}),
    known_posts=frozenset({"合成岗", "中控岗", "储运岗"}),
    existing={
        "A001": PersonFacts(
            employee_no="A001",
            name="李四",
            phone="13900000001",
            department="合成车间",
            level="operator",
            specialty="process",
            post="合成岗",
        ),
        "A009": PersonFacts(employee_no="A009", name="王五", level="operator", left=True),
    },
    phones={"13900000001": "A001"},
)


def row(no="A100", name="张三", phone="13800000000", ident="", dept="合成车间", level="操作人员",
        specialty="工艺", post="合成岗", hired=""):  # fmt: skip
    return (no, name, phone, ident, dept, level, specialty, post, hired)


def check(*rows):
    return check_roster(read_roster_xlsx(roster_xlsx(rows)), CONTEXT)


def test_a_new_person_is_new_and_their_id_is_masked_at_once():
    [result] = check(row(ident=id_number(7), hired=datetime(2024, 3, 1)))
    assert result.action == NEW
    assert result.facts.id_masked == "**************" + id_number(7)[-4:]
    assert id_number(7)[:14] not in str(result.to_json())
    assert result.facts.hire_date == date(2024, 3, 1)
    assert result.facts.level == "operator"


def test_a_known_person_with_a_new_post_is_a_change_listing_old_and_new():
    [result] = check(row(no="A001", name="李四", phone="13900000001", post="中控岗"))
    assert result.action == CHANGED
    assert result.changes == ("岗位：合成岗 → 中控岗",)


def test_blank_cells_keep_what_is_on_record():
    [result] = check(row(no="A001", name="李四", phone="", dept="", specialty="", post=""))
    assert result.action == UNCHANGED


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ({"dept": "不存在车间"}, "部门“不存在车间”不存在"),
        ({"post": "烧烤岗"}, "岗位“烧烤岗”不是本企业已有岗位"),
        ({"phone": "1390000"}, "手机号“1390000”格式不正确"),
        ({"ident": "140404199001010011"}, "身份证号校验位不正确"),
        ({"level": "老板"}, "层级“老板”无效"),
        ({"hired": "去年春天"}, "入职日期“去年春天”无法识别"),
        ({"name": ""}, "姓名必填"),
        ({"level": ""}, "新增人员必须填写层级"),
        ({"phone": "13900000001"}, "已被本企业工号 A001 的人员使用"),
        ({"no": "A009", "name": "王五"}, "已离职，不能通过导入恢复"),
    ],
)
def test_each_problem_is_named_on_its_row(cells, message):
    [result] = check(row(**cells))
    assert result.action == PROBLEM
    assert any(message in problem for problem in result.problems), result.problems


def test_a_duplicate_employee_no_marks_both_rows_with_their_lines():
    first, second, other = check(
        row(no="B1"), row(no="B1", phone="13800000002"), row(no="B2", phone="13800000003")
    )
    assert first.action == second.action == PROBLEM
    assert "工号 B1 在文件中重复（第 2、3 行）" in first.problems[-1]
    assert other.action == NEW


def test_rows_survive_the_session_round_trip():
    [result] = check(row(ident=id_number(3), hired="2023/05/06"))
    assert RosterRow.from_json(result.to_json()) == result


def test_a_file_without_the_key_columns_is_refused_as_a_whole():
    with pytest.raises(RosterFileError, match="第1行（表头）缺少列：工号"):
        read_roster_xlsx(roster_xlsx([("张三",)], header=("姓名",)))
    with pytest.raises(RosterFileError, match="不是有效的 Excel"):
        read_roster_xlsx(b"not a workbook")


def test_the_template_has_every_column_and_its_example_is_never_imported():
    data = build_template_xlsx()
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    assert [c.value for c in sheet[1]] == list(COLUMNS)
    assert sheet.max_row == 2
    assert read_roster_xlsx(data) == []
