"""Read a .docx into cleaned lines: text, alignment, page breaks, table rows.

Pure: no Django, no database. Rejects what is not a readable .docx with a Chinese message
that says what the file is; knows nothing of the official-document layout, which
``regulation_docx`` recognises in these lines.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from docx.oxml.ns import qn
from lxml import etree

from importers.office_files import REGULATION_LIMITS, OfficeFileError, check_office_zip

__all__ = ["Line", "RegulationParseError", "clean_text", "read_bytes", "read_lines"]


class RegulationParseError(ValueError):
    """The file cannot be read as a regulation; the message is Simplified Chinese for users."""


# ---------------------------------------------------------------- text helpers

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SPACES_RE = re.compile(r"[ \u3000\u00a0\u1680\u2000-\u200a\u202f\u205f]+")
# CJK ideographs, CJK and full-width punctuation, curly quotes, ellipsis and dashes.
_WIDE = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u2010-\u2027"
_SPACE_AFTER_WIDE_RE = re.compile(rf"(?<=[{_WIDE}]) ")
_SPACE_BEFORE_WIDE_RE = re.compile(rf" (?=[{_WIDE}])")
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_RULE_ONLY_RE = re.compile(r"[-_—─━=＝·.\s]*")


def clean_text(text: str) -> str:
    """Normalise one line: drop zero-width/control chars, unify spaces, digits to ASCII.

    Spaces touching Chinese text are layout ("通   知"), so they go; a space between two
    Latin/digit tokens ("GB 30871") stays. A tab separates columns and becomes one space.
    """
    text = text.translate(_ZERO_WIDTH).translate(_FULLWIDTH_DIGITS)
    parts = []
    for segment in text.split("\t"):
        segment = _SPACES_RE.sub(" ", _CONTROL_RE.sub("", segment))
        segment = _SPACE_BEFORE_WIDE_RE.sub("", _SPACE_AFTER_WIDE_RE.sub("", segment)).strip()
        if segment:
            parts.append(segment)
    return " ".join(parts)


# ---------------------------------------------------------------- reading the .docx

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
W_P, W_TBL, W_TR, W_TC, W_SDT = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:sdt")
W_BODY, W_STYLE = qn("w:body"), qn("w:style")
W_T, W_TAB, W_BR, W_CR, W_R = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr"), qn("w:r")
W_PPR, W_RPR, W_JC, W_VAL = qn("w:pPr"), qn("w:rPr"), qn("w:jc"), qn("w:val")
# Subtrees whose text is not body text: properties, deleted revisions, field codes, shapes.
_SKIPPED_TAGS = {W_PPR, W_RPR, qn("w:del"), qn("w:moveFrom"), qn("w:instrText")}
_MC_ALTERNATE = "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"
_SHAPE_TAGS = {qn("w:drawing"), qn("w:pict"), qn("w:object"), _MC_ALTERNATE}
_PAGE = "\f"  # marks a hard page break inside extracted paragraph text
_DOCUMENT_PART, _STYLES_PART, _CORE_PART = (
    "word/document.xml",
    "word/styles.xml",
    "docProps/core.xml",
)
_DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"
# No entities, no network, no "huge" text nodes: what python-docx's own parser refuses.
_SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


@dataclass(frozen=True, slots=True)
class Line:
    """One paragraph, or one table row, of body text with what the layout reading needs."""

    text: str
    align: str = ""  # "center", "right" or ""
    page_break_before: bool = False
    from_table: bool = False


def read_bytes(source: str | Path | BinaryIO) -> bytes:
    """The file's bytes from a path or a binary stream; a text stream is refused."""
    if isinstance(source, str | Path):
        try:
            return Path(source).read_bytes()
        except OSError as exc:
            raise RegulationParseError(f"无法读取文件：{source}（{exc.strerror}）") from exc
    data = source.read()
    if not isinstance(data, bytes):
        raise RegulationParseError("请以二进制方式打开文件（'rb'），再交给导入程序。")
    return data


