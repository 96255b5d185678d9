"""Recognising the pieces of a text question bank line: numbering, tags, options, markers.

All matching runs on ``fold(line)`` (full-width → ASCII, same length), so one ASCII
pattern covers "A．" and "A.", "（" and "(", "：" and ":"; text is sliced from the original
line with the same indices, keeping the author's punctuation.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from .assemble import parse_choice_letters
from .model import Option
from .vocab import OPTION_KEYS, fold, parse_true_false, type_label

__all__ = [
    "Marker",
    "Numbering",
    "find_inline_options",
    "match_option_start",
    "match_question_number",
    "match_tag",
    "match_topic_heading",
    "match_type_heading",
    "split_markers",
    "split_options",
    "take_bracket_answer",
]

_CN = "一二三四五六七八九十百零〇"


@dataclass(frozen=True, slots=True)
class Numbering:
    number: int
    style: str  # "dot" (1. 1、 1) 1）), "paren" (（1）), "ti" (第1题)
    end: int


_NUMBER_RE = re.compile(
    r"\s*(?:第\s*(?P<ti>\d{1,4})\s*题\s*[.、:]?"
    r"|\(\s*(?P<paren>\d{1,4})\s*\)"
    r"|(?P<dot>\d{1,4})\s*(?:[.、)](?!\d)|\s+(?=[【\[])))\s*"
)


def match_question_number(folded: str) -> Numbering | None:
    """ "1." "1．" "1、" "1)" "（1）" "第1题" at the start; "1.5米" is not a number label."""
    match = _NUMBER_RE.match(folded)
    if not match:
        return None
    for style in ("dot", "paren", "ti"):
        if match.group(style):
            return Numbering(int(match.group(style)), style, match.end())
    return None  # pragma: no cover - one group always matches


_TAG_RE = re.compile(
    r"\s*(?:【\s*([^】]{1,10}?)\s*】|\[\s*([^\]]{1,10}?)\s*\]|\(\s*([^)]{1,10}?)\s*\))\s*"
)


def match_tag(folded: str, pos: int = 0) -> tuple[str, int] | None:
    """A type tag such as 【单选】, [多选题], （判断题） at ``pos``: (label, end)."""
    match = _TAG_RE.match(folded, pos)
    if not match:
        return None
    label = next(group for group in match.groups() if group is not None)
    return (label, match.end()) if type_label(label) is not None else None


_HEADING_PREFIX = (
    rf"(?:第\s*[{_CN}\d]+\s*(?:部分|大题|章|篇|单元)\s*[:、.]?"
    rf"|[{_CN}]+\s*[、.]|\(\s*[{_CN}]+\s*\))"
)
_TYPE_HEADING_RE = re.compile(
    rf"\s*(?:{_HEADING_PREFIX})?\s*(?P<label>[^\s(:,;【\[]{{2,8}}?)(?P<rest>(?:[\s(:,;【\[].*)?)$"
)
_TOPIC_HEADING_RE = re.compile(
    rf"\s*(?:(?P<one>第\s*[{_CN}\d]+\s*(?:部分|章|篇|单元)\s*[:、.]?|[{_CN}]+\s*[、.])"
    rf"|(?P<two>\(\s*[{_CN}]+\s*\)|第\s*[{_CN}\d]+\s*节\s*[:、.]?))\s*(?P<name>.+)$"
)
_QUESTION_LIKE_RE = re.compile(r"_{2,}|\(\s*\)|[?？]\s*$")


def match_type_heading(folded: str) -> str | None:
    """The 题型 of a section heading: "第一部分 单选题（5题）", "一、单选题(每题2分,共30分)",
    "二、多项选择题" -> the label ("单选题"); None if the line is no such heading."""
    if len(folded) > 60:
        return None
    match = _TYPE_HEADING_RE.match(folded)
    if not match or type_label(match.group("label")) is None:
        return None
    if split_markers(folded, folded)[2]:
        return None
    return match.group("label")


def match_topic_heading(folded: str, original: str) -> tuple[int, str] | None:
    """(level, name) of a non-question heading: "一、法律法规与责任体系" -> (1, name);
    "（一）安全生产法" -> (2, name). Lines that look like questions are not headings."""
    if len(folded) > 60:
        return None
    match = _TOPIC_HEADING_RE.match(folded)
    if not match or _QUESTION_LIKE_RE.search(folded):
        return None
    name = original[match.start("name") :].strip().rstrip(":：")
    if not name or split_markers(folded, original)[2]:
        return None
    return (1 if match.group("one") else 2), name


_OPTION_START_RE = re.compile(r"\s*(?:\(\s*(?P<paren>[A-H])\s*\)|(?P<plain>[A-H])\s*[.、):])\s*")


def match_option_start(folded: str) -> tuple[str, int, bool] | None:
    """(key, end of label, paren form) for a line starting "A." "A、" "A）" "(A)"."""
    match = _OPTION_START_RE.match(folded)
    if not match:
        return None
    paren = match.group("paren") is not None
    return (match.group("paren") or match.group("plain"), match.end(), paren)


def _label_re(key: str, paren: bool) -> re.Pattern[str]:
    # "(B)" inside option text and the B of "PCB." are not labels.
    return re.compile(rf"\(\s*{key}\s*\)" if paren else rf"(?<![A-Za-z(]){key}[.、)]")


_BOUNDARY = set(" \t)]】。.?？:;,!_\"'”’…")


def find_inline_options(folded: str) -> tuple[int, int] | None:
    """Where options start inside a stem line ("…（ ）A.xx B.yy"): (start, end of "A.").

    A B label must follow the A; if the A follows a word rather than a space, bracket or
    punctuation ("…的是A.汽油B.清水C.空气"), a C label must follow too.
    """
    for match in re.finditer(r"(?<!\()A[.、)]", folded):
        labels = "BC" if match.start() and folded[match.start() - 1] not in _BOUNDARY else "B"
        position = match.end()
        for key in labels:
            following = _label_re(key, paren=False).search(folded, position)
            if following is None:
                break
            position = following.end()
        else:
            return match.start(), match.end()
    return None


def split_options(
    folded: str, original: str, first_key: str, start: int, paren: bool = False
) -> list[Option]:
    """Options from ``start`` on, labelled first_key, next key, …: "A.xx    B.yy" -> 2."""
    options: list[Option] = []
    key = first_key
    for next_key in OPTION_KEYS[OPTION_KEYS.index(first_key) + 1 :]:
        match = _label_re(next_key, paren).search(folded, start)
        if not match:
            break
        options.append(Option(key, _clean_option(original[start : match.start()])))
        key, start = next_key, match.end()
    options.append(Option(key, _clean_option(original[start:])))
    return options


def _clean_option(text: str) -> str:
    return text.strip().rstrip(";；").strip()


class Marker(StrEnum):
    ANSWER = "answer"
    EXPLANATION = "explanation"
    DIFFICULTY = "difficulty"
    LEVELS = "levels"
    SPECIALTIES = "specialties"
    POSTS = "posts"
    BASIS = "basis"
    TOPICS = "topics"


_MARKER_WORDS = {
    "参考答案": Marker.ANSWER,
    "正确答案": Marker.ANSWER,
    "标准答案": Marker.ANSWER,
    "答案": Marker.ANSWER,
    "答案解析": Marker.EXPLANATION,
    "试题解析": Marker.EXPLANATION,
    "题目解析": Marker.EXPLANATION,
    "解析": Marker.EXPLANATION,
    "难度": Marker.DIFFICULTY,
    "难易程度": Marker.DIFFICULTY,
    "难易度": Marker.DIFFICULTY,
    "适用层级": Marker.LEVELS,
    "层级": Marker.LEVELS,
    "适用对象": Marker.LEVELS,
    "适用专业": Marker.SPECIALTIES,
    "专业": Marker.SPECIALTIES,
    "适用岗位": Marker.POSTS,
    "岗位": Marker.POSTS,
    "法律依据": Marker.BASIS,
    "法规依据": Marker.BASIS,
    "参考依据": Marker.BASIS,
    "依据": Marker.BASIS,
    "出处": Marker.BASIS,
    "知识点": Marker.TOPICS,
    "主题": Marker.TOPICS,
}
_WORDS = "|".join(sorted(_MARKER_WORDS, key=len, reverse=True))
_MARKER_RE = re.compile(
    rf"(?:【\s*(?P<bracketed>{_WORDS})\s*】|\[\s*(?P<squared>{_WORDS})\s*\])\s*:?\s*"
    rf"|(?P<plain>{_WORDS})\s*:\s*"
)


def _is_boundary(char: str) -> bool:
    return char.isspace() or unicodedata.category(char)[0] == "P"


def split_markers(folded: str, original: str) -> tuple[str, str, list[tuple[Marker, str]]]:
    """Cut "答案：B。解析：…" style markers out of a line: (head, folded head, segments).

    答案 may follow anything ("…D.居民区答案:C"); other plain markers need a space or
    punctuation before them so "特种作业的专业：" inside a stem is left alone.
    """
    found: list[tuple[int, int, Marker]] = []
    for match in _MARKER_RE.finditer(folded):
        word = match.group("bracketed") or match.group("squared") or match.group("plain")
        marker = _MARKER_WORDS[word]
        plain = match.group("plain") is not None
        at = match.start()
        if plain and marker is not Marker.ANSWER and at and not _is_boundary(folded[at - 1]):
            continue
        found.append((at, match.end(), marker))
    if not found:
        return original, folded, []
    segments = []
    for index, (_, end, marker) in enumerate(found):
        stop = found[index + 1][0] if index + 1 < len(found) else len(original)
        segments.append((marker, original[end:stop].strip()))
    head = found[0][0]
    return original[:head], folded[:head], segments


_BRACKET_LETTERS_RE = re.compile(r"\(\s*([A-H](?:\s*[,、]?\s*[A-H])*)\s*\)")
_BRACKET_TRUE_FALSE_RE = re.compile(r"\(\s*(√|×|✓|✗|✔|✘|对|错|正确|错误)\s*\)(?=\s*[.。]?\s*$)")
_EMPTY_BLANK = "（ ）"


def take_bracket_answer(
    stem: str, option_keys: list[str], explicit: str | None
) -> tuple[str, str | None]:
    """The answer written in the stem's brackets — "按照（ B ）标准", "…第一责任人。（√）".

    Returns the stem with that bracket turned into a blank "（ ）", and the bracket's
    answer. With an ``explicit`` answer the bracket is blanked only if it agrees (and
    then None is returned for it); otherwise it may be stem text and stays.
    """
    folded = fold(stem)
    if option_keys:
        for match in reversed(list(_BRACKET_LETTERS_RE.finditer(folded))):
            letters = "".join(sorted(set(re.sub(r"[\s,、]", "", match.group(1)))))
            if not set(letters) <= set(option_keys):
                continue
            if explicit is not None and parse_choice_letters(explicit) != tuple(letters):
                return stem, None
            blanked = stem[: match.start()] + _EMPTY_BLANK + stem[match.end() :]
            return blanked, (letters if explicit is None else None)
        return stem, None
    bracket = _BRACKET_TRUE_FALSE_RE.search(folded)
    if bracket is None:
        return stem, None
    value = bracket.group(1)
    if explicit is not None and parse_true_false(explicit) != parse_true_false(value):
        return stem, None
    blanked = stem[: bracket.start()] + _EMPTY_BLANK + stem[bracket.end() :]
    return blanked, (value if explicit is None else None)
