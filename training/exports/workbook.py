"""A multi-sheet .xlsx where every cell is formula-safe; and the response that sends it."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import openpyxl
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from safetykb.cells import safe_cell
from safetykb.spreadsheets import CONTENT_TYPES

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass
class Sheet:
    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence] = field(default_factory=list)
    widths: Sequence[int] = ()
    caption: str = ""


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    """One worksheet per ``Sheet``: an optional caption row, a bold header, wrapped text."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for spec in sheets:
        sheet = book.create_sheet(spec.title[:31])
        if spec.caption:
            sheet.append([safe_cell(spec.caption)])
            sheet["A1"].font = Font(bold=True, size=13)
        sheet.append([safe_cell(h) for h in spec.headers])
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        header_row = sheet.max_row
        for row in spec.rows:
            sheet.append([safe_cell("" if value is None else value) for value in row])
        for index, width in enumerate(spec.widths or [16] * len(spec.headers), start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        for row in sheet.iter_rows(min_row=header_row + 1):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def download(body: bytes, filename: str) -> HttpResponse:
    """``filename`` with its extension (.xlsx or .docx)."""
    content_type = DOCX if filename.endswith(".docx") else CONTENT_TYPES["xlsx"]
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
