"""Small tables (import reports) as a downloadable .xlsx or .csv (UTF-8 with BOM for Excel)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

import openpyxl
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from openpyxl.styles import Alignment, Font

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def table_bytes(headers: Sequence[str], rows: Iterable[Sequence], file_format: str) -> bytes:
    if file_format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(headers)
        writer.writerows(rows)
        return buffer.getvalue().encode("utf-8-sig")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "导入报告"
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(["" if value is None else value for value in row])
    for column, width in zip("ABCDEFGH", (8, 60, 60, 20, 20, 20, 20, 20), strict=False):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_response(
    headers: Sequence[str], rows: Iterable[Sequence], file_format: str, filename: str
) -> HttpResponse:
    """``filename`` without extension; ``file_format`` is "xlsx" or "csv"."""
    response = HttpResponse(
        table_bytes(headers, rows, file_format), content_type=CONTENT_TYPES[file_format]
    )
    response["Content-Disposition"] = content_disposition_header(True, f"{filename}.{file_format}")
    return response
