"""A training session's sign-in sheet (.xlsx): who attended, by 工号 or 姓名 + 身份证后四位.

Pure (no Django): the caller passes the enterprise's people as ``Person`` records; every
row is matched or gets a Chinese reason naming its line. Writing is ``training.ledger``.
"""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

import openpyxl

from importers.office_files import (
    OfficeFileError,
    OfficeLimits,
    SheetLimits,
    check_office_zip,
    iter_sheet_rows,
)

COLUMNS = ("工号", "姓名", "身份证后四位")
#: A sign-in sheet lists a session's attendees: a few hundred at most.
MAX_ROWS = 2000
SIGNIN_LIMITS = OfficeLimits(max_member_bytes=8 * 1024 * 1024, max_total_bytes=32 * 1024 * 1024)
SHEET_LIMITS = SheetLimits(max_rows=MAX_ROWS + 50, max_columns=30)
_ALIASES = {"身份证号后四位": "身份证后四位", "身份证后4位": "身份证后四位", "员工编号": "工号"}


class SheetError(ValueError):
    """The file cannot be read as a sign-in sheet at all (message in Chinese)."""


@dataclass(frozen=True, slots=True)
class Person:
    staff_id: int
    employee_no: str
    name: str
    id_last4: str


@dataclass(frozen=True, slots=True)
class SheetRow:
    line: int
    employee_no: str
    name: str
    id_last4: str
    staff_id: int | None = None
    problem: str = ""

    @property
    def label(self) -> str:
        return " ".join(part for part in (self.employee_no, self.name) if part) or "（空）"


def _text(value: object) -> str:
    if isinstance(value, datetime | date):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel turns 0012 into 12.0; 工号 A0012 stays text
    return "" if value is None else str(value).strip()


def read_sheet(data: bytes) -> list[tuple[int, dict[str, str]]]:
    """(line, {heading: text}) for each non-empty row under the header row."""
    try:
        check_office_zip(data, SIGNIN_LIMITS)
    except OfficeFileError as exc:
        raise SheetError(str(exc)) from exc
    except Exception as exc:  # not a zip at all
        raise SheetError("文件不是有效的 Excel（.xlsx）文件，请用模板填写签到表后上传。") from exc
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zip, XML and key errors alike
        raise SheetError("文件不是有效的 Excel（.xlsx）文件，请用模板填写签到表后上传。") from exc
    try:
        rows = iter_sheet_rows(workbook.worksheets[0], SHEET_LIMITS)
        header = [_ALIASES.get(_text(v), _text(v)) for v in next(rows, ())]
        if "工号" not in header and not {"姓名", "身份证后四位"} <= set(header):
            raise SheetError(
                "第 1 行（表头）须有“工号”列，或“姓名”和“身份证后四位”两列。"
                "请使用下载的签到表模板，表头为：" + "、".join(COLUMNS)
            )
        found = []
        for line, row in enumerate(rows, start=2):
            values = {h: _text(v) for h, v in zip(header, row, strict=False) if h in COLUMNS}
            if any(values.values()):
                found.append((line, values))
            if len(found) > MAX_ROWS:
                raise SheetError(f"一张签到表最多 {MAX_ROWS} 人，请分批上传。")
    except OfficeFileError as exc:
        raise SheetError(str(exc)) from exc
    finally:
        workbook.close()
    return found


def match_rows(rows: list[tuple[int, dict[str, str]]], people: list[Person]) -> list[SheetRow]:
    """Each row matched to one person of the enterprise, or the reason it is not."""
    by_no = {p.employee_no: p for p in people if p.employee_no}
    by_name: dict[tuple[str, str], list[Person]] = {}
    for p in people:
        by_name.setdefault((p.name, p.id_last4.upper()), []).append(p)
    matched: list[SheetRow] = []
    for line, values in rows:
        no, name = values.get("工号", ""), values.get("姓名", "")
        last4 = values.get("身份证后四位", "").upper()
        found, problem = None, ""
        if no:
            found = by_no.get(no)
            if found is None:
                problem = f"第 {line} 行：本企业没有工号为 {no} 的在职人员。"
            elif name and name != found.name:
                problem = f"第 {line} 行：工号 {no} 是 {found.name}，与表中姓名“{name}”不符。"
                found = None
        elif name and last4:
            candidates = by_name.get((name, last4), [])
            if len(candidates) == 1:
                found = candidates[0]
            elif candidates:
                problem = f"第 {line} 行：有多名“{name}”身份证后四位都是 {last4}，请填写工号。"
            else:
                problem = (
                    f"第 {line} 行：本企业没有姓名为“{name}”、身份证后四位为 {last4} 的在职人员。"
                )
        else:
            problem = f"第 {line} 行：请填写工号，或姓名和身份证后四位。"
        matched.append(SheetRow(line, no, name, last4, found.staff_id if found else None, problem))
    seen = Counter(r.staff_id for r in matched if r.staff_id is not None)
    result = []
    first: set[int] = set()
    for row in matched:
        if row.staff_id is not None and seen[row.staff_id] > 1:
            if row.staff_id in first:
                row = SheetRow(
                    row.line,
                    row.employee_no,
                    row.name,
                    row.id_last4,
                    None,
                    f"第 {row.line} 行：{row.label} 在签到表中重复出现，只计一次。",
                )
            first.add(row.staff_id or 0)
        result.append(row)
    return result


def build_template_xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "签到表"
    sheet.append(COLUMNS)
    for column in "ABC":
        sheet.column_dimensions[column].width = 16
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
