"""Chinese legal and official-document numbering: 第X条, 一、, （一）, 1., （1）, ①.

Also what sits around labels: Chinese-numeral dates ("二〇二四年三月二十一日"), an item's
lead-in heading, and turning numbered lines into a provision hierarchy. Pure, no Django:
every text importer (.docx, statutes) shares them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

__all__ = [
    "DATE_PATTERN",
    "HEADING_MAX_CHARS",
    "NumberedBody",
    "NumberingMatch",
    "NumberingStyle",
    "ParsedProvision",
    "build_provisions",
    "cn_to_int",
    "int_to_cn",
    "is_toc_heading",
    "match_numbering",
    "parse_cn_date",
    "split_lead_in",
]


class NumberingStyle(StrEnum):
    PART = "part"  # 第X编
    CHAPTER = "chapter"  # 第X章
    SECTION = "section"  # 第X节
    ARTICLE = "article"  # 第X条
    CN_ITEM = "cn_item"  # 一、
    PAREN_CN = "paren_cn"  # （一）
    ARABIC = "arabic"  # 1.  1．  1、
    PAREN_ARABIC = "paren_arabic"  # （1）
    CIRCLED = "circled"  # ①


@dataclass(frozen=True, slots=True)
class NumberingMatch:
    style: NumberingStyle
    label: str  # as printed, brackets full-width, digits ASCII: "（十五）", "第二十八条", "1."
    number: int
    rest: str  # text after the label, stripped


_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4}
_DIGITS |= {"五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_NUMERAL_CHARS = "".join(_DIGITS) + "".join(_UNITS) + "万"
_CN_DIGITS_OUT = "零一二三四五六七八九"


def _positional_cn_to_int(text: str) -> int:
    """Value of positional Chinese numerals ("二十八", "一百零五"); ValueError otherwise."""
    if not text:
        raise ValueError("empty numeral")
    if text in ("零", "〇"):
        return 0
    total = 0  # completed 万 groups
    section = 0  # value below 万
    digit: int | None = None  # digit waiting for its unit
    last_unit: int | None = None  # units must descend within a section
    after_zero = False
    for ch in text:
        if ch in ("零", "〇"):
            # A zero only fills a gap after a unit ("一百零五"), never leads or doubles.
            if digit is not None or last_unit is None or after_zero:
                raise ValueError(f"misplaced zero in {text!r}")
            after_zero = True
        elif ch in _DIGITS:
            if digit is not None:
                raise ValueError(f"two digits in a row in {text!r}")
            digit = _DIGITS[ch]
        elif ch in _UNITS:
            unit = _UNITS[ch]
            if last_unit is not None and unit >= last_unit:
                raise ValueError(f"units out of order in {text!r}")
            # Only a leading 十 (or one after 零) may stand bare, meaning 一十: "十五" = 15.
            if digit is None and not (unit == 10 and (section == 0 or after_zero)):
                raise ValueError(f"unit without a digit in {text!r}")
            section += (1 if digit is None else digit) * unit
            digit, last_unit, after_zero = None, unit, False
        elif ch == "万":
            if digit is not None:
                section += digit
            if section == 0 or total:
                raise ValueError(f"misplaced 万 in {text!r}")
            total, section, digit, last_unit, after_zero = (section * 10000, 0, None, 10000, False)
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    if digit is not None:
        # Colloquial "一百五" means 150: a trailing digit fills the next lower place.
        place = 1 if last_unit is None or after_zero else last_unit // 10
        section += digit * place
    elif after_zero:
        raise ValueError(f"trailing zero in {text!r}")
    return total + section


def cn_to_int(text: str) -> int:
    """Chinese numerals to int: "二十八" -> 28, "一百零五" -> 105, "两百" -> 200.

    Digit-by-digit forms used in dates ("二〇二四" -> 2024) are accepted too.
    Raises ValueError for anything else.
    """
    text = text.strip()
    try:
        return _positional_cn_to_int(text)
    except ValueError:
        if len(text) > 1 and all(ch in _DIGITS for ch in text):
            return int("".join(str(_DIGITS[ch]) for ch in text))
        raise


def int_to_cn(number: int) -> str:
    """int to Chinese numerals as used in legal numbering: 28 -> "二十八", 110 -> "一百一十"."""
    if number < 0 or number >= 100_000_000:
        raise ValueError(f"out of range: {number}")
    if number == 0:
        return "零"
    if number >= 10000:
        high, low = divmod(number, 10000)
        tail = "" if low == 0 else ("零" if low < 1000 else "") + int_to_cn(low)
        return int_to_cn(high) + "万" + tail
    out: list[str] = []
    pending_zero = False
    for unit, unit_char in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = number // unit % 10
        if digit == 0:
            pending_zero = bool(out)
            continue
        if pending_zero:
            out.append("零")
            pending_zero = False
        out.append(_CN_DIGITS_OUT[digit] + unit_char)
    text = "".join(out)
    # Legal numbering writes 10-19 as "十…", not "一十…".
    return text[1:] if 10 <= number < 20 else text


_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_CN = f"[{_CN_NUMERAL_CHARS}]+"
_HEADING_RE = re.compile(rf"第\s*({_CN}|\d{{1,4}})\s*([编章节条])(之[一二三四五六七八九十]+)?")
_CN_ITEM_RE = re.compile(rf"({_CN})、")
_PAREN_CN_RE = re.compile(rf"[（(]\s*({_CN})\s*[）)]")
# A digit after the mark means a decimal or a list ("1.5米", "5、6月份", "2024.3.21"),
# unless it opens a year: "1.2024年底前完成…" is item 1.
_ARABIC_RE = re.compile(r"(\d{1,3})\s*([.．、])(?!\s*(?!\d{4}年)\d)")
_PAREN_ARABIC_RE = re.compile(r"[（(]\s*(\d{1,3})\s*[）)]")
_CIRCLED = {chr(0x2460 + i): i + 1 for i in range(20)}  # ①-⑳
_CIRCLED |= {chr(0x3251 + i): i + 21 for i in range(15)}  # ㉑-㉟
_CIRCLED |= {chr(0x32B1 + i): i + 36 for i in range(15)}  # ㊱-㊿
_KIND_STYLES = {
    "编": NumberingStyle.PART,
    "章": NumberingStyle.CHAPTER,
    "节": NumberingStyle.SECTION,
    "条": NumberingStyle.ARTICLE,
}
# "一、二级重大危险源…" is a range of grades, not item 一: consecutive numeral + measure word.
_RANGE_AFTER_ITEM_RE = re.compile(rf"({_CN})[级类等种项个批期季号档]")
_STRIP = " \t\u3000\u00a0"


def _strict_cn(text: str) -> int | None:
    # Numbering is positional only: "（二〇二四）" is a year, not item 2024; nobody numbers with 两.
    if "两" in text:
        return None
    try:
        return _positional_cn_to_int(text)
    except ValueError:
        return None


def _is_cn_range(number: int, rest: str) -> bool:
    match = _RANGE_AFTER_ITEM_RE.match(rest)
    return match is not None and _strict_cn(match.group(1)) == number + 1


def match_numbering(line: str) -> NumberingMatch | None:
    """The numbering label at the start of ``line``, or None if it does not start with one."""
    text = line.lstrip(_STRIP).translate(_FULLWIDTH_DIGITS)
    if not text:
        return None

    def found(
        style: NumberingStyle, label: str, number: int | None, end: int
    ) -> NumberingMatch | None:
        if number is None:
            return None
        return NumberingMatch(style, label, number, text[end:].strip(_STRIP))

    if text[0] in _CIRCLED:
        return found(NumberingStyle.CIRCLED, text[0], _CIRCLED[text[0]], 1)
    if m := _HEADING_RE.match(text):
        raw, kind, suffix = m.group(1), m.group(2), m.group(3) or ""
        number = int(raw) if raw.isdigit() else _strict_cn(raw)
        return found(_KIND_STYLES[kind], f"第{raw}{kind}{suffix}", number, m.end())
    if m := _CN_ITEM_RE.match(text):
        number = _strict_cn(m.group(1))
        if number is None or _is_cn_range(number, text[m.end() :]):
            return None
        return found(NumberingStyle.CN_ITEM, f"{m.group(1)}、", number, m.end())
    if m := _PAREN_CN_RE.match(text):
        return found(NumberingStyle.PAREN_CN, f"（{m.group(1)}）", _strict_cn(m.group(1)), m.end())
    if m := _PAREN_ARABIC_RE.match(text):
        digits = m.group(1)
        return found(NumberingStyle.PAREN_ARABIC, f"（{int(digits)}）", int(digits), m.end())
    if m := _ARABIC_RE.match(text):
        # "．" and "." are one mark in two widths; "、" is a different mark and kept.
        mark = "." if m.group(2) in ".．" else m.group(2)
        digits = m.group(1)
        return found(NumberingStyle.ARABIC, f"{int(digits)}{mark}", int(digits), m.end())
    return None


# ---------------------------------------------------------------- dates and lead-ins

_ARABIC_DATE = r"\d{4}年\d{1,2}月\d{1,2}日"
# Official documents write years digit by digit, often with ○ (U+25CB) or O for 〇.
_CN_DATE = (
    r"[〇零○OＯ一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日"
)
DATE_PATTERN = rf"(?:{_ARABIC_DATE}|{_CN_DATE})"
_DATE_PARTS_RE = re.compile(r"(.{4})年(.{1,2})月(.{1,3})日")
_YEAR_DIGITS = str.maketrans("〇零○OＯ一二三四五六七八九", "00000123456789")


def parse_cn_date(text: str) -> date | None:
    """The date a line consists of: "2024年3月21日" or "二〇二四年三月二十一日"; else None."""
    text = re.sub(r"\s+", "", text.translate(_FULLWIDTH_DIGITS))
    if not re.fullmatch(DATE_PATTERN, text):
        return None
    year, month, day = _DATE_PARTS_RE.fullmatch(text).groups()  # type: ignore[union-attr]
    try:
        return date(
            int(year.translate(_YEAR_DIGITS)),
            int(month) if month.isdigit() else cn_to_int(month),
            int(day) if day.isdigit() else cn_to_int(day),
        )
    except ValueError:
        return None  # 2024年2月30日 and the like: not a date we can store


HEADING_MAX_CHARS = 40
_SENTENCE_END = "。！？"
_OPENERS = {"“": "”", "‘": "’", "《": "》", "（": "）", "(": ")", "「": "」", "〔": "〕"}
_NOT_HEADING_ENDINGS = ("；", "：", "，", "、", ";", ":", ",")


def _first_sentence_end(text: str) -> int:
    """Index of the first 。！？ outside quotes and brackets, or -1.

    A bracket left open (the seed notice has one) would hide every full stop after it, so
    then the first full stop anywhere counts.
    """
    closers: list[str] = []
    first_anywhere = -1
    for index, char in enumerate(text):
        if closers and char == closers[-1]:
            closers.pop()
        elif char in _OPENERS:
            closers.append(_OPENERS[char])
        elif char in _SENTENCE_END:
            if not closers:
                return index
            first_anywhere = index if first_anywhere < 0 else first_anywhere
    return first_anywhere if closers else -1


def split_lead_in(rest: str) -> tuple[str, str]:
    """Split a numbered item's text into (heading, text).

    The first sentence is a heading when it is short (≤ HEADING_MAX_CHARS) and more text
    follows: "聚焦……考核。企业……" -> ("聚焦……考核", "企业……"). A whole line that is short
    and does not end like a clause is a heading alone: "推动企业主体责任落地生根" -> (it, "").
    Anything else is all text: ("", rest).
    """
    rest = rest.strip()
    end = _first_sentence_end(rest)
    if end >= 0:
        head, tail = rest[:end].strip(), rest[end + 1 :].strip()
        if head and tail and len(head) <= HEADING_MAX_CHARS:
            return head, tail
        return "", rest
    if rest and len(rest) <= HEADING_MAX_CHARS and not rest.endswith(_NOT_HEADING_ENDINGS):
        return rest, ""
    return "", rest


# ---------------------------------------------------------------- numbered lines -> provisions


@dataclass(frozen=True, slots=True)
class ParsedProvision:
    style: NumberingStyle
    label: str  # "第二十八条", "一、", "（十五）"
    number: int
    depth: int  # 0 = top level of the body
    heading: str
    text: str
    path: tuple[str, ...]  # labels of ancestors, outermost first


@dataclass(frozen=True, slots=True)
class NumberedBody:
    preamble: tuple[str, ...]  # lines before the first numbered one
    provisions: tuple[ParsedProvision, ...]
    warnings: tuple[str, ...]


_STRUCTURE_STYLES = {NumberingStyle.PART, NumberingStyle.CHAPTER, NumberingStyle.SECTION}


def is_toc_heading(line: str) -> bool:
    return re.sub(r"\s+", "", line) in ("目录", "目次")


def _heading_and_text(style: NumberingStyle, rest: str) -> tuple[str, str]:
    if style in _STRUCTURE_STYLES:
        return rest, ""  # 第一章　总则: the words are the chapter's name
    if style is NumberingStyle.ARTICLE:
        return "", rest  # articles have no headings in Chinese legislation
    return split_lead_in(rest)


def build_provisions(lines: Sequence[str]) -> NumberedBody:
    """Turn cleaned lines into a flat list of provisions with depth and ancestor path.

    A style's depth is the order in which it first appears; an unnumbered line continues the
    current provision's text ("\\n"-joined). A 目录 before the body is skipped.
    """
    preamble: list[str] = []
    warnings: list[str] = []
    drafts: list[tuple[NumberingMatch, int, tuple[str, ...], str, list[str]]] = []
    depth_of: dict[NumberingStyle, int] = {}
    stack: list[tuple[int, str]] = []  # (depth, label) of open ancestors
    last_in_parent: dict[tuple[NumberingStyle, tuple[str, ...]], int] = {}
    last_anywhere: dict[NumberingStyle, int] = {}
    toc: list[str] | None = None  # labels seen while skipping a table of contents
    for line in lines:
        match = match_numbering(line)
        if toc is not None:
            # A law's 目录 lists the chapter headings; the body starts when they repeat.
            if match and match.style in _STRUCTURE_STYLES and match.label not in toc[:1]:
                toc.append(match.label)
                continue
            warnings.append(f"已跳过目录（{len(toc)} 行）。")
            toc = None
        if is_toc_heading(line) and not drafts:
            toc = []
            continue
        if match is None:
            (drafts[-1][4] if drafts else preamble).append(line)
            continue
        depth = depth_of.setdefault(match.style, len(depth_of))
        while stack and stack[-1][0] >= depth:
            stack.pop()
        path = tuple(label for _, label in stack)
        # Items may restart under each parent or run on across parents (（一）…（十九）).
        key = (match.style, path)
        allowed = {1, last_in_parent.get(key, 0) + 1, last_anywhere.get(match.style, 0) + 1}
        if match.number not in allowed:
            warnings.append(f"编号可能不连续：{'/'.join((*path, match.label))}。")
        last_in_parent[key] = last_anywhere[match.style] = match.number
        heading, text = _heading_and_text(match.style, match.rest)
        drafts.append((match, depth, path, heading, [text]))
        stack.append((depth, match.label))
    provisions = tuple(
        ParsedProvision(
            m.style, m.label, m.number, depth, heading, "\n".join(t for t in texts if t), path
        )
        for m, depth, path, heading, texts in drafts
    )
    return NumberedBody(tuple(preamble), provisions, tuple(warnings))
