"""Real files for parser tests: .docx via python-docx, .xlsx via openpyxl, CSV bytes."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

import docx
import openpyxl
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from importers.questions import ParsedQuestion, ParseReport, parse_docx_bank

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples"
MOODLE_FIXTURES = SAMPLES / "moodle"


def docx_bytes(paragraphs: Sequence[str]) -> bytes:
    """A .docx with one paragraph per string; "\\n" inside a string is a soft line break."""
    document = docx.Document()
    for text in paragraphs:
        paragraph = document.add_paragraph()
        first, *rest = text.split("\n")
        run = paragraph.add_run(first)
        for line in rest:
            run.add_break()
            run = paragraph.add_run(line)
    return _save(document)


def write_docx(tmp_path: Path, paragraphs: Sequence[str], name: str = "bank.docx") -> Path:
    path = tmp_path / name
    path.write_bytes(docx_bytes(paragraphs))
    return path


def parse_docx_paragraphs(tmp_path: Path, paragraphs: Sequence[str]) -> ParseReport:
    """Write the paragraphs to a real .docx and parse it."""
    return parse_docx_bank(write_docx(tmp_path, paragraphs))


def single_docx_question(tmp_path: Path, paragraphs: Sequence[str]) -> ParsedQuestion:
    """Like ``parse_docx_paragraphs``, for a file that must hold exactly one question."""
    report = parse_docx_paragraphs(tmp_path, paragraphs)
    assert len(report.questions) == 1, report
    return report.questions[0]


def docx_with_table(tmp_path: Path, before: Sequence[str], cells: Sequence[str]) -> Path:
    """Paragraphs, then a one-column table whose cells hold the given texts."""
    document = docx.Document()
    for text in before:
        document.add_paragraph(text)
    table = document.add_table(rows=len(cells), cols=1)
    for row, text in zip(table.rows, cells, strict=True):
        row.cells[0].text = text
    path = tmp_path / "table.docx"
    document.save(path)
    return path


def docx_with_auto_numbering(tmp_path: Path, items: Sequence[tuple[int, str]]) -> Path:
    """Word's own list numbering: level 0 "%1." (questions), level 1 "%2." upper letters
    (options). ``items`` are (level, text) with level -1 for an unnumbered paragraph."""
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.append(
        parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
            '<w:lvlText w:val="%1."/></w:lvl>'
            '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="upperLetter"/>'
            '<w:lvlText w:val="%2."/></w:lvl>'
            "</w:abstractNum>"
        )
    )
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>')
    )
    for level, text in items:
        paragraph = document.add_paragraph(text)
        if level >= 0:
            properties = paragraph._p.get_or_add_pPr()
            properties.append(
                parse_xml(
                    f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/>'
                    '<w:numId w:val="90"/></w:numPr>'
                )
            )
    path = tmp_path / "numbered.docx"
    document.save(path)
    return path


def xlsx_bytes(sheets: dict[str, Sequence[Sequence[object]]]) -> bytes:
    """A workbook with the given sheets (title -> rows), in order."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: Sequence[Sequence[str]], encoding: str, delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode(encoding)


def without_location(question: ParsedQuestion) -> ParsedQuestion:
    """The question's content only: where it was read and what was wrong left out."""
    from dataclasses import replace

    return replace(question, source_ref="", problems=())


def _save(document: object) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)  # type: ignore[attr-defined]
    return buffer.getvalue()
