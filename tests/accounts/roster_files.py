"""Real roster .xlsx files for tests, built with openpyxl as Excel would save them."""

from __future__ import annotations

import io

import openpyxl

from accounts.identity import id_check_char
from accounts.roster import COLUMNS


def id_number(serial: int) -> str:
    """A valid 身份证号 (born 1990-01-01) unique per ``serial`` (< 1000)."""
    first17 = f"14040419900101{serial:03d}"
    return first17 + id_check_char(first17)


def roster_xlsx(rows, header=COLUMNS) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
