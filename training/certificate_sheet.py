"""The certificate import sheet (.xlsx): its template and a pure parser (no Django).

Each row becomes a ``SheetRow`` with what it says and its problems, each naming the row
and column in Chinese; matching people and categories against the database is the
service's job (``training.certificates``).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import asdict, dataclass, field

import openpyxl

from importers.office_files import (
    OfficeFileError,
    OfficeLimits,
    SheetLimits,
    check_office_zip,
    iter_sheet_rows,
)
from safetykb.cells import unneutralise
from training.rules.certificates import CertificateKind

COLUMNS = (
    "工号",
    "姓名",
    "身份证后四位",
    "证书种类",
    "作业类别",
    "证书编号",
    "发证机关",
    "发证日期",
    "有效期至",
    "复审日期",
    "备注",
)
REQUIRED = ("姓名", "证书种类", "证书编号")
EXAMPLE_ROW = (
    "A0001",
    "示例员工",
    "",
    "特种作业操作证",
    "低压电工作业",
    "T140404199001011234",
    "长治市应急管理局",
    "2023-05-10",
    "2029-05-09",
    "2026-05-09",
    "第2行为示例，不会导入",
)
MAX_ROWS = 2000
#: A sheet of 2,000 rows × 11 columns is well under a megabyte of XML.
LIMITS = OfficeLimits(max_member_bytes=8 * 1024 * 1024, max_total_bytes=16 * 1024 * 1024)
SHEET_LIMITS = SheetLimits(max_rows=MAX_ROWS + 10, max_columns=30)

#: What people write in 证书种类, mapped to the kind (labels and common short forms).
KIND_BY_TEXT = {kind.label: kind for kind in CertificateKind} | {
    "安全生产知识和管理能力考核合格证": CertificateKind.MANAGEMENT,
    "考核合格证": CertificateKind.MANAGEMENT,
    "安全管理人员证": CertificateKind.MANAGEMENT,
    "主要负责人证": CertificateKind.MANAGEMENT,
    "特种作业证": CertificateKind.SPECIAL_OPERATION,
    "特种设备证": CertificateKind.SPECIAL_EQUIPMENT,
    "特种设备作业证": CertificateKind.SPECIAL_EQUIPMENT,
    "注册安全工程师证": CertificateKind.REGISTERED_ENGINEER,
    "上岗合格证": CertificateKind.POST,
}
DATE_PATTERNS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日")


class CertificateSheetError(ValueError):
    """The file as a whole cannot be read (the message is Chinese)."""


@dataclass
class SheetRow:
    line: int
    employee_no: str = ""
    name: str = ""
    id_last4: str = ""
    kind: str = ""  # a CertificateKind value, "" when unreadable
    category: str = ""
    number: str = ""
    issuer: str = ""
    issued_on: str = ""  # ISO dates: rows wait in the session as JSON
    expires_on: str = ""
    review_due_on: str = ""
    note: str = ""
    problems: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> SheetRow:
        return cls(**data)

    @property
    def kind_label(self) -> str:
        return CertificateKind(self.kind).label if self.kind else ""


def build_template() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "证书"
    sheet.append(COLUMNS)
    sheet.append(EXAMPLE_ROW)
    for index, width in enumerate((10, 10, 12, 30, 20, 24, 20, 12, 12, 12, 24), start=1):
        sheet.column_dimensions[openpyxl.utils.get_column_letter(index)].width = width
    for column in "ABCF":  # keep leading zeros of 工号 and numbers as text
        for cell in sheet[column]:
            cell.number_format = "@"
    notes = workbook.create_sheet("填写说明")
    for line in (
        "姓名、证书种类、证书编号必填；用工号找人（姓名须一致），没有工号时填身份证后四位。",
        "证书种类可填：" + "、".join(kind.label for kind in CertificateKind),
        "特种作业操作证、特种设备作业人员证须填作业类别（如 低压电工作业、氯化工艺作业）。",
        "日期写成 2025-06-30；有效期至、复审日期没有的留空。第2行为示例，不会导入。",
    ):
        notes.append((line,))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unneutralise(str(value).strip())


def _date(row: SheetRow, column: str, text: str) -> str:
    if not text:
        return ""
    for pattern in DATE_PATTERNS:
        try:
            return dt.datetime.strptime(text, pattern).date().isoformat()
        except ValueError:
            continue
    row.problems.append(f"「{column}」“{text}”不是日期，请写成 2025-06-30。")
    return ""


def parse_sheet(data: bytes, *, today: dt.date) -> list[SheetRow]:
    """The rows under the header, each with its problems; raises for an unreadable file."""
    try:
        check_office_zip(data, LIMITS)
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except OfficeFileError as exc:
        raise CertificateSheetError(str(exc)) from exc
    except Exception as exc:  # openpyxl raises zip, XML and key errors alike
        raise CertificateSheetError(
            "文件不是有效的 Excel（.xlsx）文件，请用模板填写后上传。"
        ) from exc
    try:
        rows = iter_sheet_rows(workbook.worksheets[0], SHEET_LIMITS)
        header = [_text(v) for v in next(rows, ())]
        missing = [name for name in REQUIRED if name not in header]
        if missing:
            raise CertificateSheetError(
                f"第1行（表头）缺少列：{'、'.join(missing)}。请使用下载的模板，表头为："
                + "、".join(COLUMNS)
            )
        found: list[SheetRow] = []
        for line, cells in enumerate(rows, start=2):
            values = {h: _text(v) for h, v in zip(header, cells, strict=False) if h in COLUMNS}
            if not any(values.values()) or values.get("证书编号") == EXAMPLE_ROW[5]:
                continue
            if len(found) >= MAX_ROWS:
                raise CertificateSheetError(f"一次最多导入 {MAX_ROWS} 张证书，请分批上传。")
            found.append(_row(line, values, today))
    except OfficeFileError as exc:
        raise CertificateSheetError(str(exc)) from exc
    finally:
        workbook.close()
    return found


def _row(line: int, values: dict[str, str], today: dt.date) -> SheetRow:
    row = SheetRow(
        line=line,
        employee_no=values.get("工号", ""),
        name=values.get("姓名", ""),
        id_last4=values.get("身份证后四位", "").upper(),
        category=values.get("作业类别", ""),
        number=values.get("证书编号", ""),
        issuer=values.get("发证机关", ""),
        note=values.get("备注", ""),
    )
    for column in REQUIRED:
        if not values.get(column):
            row.problems.append(f"「{column}」必填。")
    if not row.employee_no and not row.id_last4 and row.name:
        row.problems.append("「工号」和「身份证后四位」至少填一项，用来确认是哪一位人员。")
    kind_text = values.get("证书种类", "")
    if kind_text:
        kind = KIND_BY_TEXT.get(kind_text)
        if kind is None:
            row.problems.append(
                f"「证书种类」“{kind_text}”无法识别，可填："
                + "、".join(k.label for k in CertificateKind)
                + "。"
            )
        else:
            row.kind = kind.value
            needs_category = kind in (
                CertificateKind.SPECIAL_OPERATION,
                CertificateKind.SPECIAL_EQUIPMENT,
            )
            if needs_category and not row.category:
                row.problems.append(f"「作业类别」必填：{kind.label}须写明作业类别。")
    row.issued_on = _date(row, "发证日期", values.get("发证日期", ""))
    row.expires_on = _date(row, "有效期至", values.get("有效期至", ""))
    row.review_due_on = _date(row, "复审日期", values.get("复审日期", ""))
    if row.issued_on and row.issued_on > today.isoformat():
        row.problems.append(f"「发证日期」{row.issued_on} 晚于今天。")
    if row.issued_on and row.expires_on and row.expires_on < row.issued_on:
        row.problems.append(f"「有效期至」{row.expires_on} 早于发证日期 {row.issued_on}。")
    if row.expires_on and row.review_due_on and row.review_due_on > row.expires_on:
        row.problems.append(f"「复审日期」{row.review_due_on} 晚于有效期 {row.expires_on}。")
    return row
