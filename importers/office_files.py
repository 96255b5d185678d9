"""Limits every .docx/.xlsx entry point applies before opening the file (pure, no Django).

An Office file is a zip: a few kilobytes can declare a gigabyte of XML (a zip bomb), and
a one-cell sheet can declare the whole XFD1048576 grid. ``check_office_zip`` reads only
the zip's central directory and refuses a file whose parts would decompress beyond what
a real file of its kind needs; ``iter_sheet_rows`` reads a worksheet row by row, as the
XML has them, and stops at a row and column cap instead of allocating the declared grid.
Callers wrap ``OfficeFileError`` in their own error type (the message is Chinese).

The declared sizes can be trusted as an upper bound: ``zipfile`` never returns more than
a member's declared ``file_size`` (a lying member fails its CRC check instead), and
python-docx and openpyxl read through ``zipfile``.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

__all__ = [
    "BANK_LIMITS",
    "CATALOGUE_LIMITS",
    "REGULATION_LIMITS",
    "OfficeFileError",
    "OfficeLimits",
    "SheetLimits",
    "check_office_zip",
    "iter_sheet_rows",
]

_MB = 1024 * 1024

# Real parts compress at most ~32:1 (Word's stylesWithEffects.xml, 438 KB → 13.6 KB, in
# every sample under shared/samples) and a body repeating one run format ~140:1; deflate
# tops out near 1032:1, where bombs live (the 1 GB part in 3.1 MB: 330:1).
MAX_COMPRESSION_RATIO = 200
# Parts smaller than this cannot hurt whatever their ratio (an empty sheet is 200:1).
RATIO_CHECKED_FROM = 1 * _MB
# A .docx or .xlsx holds 10–40 parts; a Word file with many pictures a few hundred.
MAX_MEMBERS = 2_000


class OfficeFileError(ValueError):
    """The file is larger than its kind allows; the message is Chinese and names what."""


@dataclass(frozen=True, slots=True)
class OfficeLimits:
    """Decompressed-size caps for one kind of upload (bytes)."""

    max_member_bytes: int  # any one part, e.g. word/document.xml or a worksheet
    max_total_bytes: int  # all parts together


# A Word bank of 10,000 questions (≈60,000 paragraphs at ≤ 600 bytes of Word XML each) has
# a ~36 MB document.xml; lxml needs ~7× that while parsing (the 1 GB part took
# 7.6 GB), so 40 MB keeps one upload under ~300 MB. Pictures are stored, not deflated:
# the 20 MB upload cap already bounds them, so twice the part cap is room enough.
BANK_LIMITS = OfficeLimits(max_member_bytes=40 * _MB, max_total_bytes=80 * _MB)
# The longest Chinese statute (民法典, ~110,000 characters) is ~0.7 MB of plain Word XML
# at the seed notice's 6 bytes of XML per character, ~7 MB with per-run formatting; 16 MB
# leaves room for a standard with many tables and costs at most ~120 MB to parse.
REGULATION_LIMITS = OfficeLimits(max_member_bytes=16 * _MB, max_total_bytes=64 * _MB)
# A catalogue batch lists tens of items; 16 MB of sheet XML is ~100,000 rows of it.
CATALOGUE_LIMITS = OfficeLimits(max_member_bytes=16 * _MB, max_total_bytes=64 * _MB)


def _mb(size: int) -> str:
    return f"{size / _MB:,.0f} MB" if size >= 10 * _MB else f"{size / _MB:,.1f} MB"


def check_office_zip(data: bytes, limits: OfficeLimits) -> None:
    """Raise ``OfficeFileError`` if ``data``'s parts would decompress beyond ``limits``.

    Reads the central directory only. A file that is not a readable zip passes: the
    caller's reader reports it as damaged in its own words.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return
    if len(members) > MAX_MEMBERS:
        raise OfficeFileError(
            f"文件过大：压缩包内有 {len(members):,} 个部件，上限 {MAX_MEMBERS:,} 个"
        )
    total = 0
    for member in members:
        total += member.file_size
        if member.file_size > limits.max_member_bytes:
            raise OfficeFileError(
                f"文件过大：其中的 {member.filename} 解压后为 {_mb(member.file_size)}，"
                f"超过上限 {_mb(limits.max_member_bytes)}"
            )
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size >= RATIO_CHECKED_FROM and ratio > MAX_COMPRESSION_RATIO:
            raise OfficeFileError(
                f"文件过大：其中的 {member.filename} 压缩比为 {ratio:,.0f}:1"
                f"（解压后 {_mb(member.file_size)}），正常文件不超过 {MAX_COMPRESSION_RATIO}:1，"
                "疑为恶意构造的压缩包"
            )
    if total > limits.max_total_bytes:
        raise OfficeFileError(
            f"文件过大：解压后共 {_mb(total)}，超过上限 {_mb(limits.max_total_bytes)}"
        )


@dataclass(frozen=True, slots=True)
class SheetLimits:
    """How much of a worksheet is read: rows and columns, 1-based and inclusive."""

    max_rows: int
    max_columns: int


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _cell_name(row: int, column: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(column)}{row}"


def iter_sheet_rows(sheet: Any, limits: SheetLimits) -> Iterator[tuple[Any, ...]]:
    """Values of a read-only worksheet's rows 1.. in order, each cut to ``max_columns``.

    The declared dimension (``<dimension ref="A1:XFD1048576">``) is ignored, so rows are
    only as wide as their last cell and missing rows cost nothing. A value beyond the
    caps raises ``OfficeFileError`` naming the sheet and the cell; empty cells out there
    (formatting only) are ignored.
    """
    sheet.reset_dimensions()  # else openpyxl pads every row to the declared width
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        if len(row) > limits.max_columns:
            tail = row[limits.max_columns :]
            # count() runs in C: a row padded to XFD by one formatted cell costs ~30 µs.
            for offset, value in enumerate(() if tail.count(None) == len(tail) else tail):
                if not _blank(value):
                    column = limits.max_columns + offset + 1
                    raise _range_error(sheet.title, number, column, limits)
            row = row[: limits.max_columns]
        if number > limits.max_rows:
            for column, value in enumerate(row, start=1):
                if not _blank(value):
                    raise _range_error(sheet.title, number, column, limits)
            continue
        yield row


def _range_error(title: str, row: int, column: int, limits: SheetLimits) -> OfficeFileError:
    return OfficeFileError(
        f"表格范围过大：工作表“{title}”的 {_cell_name(row, column)} 单元格"
        f"（第 {row:,} 行、第 {column:,} 列）有内容，上限 {limits.max_rows:,} 行 × "
        f"{limits.max_columns:,} 列；请删除多余的行列或拆分后上传"
    )
