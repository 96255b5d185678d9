"""Downloadable tables (.xlsx and .csv) whose every cell goes through ``safe_cell``.

``table_bytes``/``table_response`` write small report tables (import reports);
``SafeExportIndexView`` is the snippet listing whose Wagtail "Download XLSX/CSV" export
neutralises formulas too (Wagtail's own xlsx export keeps text as text, but its CSV
writes a stem such as ``=HYPERLINK(…)`` as is). Use it as ``index_view_class`` of every
snippet viewset with ``list_export``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

import openpyxl
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from openpyxl.styles import Alignment, Font
from wagtail.snippets.views.snippets import IndexView

from .cells import safe_cell

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def table_bytes(
    headers: Sequence[str],
    rows: Iterable[Sequence],
    file_format: str,
    *,
    title: str = "导入报告",
    widths: Sequence[int] = (8, 60, 60, 20, 20, 20, 20, 20),
) -> bytes:
    """An .xlsx (bold header, wrapped text) or a UTF-8 .csv with BOM (for Excel)."""
    safe_rows = ([safe_cell("" if value is None else value) for value in row] for row in rows)
    if file_format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([safe_cell(header) for header in headers])
        writer.writerows(safe_rows)
        return buffer.getvalue().encode("utf-8-sig")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append([safe_cell(header) for header in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in safe_rows:
        sheet.append(row)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[openpyxl.utils.get_column_letter(index)].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_response(
    headers: Sequence[str], rows: Iterable[Sequence], file_format: str, filename: str, **options
) -> HttpResponse:
    """``filename`` without extension; ``file_format`` is "xlsx" or "csv"."""
    response = HttpResponse(
        table_bytes(headers, rows, file_format, **options), content_type=CONTENT_TYPES[file_format]
    )
    response["Content-Disposition"] = content_disposition_header(True, f"{filename}.{file_format}")
    return response


class SafeExportMixin:
    """Wagtail's spreadsheet export with every value through ``safe_cell``."""

    def preprocess_field_value(self, field, value, export_format):
        return safe_cell(super().preprocess_field_value(field, value, export_format))


class SafeExportIndexView(SafeExportMixin, IndexView):
    """A snippet listing whose XLSX/CSV export cannot carry a live formula."""
