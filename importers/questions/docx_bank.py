"""Word (.docx) question banks: paragraphs in document order, handed to ``text_bank``.

Reads the XML rather than ``paragraph.text`` so tracked insertions, hyperlinks, content
controls and table cells are seen, text boxes are not read twice, and Word's automatic
list numbering ("1." / "A." that are not typed) is put back in front of the text.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from typing import IO, Any

import docx
from docx.oxml.ns import qn

from importers.office_files import BANK_LIMITS, OfficeFileError, check_office_zip

from .model import FileFormatError, ParseReport
from .sniff import wrong_kind_message
from .text_bank import TextLine, parse_text_lines

__all__ = ["parse_docx_bank", "read_docx_lines"]

DocxSource = str | os.PathLike[str] | IO[bytes] | bytes


def parse_docx_bank(source: DocxSource) -> ParseReport:
    """Parse a Word question bank; raises ``FileFormatError`` if it is no readable .docx."""
    return parse_text_lines(read_docx_lines(source))


def read_docx_lines(source: DocxSource) -> list[TextLine]:
    """Every paragraph (body, tables, content controls) as a line: "第N段", N from 1."""
    document = _open(source)
    labels = _ListLabels(document)
    lines = []
    for number, paragraph in enumerate(_paragraphs(document.element.body), start=1):
        text = _paragraph_text(paragraph)
        label = labels.next_label(paragraph)
        lines.append(TextLine(label + text, f"第{number}段"))
    return lines


def _open(source: DocxSource) -> Any:
    data: bytes | None = None
    if isinstance(source, bytes):
        data = source
    elif isinstance(source, str | os.PathLike):
        with open(source, "rb") as handle:
            data = handle.read()
    else:
        data = source.read()
    if not data:
        raise FileFormatError("Word 文件为空")
    if message := wrong_kind_message(data, "docx", "这不是 Word（.docx）文件，而是"):
        raise FileFormatError(message)
    try:
        check_office_zip(data, BANK_LIMITS)
    except OfficeFileError as exc:
        raise FileFormatError(str(exc)) from exc
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises zip, XML and key errors alike
        raise FileFormatError(
            "Word 文件已损坏，无法读取，请用 Word 打开后另存为 .docx 再上传"
        ) from exc


_P, _TBL, _TR, _TC, _SDT = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:sdt")
_SDT_CONTENT = qn("w:sdtContent")


def _paragraphs(parent: Any) -> Iterator[Any]:
    for child in parent.iterchildren():
        if child.tag == _P:
            yield child
        elif child.tag == _TBL:
            for row in child.iterchildren(_TR):
                for cell in row.iterchildren(_TC):
                    yield from _paragraphs(cell)
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _paragraphs(content)


_T, _TAB, _PTAB, _BR, _CR = qn("w:t"), qn("w:tab"), qn("w:ptab"), qn("w:br"), qn("w:cr")
_NO_BREAK_HYPHEN = qn("w:noBreakHyphen")


_DRAWINGS = (qn("w:drawing"), qn("w:pict"), qn("w:object"))
_MATH, _MATH_TEXT = qn("m:oMath"), qn("m:t")


def _paragraph_text(paragraph: Any) -> str:
    parts: list[str] = []
    # Text boxes hold their own paragraphs (often twice, as Choice and Fallback): skip.
    for element in paragraph.xpath(
        ".//w:r[not(ancestor::w:txbxContent) and not(ancestor::m:oMath)]"
        " | .//m:oMath[not(ancestor::m:oMath)]"
    ):
        if element.tag == _MATH:
            # A formula (CH₄, 1.5 m²): its characters, without the layout.
            parts.append("".join(text.text or "" for text in element.iter(_MATH_TEXT)))
            continue
        for child in element.iterchildren():
            if child.tag == _T:
                parts.append(child.text or "")
            elif child.tag in (_TAB, _PTAB):
                parts.append("\t")
            elif child.tag in (_BR, _CR):
                parts.append("\n")
            elif child.tag == _NO_BREAK_HYPHEN:
                parts.append("-")
            elif child.tag in _DRAWINGS:
                # Pictures are not imported; leave a mark so the reviewer sees one was there.
                parts.append("[图片]")
    return "".join(parts)


_CN_DIGITS = "零一二三四五六七八九"


def _chinese(number: int) -> str:
    if number < 10:
        return _CN_DIGITS[number]
    tens, ones = divmod(number, 10)
    return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")


def _format_number(number: int, fmt: str) -> str | None:
    if fmt in ("decimal", "decimalZero", "decimalFullWidth", "decimalHalfWidth"):
        return str(number)
    if fmt in ("upperLetter", "lowerLetter") and 1 <= number <= 26:
        return chr(ord("A") + number - 1)  # options are read as A.., whatever the case
    if fmt in ("chineseCounting", "chineseCountingThousand", "ideographDigital") and number < 100:
        return _chinese(number)
    if fmt == "decimalEnclosedCircle" and 1 <= number <= 20:
        return chr(0x2460 + number - 1)
    return None


class _ListLabels:
    """Recreates the visible labels of Word's automatic numbering, per list and level."""

    def __init__(self, document: Any) -> None:
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return
        abstract = {
            element.get(qn("w:abstractNumId")): element
            for element in numbering.iterchildren(qn("w:abstractNum"))
        }
        for num in numbering.iterchildren(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            definition = abstract.get(ref.get(qn("w:val"))) if ref is not None else None
            if definition is None:
                continue
            for level in definition.iterchildren(qn("w:lvl")):
                fmt = level.find(qn("w:numFmt"))
                text = level.find(qn("w:lvlText"))
                start = level.find(qn("w:start"))
                self.levels[(num.get(qn("w:numId")), int(level.get(qn("w:ilvl"), "0")))] = (
                    fmt.get(qn("w:val")) if fmt is not None else "decimal",
                    text.get(qn("w:val")) if text is not None else "",
                    int(start.get(qn("w:val"))) if start is not None else 1,
                )

    def next_label(self, paragraph: Any) -> str:
        num_pr = paragraph.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        if num_pr is None:
            return ""
        num_id_el, level_el = num_pr.find(qn("w:numId")), num_pr.find(qn("w:ilvl"))
        num_id = num_id_el.get(qn("w:val")) if num_id_el is not None else None
        level = int(level_el.get(qn("w:val"))) if level_el is not None else 0
        if num_id is None or (num_id, level) not in self.levels:
            return ""
        counters = self.counters.setdefault(num_id, {})
        start = self.levels[(num_id, level)][2]
        counters[level] = counters.get(level, start - 1) + 1
        for deeper in [key for key in counters if key > level]:
            del counters[deeper]  # a new item restarts its sub-lists
        fmt, text, _ = self.levels[(num_id, level)]
        if fmt in ("bullet", "none"):
            return ""
        for index in range(9, -1, -1):
            placeholder = f"%{index + 1}"
            if placeholder in text:
                value = counters.get(index, self.levels.get((num_id, index), ("", "", 1))[2])
                formatted = _format_number(value, self.levels.get((num_id, index), (fmt,))[0])
                if formatted is None:
                    return ""
                text = text.replace(placeholder, formatted)
        return text
