"""The eliminated-process catalogue from .csv or .xlsx (columns as in the official sample)."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

import openpyxl
from django.db import transaction

from .office_files import (
    CATALOGUE_LIMITS,
    OfficeFileError,
    SheetLimits,
    check_office_zip,
    iter_sheet_rows,
)

COLUMNS = (
    "批次",
    "序号",
    "类别",
    "名称",
    "处置",
    "主要安全风险",
    "适用范围",
    "改造期限",
    "可替代的技术装备",
    "来源说明",
)
_CATEGORIES = {"工艺技术": "process", "工艺": "process", "设备": "equipment"}
_ACTIONS = {"淘汰": "eliminate", "限制": "restrict"}
_SAMPLE_MARKERS = ("示例", "公示稿", "征求意见稿")
# A sample item's page says "示例数据：<来源说明>，以正式发布文本为准。"; a note that carries
# that caveat itself (the official sample file's do) would say it twice, so it is cut.
_CAVEAT_RE = re.compile(r"\s*[（(]\s*示例数据\s*[，,]\s*以正式发布文本为准\s*[)）]\s*$")
# A catalogue batch lists tens of items (the national ones, under 100) in 10 columns:
# 10,000 rows × 30 columns is far beyond any real one and reads in about a second.
SHEET_LIMITS = SheetLimits(max_rows=10_000, max_columns=30)


class CatalogueFormatError(ValueError):
    pass


@dataclass(frozen=True)
class CatalogueRow:
    line: int
    batch: str
    number: int | None
    category: str
    action: str
    name: str
    main_risk: str
    scope: str
    deadline: str
    replacement: str
    source_note: str
    marked_sample: bool = False  # the note said 示例数据 before its caveat was cut

    @property
    def is_sample(self) -> bool:
        return self.marked_sample or any(marker in self.source_note for marker in _SAMPLE_MARKERS)


def decode_csv(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CatalogueFormatError("无法识别 CSV 文件编码，请另存为 UTF-8 或 GBK 编码。")


def parse_catalogue_csv(data: bytes) -> list[CatalogueRow]:
    """Parse every row; raise CatalogueFormatError naming the line of the first bad row."""
    reader = csv.DictReader(io.StringIO(decode_csv(data)))
    _check_columns(reader.fieldnames or [], "CSV")
    rows = []
    for line, raw in enumerate(reader, start=2):
        value = {k: (raw.get(k) or "").strip() for k in COLUMNS}
        if any(value.values()):
            rows.append(_check_row(line, value))
    if not rows:
        raise CatalogueFormatError("CSV 中没有任何条目")
    return rows


def _check_columns(fieldnames, kind: str) -> None:
    missing = [c for c in ("批次", "类别", "名称", "处置") if c not in fieldnames]
    if missing:
        raise CatalogueFormatError(f"{kind} 缺少必需的列：{'、'.join(missing)}")


def _check_row(line: int, value: dict[str, str]) -> CatalogueRow:
    """One non-empty row as a CatalogueRow; CatalogueFormatError names the line if it is bad."""
    if not value["名称"]:
        raise CatalogueFormatError(f"第 {line} 行：名称为空")
    category = _CATEGORIES.get(value["类别"])
    action = _ACTIONS.get(value["处置"])
    if category is None:
        raise CatalogueFormatError(f"第 {line} 行：类别“{value['类别']}”应为“工艺技术”或“设备”")
    if action is None:
        raise CatalogueFormatError(f"第 {line} 行：处置“{value['处置']}”应为“淘汰”或“限制”")
    note = _CAVEAT_RE.sub("", value["来源说明"])
    number = value["序号"]
    if number and not number.isdigit():
        raise CatalogueFormatError(f"第 {line} 行：序号“{number}”不是数字")
    return CatalogueRow(
        line=line,
        batch=value["批次"],
        number=int(number) if number else None,
        category=category,
        action=action,
        name=value["名称"],
        main_risk=value["主要安全风险"],
        scope=value["适用范围"],
        deadline=value["改造期限"],
        replacement=value["可替代的技术装备"],
        source_note=note,
        marked_sample=note != value["来源说明"],
    )


@dataclass(frozen=True)
class CataloguePreview:
    """Every row of an uploaded catalogue: the good ones, and the bad ones by line."""

    rows: tuple[CatalogueRow, ...]
    problems: tuple[tuple[int, str], ...]  # (line, message)


def preview_catalogue_file(filename: str, data: bytes) -> CataloguePreview:
    """Check every row of a .csv or .xlsx catalogue (same checks as ``parse_catalogue_csv``),
    collecting the bad rows instead of stopping at the first; a row repeating an earlier
    (批次, 名称) is bad too. Raises CatalogueFormatError when the file itself is unusable."""
    suffix = PurePath(filename).suffix.lower()
    if suffix == ".csv":
        reader = csv.DictReader(io.StringIO(decode_csv(data)))
        try:
            _check_columns(reader.fieldnames or [], "CSV")
            table = list(enumerate(reader, start=2))
        except csv.Error as exc:
            raise CatalogueFormatError(f"CSV 文件格式有误：{exc}") from exc
    elif suffix in (".xlsx", ".xlsm"):
        table = _xlsx_rows(data)
    elif suffix in (".xls", ".et"):
        raise CatalogueFormatError("旧版 Excel（.xls）文件不能直接导入，请另存为 .xlsx 后上传。")
    else:
        raise CatalogueFormatError(
            f"不支持的文件类型“{suffix or '无扩展名'}”，请上传 .csv 或 .xlsx 文件。"
        )
    rows: list[CatalogueRow] = []
    problems: list[tuple[int, str]] = []
    seen: dict[tuple[str, str], int] = {}
    for line, raw in table:
        value = {k: _cell(raw.get(k)) for k in COLUMNS}
        if not any(value.values()):
            continue
        try:
            row = _check_row(line, value)
        except CatalogueFormatError as exc:
            problems.append((line, str(exc)))
            continue
        if (row.batch, row.name) in seen:
            first = seen[(row.batch, row.name)]
            problems.append((line, f"第 {line} 行：与第 {first} 行重复（同一批次、同一名称）"))
            continue
        seen[(row.batch, row.name)] = line
        rows.append(row)
    if not rows and not problems:
        raise CatalogueFormatError("文件中没有任何条目")
    return CataloguePreview(rows=tuple(rows), problems=tuple(problems))


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _xlsx_rows(data: bytes):
    """(line, {column: value}) for the first sheet whose header names the catalogue columns."""
    try:
        check_office_zip(data, CATALOGUE_LIMITS)
    except OfficeFileError as exc:
        raise CatalogueFormatError(f"{exc}。") from exc
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise CatalogueFormatError(
            "文件不是有效的 .xlsx 表格（可能已损坏或实际是其他格式）。"
        ) from exc
    try:
        for sheet in workbook.worksheets:
            values = iter_sheet_rows(sheet, SHEET_LIMITS)
            for header_line, header in enumerate(values, start=1):
                names = [_cell(cell) for cell in header or ()]
                if "名称" in names and "批次" in names:
                    _check_columns(names, "表格")
                    # Read now: the caller's loop must not meet the range error half-way.
                    return [
                        (line, dict(zip(names, row, strict=False)))
                        for line, row in enumerate(values, start=header_line + 1)
                    ]
                if header_line >= 5:
                    break
    except OfficeFileError as exc:
        raise CatalogueFormatError(f"{exc}。") from exc
    finally:
        workbook.close()
    raise CatalogueFormatError("表格中没有找到表头（需要“批次”“类别”“名称”“处置”等列）。")


def save_catalogue(rows: list[CatalogueRow], *, user=None) -> tuple[int, int]:
    """Create or update items by (batch, name) and publish them; returns (created, updated)."""
    from content.catalogue.models import EliminatedItem

    fields = (
        "number",
        "category",
        "action",
        "main_risk",
        "scope",
        "deadline",
        "replacement",
        "source_note",
    )
    created = updated = 0
    with transaction.atomic():
        for row in rows:
            item = EliminatedItem.objects.filter(batch=row.batch, name=row.name).first()
            is_new = item is None
            item = item or EliminatedItem(batch=row.batch, name=row.name, live=False)
            changed = [f for f in fields if getattr(item, f) != getattr(row, f)]
            if not is_new and not changed and item.is_sample == row.is_sample:
                continue  # re-running an import must not pile up identical revisions
            for field in fields:
                setattr(item, field, getattr(row, field))
            item.is_sample = row.is_sample
            item.save()
            item.save_revision(user=user, log_action=True).publish(user=user)
            created += is_new
            updated += not is_new
    return created, updated
