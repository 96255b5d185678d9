"""GIFT text format (Moodle): ``::title:: stem {=right ~wrong}`` and friends.

Supported: multiple choice (``~%50%`` partial credit makes it 多选), ``{T}``/``{F}``/
``{TRUE}``/``{FALSE}``, short answer ``{=a =b}`` (填空, each ``=`` a variant), missing-word
placement (text after the braces), ``####`` general feedback, ``//`` comments,
``$CATEGORY:`` and the ``\\~ \\= \\# \\{ \\} \\:`` escapes. Essay ``{}``, numerical ``{#…}``,
matching (``->``) and descriptions (no braces) are reported as skipped.
"""

from __future__ import annotations

import re

from .assemble import check_question
from .htmltext import html_to_text
from .model import (
    Option,
    ParsedQuestion,
    ParseReport,
    QuestionType,
    ReportError,
    SkippedItem,
)
from .moodle_xml import category_topics
from .sniff import decode_text
from .vocab import OPTION_KEYS

__all__ = ["looks_like_gift", "parse_gift"]

_ESCAPES = {"\\\\": "\ue000", "\\:": "\ue001", "\\~": "\ue002", "\\=": "\ue003"}
_ESCAPES |= {"\\#": "\ue004", "\\{": "\ue005", "\\}": "\ue006", "\\n": "\n"}
_UNESCAPE = {value: key[1] for key, value in _ESCAPES.items() if value != "\n"}
_ESCAPE_RE = re.compile(r"\\[\\:~=#{}n]")
_TRUE_FALSE_RE = re.compile(r"(TRUE|FALSE|T|F)\s*(#.*)?", re.IGNORECASE | re.DOTALL)
_WEIGHT_RE = re.compile(r"^%(-?\d+(?:\.\d+)?)%")


def looks_like_gift(text: str) -> bool:
    """True if some line has a GIFT answer block ({…=…}, {T}, {F}, {}) or a $CATEGORY."""
    if re.search(r"^\s*\$CATEGORY:", text, re.MULTILINE):
        return True
    return bool(re.search(r"\{\s*(?:[=~#]|T\s*\}|F\s*\}|TRUE\s*\}|FALSE\s*\}|\})", text, re.I))


def parse_gift(source: bytes | str) -> ParseReport:
    """Parse GIFT text (bytes are decoded as UTF-8 or GBK)."""
    text = decode_text(source, "GIFT 文件") if isinstance(source, bytes) else source
    questions: list[ParsedQuestion] = []
    skipped: list[SkippedItem] = []
    errors: list[ReportError] = []
    topics: tuple[str, ...] = ()
    number = 0
    for line_number, block in _blocks(text):
        lines = block.split("\n")
        if lines[0].strip().startswith("$CATEGORY:"):
            topics = category_topics(lines[0].strip()[len("$CATEGORY:") :])
            block = "\n".join(lines[1:]).strip()
            line_number += 1
            if not block:
                continue
        number += 1
        outcome = _question(block, number, line_number, topics)
        if isinstance(outcome, ParsedQuestion):
            questions.append(outcome)
        elif isinstance(outcome, SkippedItem):
            skipped.append(outcome)
        else:
            errors.append(outcome)
    return ParseReport(tuple(questions), tuple(skipped), tuple(errors))


def _blocks(text: str) -> list[tuple[int, str]]:
    """Questions separated by blank lines, comment lines dropped: (first line no., text)."""
    blocks: list[tuple[int, str]] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        if not line.strip():
            if current:
                blocks.append((start, "\n".join(current)))
                current = []
            continue
        if line.lstrip().startswith("//"):
            continue
        if not current:
            start = number
        current.append(line)
    if current:
        blocks.append((start, "\n".join(current)))
    return blocks


def _unescape(text: str) -> str:
    for placeholder, char in _UNESCAPE.items():
        text = text.replace(placeholder, char)
    return text