def _check_package(data: bytes) -> None:
    """Reject what is not a .docx with a message that says what the file actually is."""
    if not data:
        raise RegulationParseError("文件为空（0 字节），不是有效的 .docx 文档。")
    if data.startswith(_OLE_MAGIC):
        raise RegulationParseError(
            "文件已加密或为旧版 .doc 格式（OLE 复合文档），无法读取："
            "请在 Word 中取消密码保护，并另存为 .docx 后重新上传。"
        )
    if data.lstrip()[:5] == b"%PDF-":
        raise RegulationParseError("文件是 PDF，不是 Word .docx 文档：请上传 .docx 格式的原件。")
    if not data.startswith(b"PK"):
        raise RegulationParseError(
            "文件不是 .docx 格式（不是 Office Open XML 压缩包），可能是改了扩展名的文本或其他文件。"
        )
    try:
        # Before testzip(), which decompresses every part: a bomb must not cost its size.
        check_office_zip(data, REGULATION_LIMITS)
    except OfficeFileError as exc:
        raise RegulationParseError(f"{exc}，已拒绝导入。") from exc
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            broken = archive.testzip()
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError) as exc:
        raise RegulationParseError(
            "文件已损坏：无法解压 .docx（ZIP 结构错误），请重新保存后上传。"
        ) from exc
    if broken is not None:
        raise RegulationParseError(f"文件已损坏：压缩包中的 {broken} 校验失败，请重新保存后上传。")
    if "word/document.xml" not in names:
        raise RegulationParseError(
            "文件是压缩包但不是 Word 文档（缺少 word/document.xml），请上传 .docx 文件。"
        )


def _is_hidden(run: etree._Element) -> bool:
    vanish = run.find(f"{W_RPR}/{qn('w:vanish')}")
    return vanish is not None and vanish.get(W_VAL) not in ("0", "false", "off")


class _StyleAlignments:
    """Paragraph styles' alignment from word/styles.xml, following basedOn chains."""

    def __init__(self, styles_xml: bytes | None) -> None:
        self.styles: dict[str, tuple[str | None, str | None]] = {}  # id: (jc, basedOn)
        self.default: str | None = None
        if not styles_xml:
            return
        root = etree.fromstring(styles_xml, parser=_SAFE_PARSER)
        for style in root.iterchildren(W_STYLE):
            if style.get(qn("w:type")) != "paragraph":
                continue
            style_id = style.get(qn("w:styleId"))
            jc = style.find(f"{W_PPR}/{W_JC}")
            based_on = style.find(qn("w:basedOn"))
            self.styles[style_id] = (
                None if jc is None else jc.get(W_VAL) or "",
                None if based_on is None else based_on.get(W_VAL),
            )
            if style.get(qn("w:default")) in ("1", "true", "on"):
                self.default = style_id

    def alignment(self, style_id: str | None) -> str:
        # As Word does: a paragraph without a (known) style has the default one.
        current = style_id if style_id in self.styles else self.default
        for _ in range(10):  # basedOn chains are short; a cycle must not hang us
            if current not in self.styles:
                return ""
            jc, based_on = self.styles[current]
            if jc is not None:
                return jc
            current = based_on
        return ""


