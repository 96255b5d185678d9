"""Moodle XML question export (``<quiz>``): multichoice, truefalse and shortanswer.

Every other question type (essay, matching, numerical, description, cloze, …) is listed
in ``ParseReport.skipped`` with its name and type, never dropped silently. Category
questions set the topics of the questions after them.
"""

from __future__ import annotations

import os
import string
import xml.etree.ElementTree as ET
from typing import IO

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from .assemble import check_question
from .htmltext import html_to_text
from .model import (
    FileFormatError,
    Option,
    ParsedQuestion,
    ParseReport,
    QuestionType,
    SkippedItem,
)
from .vocab import parse_true_false

__all__ = ["category_topics", "parse_moodle_xml"]

Source = str | os.PathLike[str] | IO[bytes] | bytes

_HTML_FORMATS = frozenset({"html", "moodle_auto_format"})
# Single-answer questions may give partial credit to near misses: only the best counts.
_FRACTION_TOLERANCE = 1e-6


def parse_moodle_xml(source: Source) -> ParseReport:
    """Parse a Moodle XML export; ``FileFormatError`` if it is not one."""
    root = _parse(_read(source))
    questions: list[ParsedQuestion] = []
    skipped: list[SkippedItem] = []
    topics: tuple[str, ...] = ()
    number = 0
    for element in root.iter("question"):
        kind = (element.get("type") or "").strip()
        if kind == "category":
            topics = category_topics(element.findtext("category/text") or "")
            continue
        number += 1
        ref = f"题目 {number}"
        name = (element.findtext("name/text") or "").strip()
        place = f"第{number}题“{name}”" if name else f"第{number}题"
        question = _question(element, kind, ref, place, topics)
        if question is None:
            skipped.append(
                SkippedItem(ref, kind or "unknown", f"{place}（{kind} 类型）不支持，已跳过")
            )
        else:
            questions.append(question)
    return ParseReport(questions=tuple(questions), skipped=tuple(skipped))


def category_topics(path: str) -> tuple[str, ...]:
    """ "$course$/top/Iota/Kappa" -> ("Iota", "Kappa"); "//" is an escaped "/"."""
    parts = path.replace("//", "\x00").split("/")
    names = (part.replace("\x00", "/").strip() for part in parts)
    return tuple(
        name
        for name in names
        if name and not (name.startswith("$") and name.endswith("$")) and name != "top"
    )


def _read(source: Source) -> bytes:
    if isinstance(source, bytes):
        return source
    if isinstance(source, str | os.PathLike):
        with open(source, "rb") as handle:
            return handle.read()
    return source.read()


def _parse(data: bytes) -> ET.Element:
    if not data.strip():
        raise FileFormatError("XML 文件为空")
    try:
        # defusedxml refuses any DTD wherever it sits and in any encoding (a long comment
        # or UTF-16 hid one from a look at the first bytes); Moodle never writes one, and
        # entities are how XML bombs and external-file reads get in.
        root: ET.Element = SafeET.fromstring(data, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise FileFormatError("XML 文件含有 DOCTYPE/实体声明，出于安全原因不予读取") from exc
    except ET.ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else "?"
        raise FileFormatError(f"XML 格式错误（第{line}行附近），文件可能已损坏") from exc
    if root.tag != "quiz":
        raise FileFormatError(f"这不是 Moodle XML 题库：根元素应为 <quiz>，实际为 <{root.tag}>")
    return root


def _text(element: ET.Element | None) -> str:
    """The ``<text>`` of a questiontext/answer/feedback element, as plain text."""
    if element is None:
        return ""
    raw = element.findtext("text") or ""
    if element.get("format", "html") in _HTML_FORMATS:
        return html_to_text(raw)
    return raw.strip()


def _answers(element: ET.Element) -> list[tuple[float, str]]:
    answers = []
    for answer in element.findall("answer"):
        try:
            fraction = float(answer.get("fraction", "0"))
        except ValueError:
            fraction = 0.0
        answers.append((fraction, _text(answer)))
    return answers


def _question(
    element: ET.Element, kind: str, ref: str, place: str, topics: tuple[str, ...]
) -> ParsedQuestion | None:
    stem = _text(element.find("questiontext"))
    answers = _answers(element)
    options: tuple[Option, ...] = ()
    if kind == "multichoice":
        single = (element.findtext("single") or "true").strip().lower() in ("true", "1")
        options = tuple(
            Option(key, text)
            for key, (_, text) in zip(string.ascii_uppercase, answers, strict=False)
        )
        best = max((fraction for fraction, _ in answers), default=0.0)
        correct = tuple(
            option.key
            for option, (fraction, _) in zip(options, answers, strict=False)
            if fraction > 0 and (not single or fraction >= best - _FRACTION_TOLERANCE)
        )
        qtype = QuestionType.SINGLE if single else QuestionType.MULTIPLE
    elif kind == "truefalse":
        qtype = QuestionType.TRUE_FALSE
        values = [parse_true_false(text) for fraction, text in answers if fraction > 0]
        correct = (values[0],) if values and values[0] else ()
    elif kind == "shortanswer":
        qtype = QuestionType.FILL
        correct = tuple(dict.fromkeys(text for fraction, text in answers if fraction > 0 and text))
    else:
        return None
    return ParsedQuestion(
        type=qtype,
        stem=stem,
        options=options,
        answer=correct,
        explanation=_text(element.find("generalfeedback")),
        topics=topics,
        source_ref=ref,
        problems=check_question(qtype, stem, options, correct, place),
    )
