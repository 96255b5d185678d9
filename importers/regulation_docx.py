"""Parse a Chinese government .docx (通知, 办法, 条例…) into a structured regulation.

Pure: no Django, no database. ``parse_regulation_docx`` reads the file into cleaned lines
(``docx_lines``: text, alignment, page breaks), then recognises the official-document
layout (GB/T 9704): 文号, title, 主送, body, 落款 and date, attachment, 版记; the numbered
body becomes a flat tuple of provisions with depth and ancestor path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import BinaryIO

from importers.docx_lines import Line, RegulationParseError, clean_text, read_bytes, read_lines
from importers.numbering import (
    DATE_PATTERN,
    ParsedProvision,
    build_provisions,
    is_toc_heading,
    match_numbering,
    parse_cn_date,
)

__all__ = [
    "ParsedProvision",
    "ParsedRegulation",
    "RegulationParseError",
    "parse_regulation_docx",
]


@dataclass(frozen=True, slots=True)
class ParsedRegulation:
    title: str
    doc_number: str | None  # 文号, brackets normalised to 〔〕
    authority: str | None
    recipients: str | None  # 主送, without the trailing colon
    preamble: str  # body text before the first provision (notice text, attachment intro)
    signature: str | None
    signed_date: date | None
    cc_line: str | None  # 版记: 抄送/印发 lines
    attachment_title: str | None
    provisions: tuple[ParsedProvision, ...]
    warnings: tuple[str, ...] = ()
    attachment_intro: str = ""  # the attachment's text before its first provision


# ---------------------------------------------------------------- layout

_DOC_NUMBER_LINE_RE = re.compile(
    r"(?P<org>[\u4e00-\u9fff]{1,20})\s*[〔\[［(（【]\s*(?P<year>\d{4})\s*[〕\]］)）】]"
    r"\s*(?P<no>第?\d{1,5}号)(?:\s*签发人[:：].*)?"
)
_CC_LINE_RE = re.compile(rf"(?:抄送|抄报|分送|发送)[:：].*|.{{0,40}}?\s*{DATE_PATTERN}\s*印发")
_ATTACHMENT_MARKER_RE = re.compile(r"附件\s*[0-9一二三四五六七八九十]*\s*[:：]?")
_SIGNATURE_DATE_RE = re.compile(rf"(?P<sig>[^。，；：！？,;:]{{0,40}}?)\s*(?P<date>{DATE_PATTERN})")
_SENTENCE_PUNCT_RE = re.compile(r"[。，；：！？,;:]")
_NO_STRUCTURE = (
    "未识别到条款编号结构（如“第一条”“一、”“（一）”“1.”），无法拆分条款："
    "请确认文档使用规范的条款编号。"
)


def _is_short_label(text: str) -> bool:
    """A signature or title line: short, no sentence punctuation, not numbered."""
    return len(text) <= 60 and not _SENTENCE_PUNCT_RE.search(text) and match_numbering(text) is None


def _is_note(text: str) -> bool:
    # Centred "（2021年6月10日…通过）" lines under a law's title are notes, not title.
    return text[0] in "（(" and text[-1] in "）)"


def _closes_notice(lines: list[Line], index: int, end: int) -> bool:
    """Whether lines[index] is the 落款 date, not a date that happens to stand alone.

    It must be right-aligned, carry the signature on the same line, or come last before
    the end, a page break or an attachment marker.
    """
    line = lines[index]
    m = _SIGNATURE_DATE_RE.fullmatch(line.text)
    if m is None or parse_cn_date(m["date"]) is None or match_numbering(line.text) is not None:
        return False
    if line.align == "right" or m["sig"]:
        return True
    # At most one note line ("（此件公开发布）") may sit between the date and what follows.
    window = lines[index + 1 : min(index + 3, end)]
    if any(n.page_break_before or _ATTACHMENT_MARKER_RE.fullmatch(n.text) for n in window):
        return True
    return end - index - 1 <= 1


@dataclass
class _Front:
    doc_number: str | None = None
    red_head: str | None = None
    title_parts: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    end: int = 0


def _front_matter(lines: list[Line], end: int) -> _Front:
    """文号, red head ("…文件") and the centred title block at the top of the document."""
    front = _Front()
    while front.end < end:
        line = lines[front.end]
        text = line.text
        if front.doc_number is None and (m := _DOC_NUMBER_LINE_RE.fullmatch(text)):
            front.doc_number = f"{m['org']}〔{m['year']}〕{m['no']}"
        elif (
            line.align != "center"
            or match_numbering(text) is not None
            or is_toc_heading(text)
            or parse_cn_date(text) is not None
        ):
            break
        elif text.endswith("文件") and not front.title_parts and len(text) <= 40:
            front.red_head = text.removesuffix("文件").strip() or None
        elif _is_note(text):
            front.notes.append(text)
        else:
            front.title_parts.append(text)
        front.end += 1
    return front


def _take_attachment(
    lines: list[Line], start: int, end: int, warnings: list[str]
) -> tuple[str | None, list[Line]]:
    """Attachment title (joined centred lines after any "附件N" marker) and its body lines."""
    index = start
    while index < end and _ATTACHMENT_MARKER_RE.fullmatch(lines[index].text):
        index += 1
    parts: list[str] = []
    while (
        index < end
        and lines[index].align == "center"
        and match_numbering(lines[index].text) is None
        and not _is_note(lines[index].text)
    ):
        parts.append(lines[index].text)
        index += 1
    if not parts and index < end and _is_short_label(lines[index].text):
        parts.append(lines[index].text)
        index += 1
    stop = next(
        (j for j in range(index, end) if _ATTACHMENT_MARKER_RE.fullmatch(lines[j].text)), end
    )
    if stop < end:
        warnings.append(
            f"文档含多个附件，只导入第一个附件的条款；从「{lines[stop].text}」起的 "
            f"{end - stop} 段未导入。"
        )
    return clean_text(" ".join(parts)) or None, lines[index:stop]


def _parse_layout(lines: list[Line], warnings: list[str], core_title: str) -> ParsedRegulation:
    # 版记 sits at the very end: walk back over 抄送/印发 lines.
    end = len(lines)
    while end > 0 and _CC_LINE_RE.fullmatch(lines[end - 1].text):
        end -= 1
    cc_line = "\n".join(line.text for line in lines[end:]) or None

    front = _front_matter(lines, end)
    body_start = front.end
    title = clean_text(" ".join(front.title_parts))
    if not title and body_start < end and _is_short_label(lines[body_start].text):
        title, body_start = lines[body_start].text, body_start + 1
    if not title:
        title = core_title
        warnings.append(
            "未识别到居中的标题，已使用文档属性中的标题。" if title else "未识别到标题。"
        )

    recipients = None
    first = lines[body_start].text if body_start < end else ""
    if first.endswith(("：", ":")) and "。" not in first and match_numbering(first) is None:
        recipients, body_start = first[:-1].strip(), body_start + 1

    # The first date line after some body text closes the notice (落款); an attachment
    # follows on a new page or under a "附件" marker.
    date_index = attach_index = None
    for index in range(body_start + 1, end):
        line = lines[index]
        if _ATTACHMENT_MARKER_RE.fullmatch(line.text) or (
            date_index is not None and line.page_break_before
        ):
            attach_index = index
            break
        if date_index is None and _closes_notice(lines, index, end):
            date_index = index

    signature = signed_date = None
    main_end = attach_index if attach_index is not None else end
    if date_index is not None:
        m = _SIGNATURE_DATE_RE.fullmatch(lines[date_index].text)
        assert m is not None  # matched in the scan above
        signed_date, signature, main_end = parse_cn_date(m["date"]), m["sig"] or None, date_index
        if signature is None and date_index - 1 >= body_start:
            previous = lines[date_index - 1].text
            if _is_short_label(previous) and len(previous) <= 40:
                signature, main_end = previous, date_index - 1
        for line in lines[date_index + 1 : attach_index if attach_index is not None else end]:
            warnings.append(f"已跳过落款后的内容：「{line.text[:40]}」")

    preamble = list(front.notes)
    main = lines[body_start:main_end]
    attachment_title, attachment = None, []
    if attach_index is not None:
        attachment_title, attachment = _take_attachment(lines, attach_index, end, warnings)
    numbered = build_provisions([line.text for line in attachment])
    if not numbered.provisions:
        if attachment:
            warnings.append(
                f"附件中未识别到条款编号，改按正文导入；附件正文 {len(attachment)} 段未导入。"
            )
        numbered, main = build_provisions([line.text for line in main]), []
    preamble += [line.text for line in main]
    # With an attachment, its intro belongs after the attachment title, not in the notice.
    attachment_intro = list(numbered.preamble) if main else []
    if not main:
        preamble += list(numbered.preamble)
    warnings += numbered.warnings
    provisions = numbered.provisions
    if not provisions:
        raise RegulationParseError(_NO_STRUCTURE)
    if any(line.from_table for line in lines[body_start:end]):
        warnings.append("文档中的表格已按行转为文字（单元格以空格分隔），请人工核对。")

    title_prefix = title.split("关于", 1)[0] if title.find("关于") > 1 else None
    return ParsedRegulation(
        title=title,
        doc_number=front.doc_number,
        authority=front.red_head or signature or title_prefix,
        recipients=recipients or None,
        preamble="\n".join(preamble),
        signature=signature,
        signed_date=signed_date,
        cc_line=cc_line,
        attachment_title=attachment_title,
        provisions=provisions,
        warnings=tuple(warnings),
        attachment_intro="\n".join(attachment_intro),
    )


def parse_regulation_docx(source: str | Path | BinaryIO) -> ParsedRegulation:
    """Parse a .docx path or binary stream; raises RegulationParseError (Chinese message).

    With an attachment (after the 落款, on a new page or under "附件"), the provisions are
    the attachment's; the notice text is the preamble and the attachment's intro its own field.
    """
    lines, warnings, core_title = read_lines(read_bytes(source))
    if not lines:
        raise RegulationParseError("文档为空：没有可导入的文字内容。")
    return _parse_layout(lines, warnings, core_title)
