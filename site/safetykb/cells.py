"""Spreadsheet cells that cannot run as formulas (CSV / formula injection).

Excel, WPS and LibreOffice treat a cell whose text starts with ``= + - @`` (or a tab or
carriage return, which they skip before one) as a formula: a question stem such as
``=HYPERLINK("http://…","点击")`` or ``=cmd|' /C calc'!A0`` would run when the export is
opened. Every .xlsx/.csv the project writes passes each value through ``safe_cell``,
which puts an apostrophe in front of such text (OWASP's advice); Excel shows it as text.

Importers undo exactly that with ``unneutralise``: an apostrophe followed by one of the
trigger characters is dropped, so re-importing an export restores the original stem.
The one gotcha: a cell that really starts with ``'=`` (an apostrophe then a trigger)
loses its apostrophe on import.

Pure Python: the parsers in ``importers/`` import it.
"""

from __future__ import annotations

from typing import TypeVar

__all__ = ["FORMULA_TRIGGERS", "NEUTRALISER", "safe_cell", "unneutralise"]

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
NEUTRALISER = "'"

T = TypeVar("T")


def safe_cell(value: T) -> T | str:
    """``value``, with an apostrophe in front if it is text a spreadsheet would run."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return NEUTRALISER + value
    return value


def unneutralise(text: str) -> str:
    """Cell text as written before ``safe_cell`` neutralised it (otherwise unchanged)."""
    if text.startswith(NEUTRALISER) and text[1:].startswith(FORMULA_TRIGGERS):
        return text[1:]
    return text
