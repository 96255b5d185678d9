"""Queries that name a provision outright: "安全生产法第二十八条", "28条", "（十五）", a 文号.

Pure: the query is read into a ``Reference`` and document titles are matched here; the
lookup itself is ``exact.py``. Such a query is answered with that provision first, because
the semantic arms rank a bare "第二十八条" by whatever article of any law looks alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from importers.numbering import cn_to_int, int_to_cn

_CN_NUMBER = "[零〇一二两三四五六七八九十百千]+"
# 第二十八条 / 第 28 条 / 28条; a bare Chinese numeral needs 第 ("有一条规定" names nothing),
# and 条例/条件/条款 are words, not article numbers.
_ARTICLE_RE = re.compile(
    rf"(?:第\s*({_CN_NUMBER}|\d{{1,4}})|(?<![\d.])(\d{{1,4}}))\s*条(?![例件款文])"
)
# A range of articles: 第二十八条至第三十条 (at most MAX_LABELS of them are listed).
_RANGE_WORDS = r"至|到|-|—|~|～"
_RANGE_RE = re.compile(rf"\s*(?:{_RANGE_WORDS})\s*$")
# The same with one 条 for both ends (第28-30条, 第二十八至三十条, 28到30条): written out in
# full before the articles are read.
_SHORT_RANGE_RE = re.compile(
    rf"(?:第\s*({_CN_NUMBER}|\d{{1,4}})|(?<![\d.])(\d{{1,4}}))\s*({_RANGE_WORDS})\s*"
    rf"(?:第\s*)?({_CN_NUMBER}|\d{{1,4}})\s*条"
)
# Items of the work points: （十五）, or 第十五项 as people say it.
_ITEM_RE = re.compile(
    r"[（(]\s*([一二三四五六七八九十]{1,3})\s*[）)]|第\s*([一二三四五六七八九十]{1,3}|\d{1,2})\s*项"
)
# Paragraphs and items within a named article (第二十八条第二款、第一项): the article is
# what the index holds.
_WITHIN_ARTICLE_RE = re.compile(
    rf"第\s*(?:{_CN_NUMBER}|\d{{1,3}}|[（(]\s*{_CN_NUMBER}\s*[）)])\s*[款项目]"
)
# A query naming more articles than this is asking about a chapter, not provisions.
MAX_LABELS = 5
# 长上应急字〔2024〕22号, with the brackets people type instead of 〔〕.
_DOC_NUMBER_RE = re.compile(
    r"([\u4e00-\u9fff]{1,12}?[字发办函])\s*[〔\[【(（]\s*(\d{4})\s*[〕\]】)）]\s*(\d{1,4})\s*号"
)
_NATIONAL_PREFIX = "中华人民共和国"
# Short forms people use for the laws they live with, resolved against the titles indexed:
# a whole name, then a part of a name.
LAW_SHORT_NAMES: dict[str, str] = {
    "安法": "安全生产法",
    "新安法": "安全生产法",  # the 2021 revision, as everyone calls it
    "安全法": "安全生产法",
    "危化品安全法": "危险化学品安全法",
    "职防法": "职业病防治法",
    "消法": "消防法",
    "特设法": "特种设备安全法",
    "特种设备法": "特种设备安全法",
}
NAME_PARTS: dict[str, str] = {"危化品": "危险化学品", "危化": "危险化学品"}
_QUOTES_RE = re.compile(r"[《》“”\"'\s　]")
# Words around a document's name that are not part of it ("安全生产法里的", "请问消防法").
_EDGE_WORDS_RE = re.compile(
    r"^(?:请问|查一下|查查|看看|关于|根据|按照|依据|新修订的|新修订|修订后的|新版)+"
    r"|(?:里面|里的|中的|的|里|中|上|规定了什么|说了什么|讲了什么|说的是什么|讲的是什么|怎么说"
    r"|是什么意思|是什么|是啥|什么意思|啥意思|讲的啥|说的啥|怎么理解|内容|规定"
    r"|和|及|与|以及|、|，|,|\?|？)+$"
)
# Every title and short form people type ends in one of these (安全生产法, …条例, …规定,
# …办法, …要点): words around a provision number without one name no document
# ("第一百一十三条讲的啥" asks for that article of every law).
NAME_MARKS = ("法", "条例", "规定", "办法", "要点", "细则", "目录")


@dataclass(frozen=True, slots=True)
class Reference:
    """What a query names: a document (by name or 文号) and/or provision labels."""

    law: str = ""  # the words naming a document, aliases expanded ("安全生产法")
    # As provisions are labelled, in the query's order: ("第二十八条",), ("（十五）",).
    labels: tuple[str, ...] = ()
    doc_number: str = ""  # normalised: "长上应急字〔2024〕22号"

    @property
    def names_a_provision(self) -> bool:
        return bool(self.labels)


def parse_reference(query: str) -> Reference | None:
    """The provisions or document a query names, or None when it names none.

    "第二十八条和第二十九条" names both, "第二十八条至第三十条" the three; a paragraph or
    item within an article (第二款, 第一项) names the article."""
    text = query.strip()
    doc_number = ""
    if match := _DOC_NUMBER_RE.search(text):
        doc_number = f"{match[1]}〔{match[2]}〕{match[3]}号"
        text = text[: match.start()] + " " + text[match.end() :]
    text = _SHORT_RANGE_RE.sub(lambda m: f"第{m[1] or m[2]}条{m[3]}第{m[4]}条", text)
    numbers: list[int] = []
    rest: list[str] = []
    end = 0
    for match in _ARTICLE_RE.finditer(text):
        value = _article_number(match[1] or match[2])
        if not value:
            continue
        between = text[end : match.start()]
        if numbers and _RANGE_RE.fullmatch(between):
            # Only the first MAX_LABELS are kept, so a long range stops early.
            numbers.extend(range(numbers[-1] + 1, min(value, numbers[-1] + MAX_LABELS) + 1))
        else:
            numbers.append(value)
            rest.append(between)
        end = match.end()
    rest.append(text[end:])
    labels = tuple(dict.fromkeys(f"第{int_to_cn(n)}条" for n in numbers))[:MAX_LABELS]
    if labels:
        text = _WITHIN_ARTICLE_RE.sub(" ", " ".join(rest))
    elif match := _ITEM_RE.search(text):
        numeral = match[1] or match[2]
        labels = (f"（{int_to_cn(int(numeral)) if numeral.isdigit() else numeral}）",)
        text = text[: match.start()] + " " + text[match.end() :]
    if not labels and not doc_number:
        return None
    return Reference(law=_law_words(text), labels=labels, doc_number=doc_number)


def _article_number(number: str) -> int:
    try:
        value = int(number) if number.isdigit() else cn_to_int(number)
    except ValueError:
        return 0
    return value if 0 < value < 10_000 else 0


def _law_words(rest: str) -> str:
    words = _QUOTES_RE.sub("", rest).removeprefix(_NATIONAL_PREFIX)
    words = _EDGE_WORDS_RE.sub("", words)
    if not words:
        return ""
    if words in LAW_SHORT_NAMES:
        return LAW_SHORT_NAMES[words]
    if not any(mark in words for mark in NAME_MARKS):
        return ""
    for part, full in NAME_PARTS.items():
        if part in words and full not in words:
            return words.replace(part, full)
    return words


def matching_titles(law: str, titles: Iterable[str]) -> list[str]:
    """The titles a document name refers to, best first; all of them when ``law`` is empty.

    A title matches when the name is part of it once 中华人民共和国 is dropped
    ("安全生产法" → 《中华人民共和国安全生产法》), else when the name's characters appear in
    it in order ("危化品管理条例" → 危险化学品安全管理条例); a shorter title is closer.
    """
    titles = list(dict.fromkeys(titles))
    if not law:
        return titles
    matched = [title for title in titles if law in title.removeprefix(_NATIONAL_PREFIX)]
    if not matched and len(law) >= MIN_LOOSE_NAME:
        matched = [title for title in titles if _in_order(law, title)]
    return sorted(matched, key=lambda title: (len(title), title))


# Shorter names matched loosely would find a title for almost any pair of characters.
MIN_LOOSE_NAME = 4


def _in_order(name: str, title: str) -> bool:
    rest = iter(title)
    return all(ch in rest for ch in name)


def named_titles(query: str, titles: Iterable[str]) -> list[str]:
    """Titles of the documents a query names by name alone ("安全生产法对培训有什么要求").

    A title counts without 中华人民共和国 and at least three characters long; the short
    forms of LAW_SHORT_NAMES count too. Longer names are matched first and taken out, so
    危化品安全法 names 危险化学品安全法 and not also 安全生产法 through 安全法.
    """
    text = _QUOTES_RE.sub("", query)
    by_name: dict[str, list[str]] = {}
    for title in dict.fromkeys(titles):
        name = title.removeprefix(_NATIONAL_PREFIX)
        if len(name) >= MIN_NAMED_TITLE:
            by_name.setdefault(name, []).append(title)
    names = [(name, name) for name in by_name] + list(LAW_SHORT_NAMES.items())
    named: list[str] = []
    for words, name in sorted(names, key=lambda pair: -len(pair[0])):
        if words not in text:
            continue
        # 安全法规 is "safety regulations", not 安全法 (安全法规定… still names it).
        pattern = re.compile(re.escape(words) + "(?!规(?!定))")
        if pattern.search(text):
            text = pattern.sub("|", text)
            named.extend(t for t in by_name.get(name, ()) if t not in named)
    return named


# Shorter titles ("通知") are words of ordinary questions, not names.
MIN_NAMED_TITLE = 3