@dataclass
class _LineReader:
    """Turns body XML into Lines; collects warnings about what it had to skip."""

    styles: _StyleAlignments
    lines: list[Line] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    pending_break: bool = False
    style_align: dict[str | None, str] = field(default_factory=dict)

    def read_block(self, element: etree._Element) -> None:
        for child in element.iterchildren():
            self.read_body_child(child)

    def read_body_child(self, child: etree._Element) -> None:
        if child.tag == W_P:
            self.read_paragraph(child)
        elif child.tag == W_TBL:
            self.read_table(child)
        elif child.tag == W_SDT:  # content control: its blocks are ordinary body
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                self.read_block(content)

    def read_paragraph(self, p: etree._Element) -> None:
        pieces: list[str] = []
        self._collect(p, pieces)
        ppr = p.find(W_PPR)
        if ppr is not None and ppr.find(qn("w:pageBreakBefore")) is not None:
            self.pending_break = True
        align = self._alignment(p)
        for segment in "".join(pieces).split("\n"):
            for index, part in enumerate(segment.split(_PAGE)):
                self.pending_break |= index > 0
                self._emit(part, align)
        section = None if ppr is None else ppr.find(qn("w:sectPr"))
        if section is not None:
            kind = section.find(qn("w:type"))
            self.pending_break |= kind is None or kind.get(W_VAL) != "continuous"

    def read_table(self, table: etree._Element) -> None:
        for row in table.iterchildren(W_TR):
            cells = []
            for cell in row.iterchildren(W_TC):
                texts = []
                for p in cell.iter(W_P):
                    pieces: list[str] = []
                    self._collect(p, pieces)
                    texts.append(clean_text("".join(pieces).replace(_PAGE, "\n")))
                cells.append(" ".join(t for t in texts if t))
            self._emit("\t".join(c for c in cells if c), "", from_table=True)

    def _emit(self, raw: str, align: str, *, from_table: bool = False) -> None:
        text = clean_text(raw)
        if not text or _RULE_ONLY_RE.fullmatch(text):
            return  # empty paragraphs and drawn rules carry no content
        self.lines.append(Line(text, align, self.pending_break, from_table))
        self.pending_break = False

    def _alignment(self, p: etree._Element) -> str:
        jc = p.find(f"{W_PPR}/{W_JC}")
        if jc is None:
            style = p.find(f"{W_PPR}/{qn('w:pStyle')}")
            style_id = None if style is None else style.get(W_VAL)
            if style_id not in self.style_align:
                self.style_align[style_id] = self.styles.alignment(style_id)
            value = self.style_align[style_id]
        else:
            value = jc.get(W_VAL) or ""
        return {"center": "center", "right": "right", "end": "right"}.get(value, "")

    def _collect(self, element: etree._Element, out: list[str]) -> None:
        for child in element.iterchildren():
            tag = child.tag
            if tag in _SKIPPED_TAGS:
                continue
            if tag in _SHAPE_TAGS:
                hidden = clean_text("".join(t.text or "" for t in child.iter(W_T)))
                if hidden:
                    self.warnings.append(f"已跳过文本框或图形中的文字：「{hidden[:30]}」")
            elif tag == W_R and _is_hidden(child):
                continue  # hidden text is not part of the printed document
            elif tag == W_T:
                out.append(child.text or "")
            elif tag == W_TAB:
                out.append("\t")
            elif tag in (W_BR, W_CR):
                out.append(_PAGE if child.get(qn("w:type")) == "page" else "\n")
            elif tag == qn("w:noBreakHyphen"):
                out.append("-")
            else:
                self._collect(child, out)  # hyperlinks, insertions, smart tags, fields


def read_lines(data: bytes) -> tuple[list[Line], list[str], str]:
    """Body lines, warnings and the core title, reading word/document.xml as a stream:
    each top-level block is read and freed, so memory does not grow with the document."""
    _check_package(data)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            styles = _StyleAlignments(archive.read(_STYLES_PART) if _STYLES_PART in names else None)
            core_title = _core_title(archive.read(_CORE_PART)) if _CORE_PART in names else ""
            reader = _LineReader(styles)
            with archive.open(_DOCUMENT_PART) as stream:
                for block in _body_blocks(stream):
                    reader.read_body_child(block)
    except (KeyError, ValueError, etree.LxmlError, zipfile.BadZipFile) as exc:
        # lxml and zipfile raise many types for malformed parts; users need one answer.
        raise RegulationParseError(
            "文件已损坏或不是有效的 Word 文档：正文 XML 无法解析，请在 Word 中另存为 .docx 后重试。"
        ) from exc
    return reader.lines, reader.warnings, core_title


def _core_title(core_xml: bytes) -> str:
    title = etree.fromstring(core_xml, parser=_SAFE_PARSER).find(_DC_TITLE)
    return clean_text(title.text or "") if title is not None else ""


def _body_blocks(stream: BinaryIO) -> Iterator[etree._Element]:
    """The children of ``<w:body>`` one by one, each freed after the caller has read it."""
    depth = 0
    for event, element in etree.iterparse(
        stream, events=("start", "end"), resolve_entities=False, no_network=True
    ):
        if event == "start":
            depth += 1
            continue
        depth -= 1
        parent = element.getparent()
        if depth == 2 and parent is not None and parent.tag == W_BODY:
            yield element
            parent.remove(element)