def _question(
    block: str, number: int, line: int, topics: tuple[str, ...]
) -> ParsedQuestion | SkippedItem | ReportError:
    ref = f"第{line}行"
    text = _ESCAPE_RE.sub(lambda match: _ESCAPES[match.group()], block).strip()
    title = ""
    if match := re.match(r"::(.*?)::", text, re.DOTALL):
        title, text = _unescape(match.group(1)).strip(), text[match.end() :].strip()
    named = f"第{number}题“{title}”" if title else f"第{number}题"
    place = f"{named}（{ref}）"
    as_html = False
    if match := re.match(r"\[(html|moodle|plain|markdown)\]", text):
        as_html, text = match.group(1) == "html", text[match.end() :].strip()

    start = text.find("{")
    if start < 0:
        return SkippedItem(ref, "description", f"{place}没有答案部分（说明文字），已跳过")
    end = text.find("}", start)
    if end < 0:
        return ReportError(ref, f"{place}：答案部分缺少“}}”，无法读取")
    if "{" in text[end + 1 :]:
        return ReportError(ref, f"{place}：一道题只能有一个答案部分 {{…}}")
    before, content, after = text[:start].strip(), text[start + 1 : end], text[end + 1 :].strip()

    def clean(piece: str) -> str:
        piece = _unescape(piece)
        return html_to_text(piece) if as_html else piece.strip()

    explanation = ""
    if "####" in content:
        content, feedback = content.split("####", 1)
        explanation = clean(feedback)
    content = content.strip()
    if re.match(r"\[(html|moodle|plain|markdown)\]", content):
        content = content[content.index("]") + 1 :].strip()

    kind = _foreign_kind(content)
    if kind:
        return SkippedItem(ref, kind, f"{named}（{kind} 类型，{ref}）不支持，已跳过")

    options: tuple[Option, ...] = ()
    if match := _TRUE_FALSE_RE.fullmatch(content):
        qtype = QuestionType.TRUE_FALSE
        answer: tuple[str, ...] = (
            ("true",) if match.group(1).upper().startswith("T") else ("false",)
        )
    else:
        tokens = _tokens(content)
        if all(sign == "=" for sign, _, _ in tokens):
            qtype = QuestionType.FILL
            answer = tuple(dict.fromkeys(clean(text) for _, weight, text in tokens if weight > 0))
        else:
            if len(tokens) > len(OPTION_KEYS):
                return ReportError(ref, f"{place}：选项超过 {len(OPTION_KEYS)} 个")
            options = tuple(
                Option(key, clean(text))
                for key, (_, _, text) in zip(OPTION_KEYS, tokens, strict=False)
            )
            answer = tuple(
                option.key
                for option, (_, weight, _) in zip(options, tokens, strict=True)
                if weight > 0
            )
            partial = any(sign == "~" and weight > 0 for sign, weight, _ in tokens)
            qtype = QuestionType.MULTIPLE if partial or len(answer) > 1 else QuestionType.SINGLE
    blank = "____" if qtype is QuestionType.FILL else "（ ）"
    stem = clean(before) + (blank + clean(after) if after else "")
    return ParsedQuestion(
        type=qtype,
        stem=stem,
        options=options,
        answer=answer,
        explanation=explanation,
        topics=topics,
        source_ref=ref,
        problems=check_question(qtype, stem, options, answer, place),
    )


def _foreign_kind(content: str) -> str | None:
    if not content:
        return "essay"
    if content.startswith("#"):
        return "numerical"
    if "->" in content:
        return "matching"
    if not re.match(r"[=~]", content) and not _TRUE_FALSE_RE.fullmatch(content):
        return "unknown"
    return None


def _tokens(content: str) -> list[tuple[str, float, str]]:
    """(sign, weight in %, text without feedback) for each ``=…`` / ``~…`` answer."""
    tokens = []
    for match in re.finditer(r"([=~])([^=~]*)", content):
        sign, body = match.group(1), match.group(2).strip()
        weight = 100.0 if sign == "=" else 0.0
        if found := _WEIGHT_RE.match(body):
            weight, body = float(found.group(1)), body[found.end() :].strip()
        tokens.append((sign, weight, body.split("#", 1)[0].strip()))
    return tokens
