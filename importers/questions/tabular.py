"""Spreadsheet question banks (.xlsx, .csv) in the import template's columns.

Headers are matched loosely ("A" / "选项A" / "A选项", "题目" for 题干, notes in
brackets and "*" ignored) and may sit below a title row; every sheet with such a
header is read. Rows whose stem starts with "（示例）" are the template's example.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import IO, Any

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from importers.office_files import (
    BANK_LIMITS,
    OfficeFileError,
    SheetLimits,
    check_office_zip,
    iter_sheet_rows,
)
from safetykb.cells import safe_cell, unneutralise

from .assemble import RawQuestion, assemble
from .model import FileFormatError, Option, ParsedQuestion, ParseReport, SkippedItem
from .sniff import decode_text, wrong_kind_message
from .text_layout import match_option_start, split_options
from .vocab import OPTION_KEYS, fold, split_tags, type_label

__all__ = [
    "EXAMPLE_MARK",
    "TEMPLATE_COLUMNS",
    "build_template_xlsx",
    "parse_csv_bank",
    "parse_xlsx_bank",
    "write_bank_xlsx",
]

TEMPLATE_COLUMNS = (
    "题型",
    "题干",
    "选项A",
    "选项B",
    "选项C",
    "选项D",
    "选项E",
    "选项F",
    "答案",
    "解析",
    "难度",
    "适用层级",
    "专业",
    "岗位",
    "依据",
    "知识点",
)
EXAMPLE_MARK = "（示例）"
_HEADER_SCAN_ROWS = 20
# Rows and columns read per sheet. The template has 16 columns (50 leaves room for notes
# and helper columns); the largest banks we have seen hold ~10,000 questions, one a row,
# and 50,000 rows of 16 short cells stay in the tens of MB a request can afford.
SHEET_LIMITS = SheetLimits(max_rows=50_000, max_columns=50)

Source = str | os.PathLike[str] | IO[bytes] | bytes


class _Field(StrEnum):
    TYPE = "type"
    STEM = "stem"
    OPTIONS = "options"  # all options in one cell: "A.xx B.yy"
    ANSWER = "answer"
    EXPLANATION = "explanation"
    DIFFICULTY = "difficulty"
    LEVELS = "levels"
    SPECIALTIES = "specialties"
    POSTS = "posts"
    BASIS = "basis"
    TOPICS = "topics"


_ALIASES: dict[str, _Field] = {}
for _field, _names in (
    (_Field.TYPE, "题型 题目类型 试题类型 类型 题类"),
    (_Field.STEM, "题干 题目 试题 题目内容 试题内容 题干内容 问题"),
    (_Field.OPTIONS, "选项 选项内容 备选项"),
    (_Field.ANSWER, "答案 正确答案 参考答案 标准答案"),
    (_Field.EXPLANATION, "解析 答案解析 试题解析 题目解析 解释"),
    (_Field.DIFFICULTY, "难度 难易程度 难易度 难度等级"),
    (_Field.LEVELS, "适用层级 层级 适用对象"),
    (_Field.SPECIALTIES, "专业 适用专业 专业类别"),
    (_Field.POSTS, "岗位 适用岗位"),
    (_Field.BASIS, "依据 法律依据 法规依据 出处 参考依据"),
    (_Field.TOPICS, "知识点 主题 分类 章节 考点"),
):
    for _name in _names.split():
        _ALIASES[_name] = _field

_OPTION_HEADER_RE = re.compile(r"^(?:选项)?([A-H])(?:选项)?$")
_HEADER_NOISE_RE = re.compile(r"\(.*?\)|[\s*:]")


def _header_key(value: str) -> _Field | str | None:
    """The field a header names, an option key ("A") for option columns, or None."""
    text = _HEADER_NOISE_RE.sub("", fold(value)).upper()
    if match := _OPTION_HEADER_RE.match(text):
        return match.group(1)
    return _ALIASES.get(text)


def _find_header(rows: Sequence[Sequence[str]]) -> tuple[int, dict[_Field | str, int]] | None:
    """(row index, column of each field) of the first row naming 题干 and an answer/type."""
    for index, row in enumerate(rows[:_HEADER_SCAN_ROWS]):
        columns: dict[_Field | str, int] = {}
        for column, value in enumerate(row):
            key = _header_key(value) if value else None
            if key is not None and key not in columns:
                columns[key] = column
        if _Field.STEM in columns and (_Field.ANSWER in columns or _Field.TYPE in columns):
            return index, columns
    return None


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        # Excel turns a typed TRUE/FALSE into a boolean cell: in a bank that is a 判断 answer.
        return "正确" if value else "错误"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _rows_to_report(
    sheets: Iterable[tuple[str, list[list[str]]]], *, row_offset: int = 1
) -> ParseReport:
    found = [
        (title, rows, header)
        for title, rows in sheets
        if (header := _find_header(rows)) is not None
    ]
    if not found:
        raise FileFormatError(
            "没有找到表头：表格中应有“题干”“答案”等列，请按导入模板填写（"
            + "、".join(TEMPLATE_COLUMNS)
            + "）"
        )
    questions: list[ParsedQuestion] = []
    skipped: list[SkippedItem] = []
    for title, rows, (header_index, columns) in found:
        prefix = f"工作表“{title}”" if len(found) > 1 else ""
        # A sheet named 单选题 types the rows that leave 题型 empty.
        sheet_label = title if type_label(title) is not None else None
        for index in range(header_index + 1, len(rows)):
            row = rows[index]
            if not any(cell.strip() for cell in row):
                continue
            ref = f"{prefix}第{index + row_offset}行"
            outcome = _row_question(row, columns, ref, sheet_label)
            if isinstance(outcome, SkippedItem):
                skipped.append(outcome)
            elif outcome is not None:
                questions.append(outcome)
    return ParseReport(questions=tuple(questions), skipped=tuple(skipped))


def _row_question(
    row: Sequence[str], columns: dict[_Field | str, int], ref: str, sheet_label: str | None
) -> ParsedQuestion | SkippedItem | None:
    """The row's question; a SkippedItem for the template's example; None for a row
    with no stem, options or answer (e.g. only a pre-filled 题型)."""

    def get(key: _Field | str) -> str:
        column = columns.get(key)
        # unneutralise: our own exports put "'" before text like "=…" (safetykb.cells).
        return unneutralise(row[column].strip()) if column is not None and column < len(row) else ""

    stem = get(_Field.STEM)
    if stem.startswith((EXAMPLE_MARK, "(示例)", "【示例】")):
        return SkippedItem(ref, "example", f"{ref}是模板示例，已跳过")
    options = [Option(key, get(key)) for key in OPTION_KEYS if get(key)]
    if not options and (combined := get(_Field.OPTIONS)):
        options = _split_combined_options(combined)
    if not (stem or options or get(_Field.ANSWER)):
        return None
    return assemble(
        RawQuestion(
            place=ref,
            source_ref=ref,
            stem=stem,
            type_label=get(_Field.TYPE) or sheet_label,
            options=tuple(options),
            answer=get(_Field.ANSWER) or None,
            explanation=get(_Field.EXPLANATION),
            difficulty=get(_Field.DIFFICULTY),
            levels=split_tags(get(_Field.LEVELS)),
            specialties=split_tags(get(_Field.SPECIALTIES)),
            posts=split_tags(get(_Field.POSTS)),
            topics=split_tags(get(_Field.TOPICS)),
            basis=get(_Field.BASIS),
        )
    )


def _split_combined_options(text: str) -> list[Option]:
    """ "A.xx B.yy" or one option per line in a single 选项 cell."""
    options: list[Option] = []
    for line in text.splitlines():
        folded = fold(line.strip())
        if start := match_option_start(folded):
            key, end, paren = start
            options.extend(split_options(folded, line.strip(), key, end, paren))
        elif options and line.strip():
            last = options[-1]
            options[-1] = Option(last.key, f"{last.text} {line.strip()}")
    return options


def _read_bytes(source: Source) -> bytes:
    if isinstance(source, bytes):
        return source
    if isinstance(source, str | os.PathLike):
        with open(source, "rb") as handle:
            return handle.read()
    return source.read()


def parse_xlsx_bank(source: Source) -> ParseReport:
    """Parse an Excel (.xlsx) bank; every sheet with a recognisable header is read."""
    data = _read_bytes(source)
    if not data:
        raise FileFormatError("Excel 文件为空")
    if message := wrong_kind_message(data, "xlsx", "这不是 Excel（.xlsx）文件，而是"):
        raise FileFormatError(message)
    try:
        check_office_zip(data, BANK_LIMITS)
    except OfficeFileError as exc:
        raise FileFormatError(str(exc)) from exc
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zip, XML and key errors alike
        raise FileFormatError(
            "Excel 文件已损坏，无法读取，请用 Excel 打开后另存为 .xlsx 再上传"
        ) from exc
    try:
        sheets = [
            (
                sheet.title,
                [
                    [_cell_text(value) for value in row]
                    for row in iter_sheet_rows(sheet, SHEET_LIMITS)
                ],
            )
            for sheet in workbook.worksheets
        ]
    except OfficeFileError as exc:
        raise FileFormatError(str(exc)) from exc
    finally:
        workbook.close()
    return _rows_to_report(sheets)


def parse_csv_bank(source: Source) -> ParseReport:
    """Parse a CSV bank in UTF-8 (BOM or not), UTF-16 or GBK/GB18030; , tab or ; separated."""
    data = _read_bytes(source)
    if not data.strip():
        raise FileFormatError("CSV 文件为空")
    if message := wrong_kind_message(data, "text", "这不是 CSV 文本文件，而是"):
        raise FileFormatError(message)
    text = decode_text(data, "CSV 文件")
    last_error: FileFormatError | None = None
    for delimiter in (",", "\t", ";"):
        rows = [
            [cell.strip() for cell in row]
            for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        ]
        try:
            return _rows_to_report([("CSV", rows)])
        except FileFormatError as exc:
            last_error = exc
    assert last_error is not None
    raise last_error


# -- writing -------------------------------------------------------------------------

_TYPE_CHOICES = "单选题,多选题,判断题,填空题"
_INSTRUCTIONS = (
    ("题型", "必填：单选题、多选题、判断题、填空题（也可写 单选/多选/判断/填空）"),
    ("题干", "必填：题目内容，空白处写（ ）或 ____"),
    ("选项A–选项F", "单选、多选题必填至少两项（多选至少三项）；判断、填空题留空"),
    (
        "答案",
        "单选写一个字母，如 B；多选写多个字母，如 ABD；判断写 正确 或 错误；"
        "填空写答案，几种写法都算对时用“；”隔开（如 甲烷；CH4），"
        "题干有多个空时按空的顺序用“；”隔开，同一空的不同写法用“|”隔开",
    ),
    ("解析", "选填：答案解析"),
    ("难度", "选填：易、中、难"),
    ("适用层级、专业、岗位、知识点", "选填：多个值用“、”隔开"),
    ("依据", "选填：法规依据，如《安全生产法》第二十八条"),
    ("示例行", f"题干以“{EXAMPLE_MARK}”开头的行不会导入，可保留或删除"),
)
_EXAMPLE_ROW = (
    "单选题",
    f"{EXAMPLE_MARK}生产经营单位的主要负责人对本单位的安全生产工作（ ）。",
    "全面负责",
    "部分负责",
    "不负责",
    "协助负责",
    "",
    "",
    "A",
    "《安全生产法》第五条：生产经营单位的主要负责人是本单位安全生产第一责任人，"
    "对本单位的安全生产工作全面负责。",
    "易",
    "主要负责人",
    "危险化学品",
    "主要负责人",
    "《安全生产法》第五条",
    "法律法规",
)


def write_bank_xlsx(
    rows: Iterable[Sequence[str]], *, columns: Sequence[str] = TEMPLATE_COLUMNS
) -> bytes:
    """An .xlsx in the template layout (sheet 题库, header, rows, sheet 填写说明)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "题库"
    sheet.append(list(columns))
    for row in rows:
        sheet.append([safe_cell(value) for value in row])
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = header_fill
    for index, name in enumerate(columns, start=1):
        letter = openpyxl.utils.get_column_letter(index)
        sheet.column_dimensions[letter].width = 48 if name in ("题干", "解析") else 14
        if name in ("题干", "解析"):
            for cell in sheet[letter][1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    type_column = openpyxl.utils.get_column_letter(columns.index("题型") + 1)
    type_check = DataValidation(type="list", formula1=f'"{_TYPE_CHOICES}"', allow_blank=True)
    type_check.add(f"{type_column}2:{type_column}5000")
    sheet.add_data_validation(type_check)

    notes = workbook.create_sheet("填写说明")
    notes.append(["列", "填写说明"])
    for item in _INSTRUCTIONS:
        notes.append(list(item))
    notes["A1"].font = notes["B1"].font = Font(bold=True)
    notes.column_dimensions["A"].width = 28
    notes.column_dimensions["B"].width = 100
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def build_template_xlsx() -> bytes:
    """The import template: header, one example row (not imported), sheet 填写说明."""
    return write_bank_xlsx([_EXAMPLE_ROW])
