"""Aiken text format: a stem line, "A." / "A)" options, then "ANSWER: B".

Read line by line as Moodle does, so a malformed block (no stem, no ANSWER line, fewer
than two options) becomes one ``ReportError`` naming its lines and stem, and the
questions around it still parse. Text is taken literally: "<html>" stays "<html>".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .assemble import check_question, parse_choice_letters
from .model import (
    Option,
    ParsedQuestion,
    ParseReport,
    Problem,
    ProblemCode,
    QuestionType,
    ReportError,
)
from .sniff import decode_text
from .vocab import fold

__all__ = ["looks_like_aiken", "parse_aiken"]

_OPTION_RE = re.compile(r"([A-Z])\s*[.)]\s*")
_ANSWER_RE = re.compile(r"ANSWER\s*:\s*", re.IGNORECASE)


def looks_like_aiken(text: str) -> bool:
    return bool(re.search(r"^\s*ANSWER\s*[:：]", text, re.MULTILINE | re.IGNORECASE))


@dataclass
class _Block:
    first_line: int
    stem: list[str] = field(default_factory=list)
    options: list[Option] = field(default_factory=list)
    last_line: int = 0


def parse_aiken(source: bytes | str) -> ParseReport:
    """Parse Aiken text (bytes are decoded as UTF-8 or GBK)."""
    text = decode_text(source, "Aiken 文件") if isinstance(source, bytes) else source
    questions: list[ParsedQuestion] = []
    errors: list[ReportError] = []
    block: _Block | None = None
    orphan: _Block | None = None  # options/ANSWER lines with no stem before them

    def fail(failed: _Block, reason: str) -> None:
        lines = _line_span(failed)
        stem = " ".join(failed.stem)
        what = f"题目“{_excerpt(stem)}”" if stem else "题目"
        errors.append(ReportError(f"第{failed.first_line}行", f"{lines}的{what}{reason}"))

    def close_orphan() -> None:
        nonlocal orphan
        if orphan is not None:
            first = orphan.options[0].text if orphan.options else ""
            fail(orphan, f"没有题干（“{_excerpt(first)}”之前缺少题目），已跳过")
            orphan = None

    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        folded = fold(line)
        answer = _ANSWER_RE.match(folded)
        option = _OPTION_RE.match(folded)
        if answer or option:
            target = block
            if target is None:
                orphan = orphan or _Block(number)
                target = orphan
            target.last_line = number
            if option and not answer:
                target.options.append(Option(option.group(1), line[option.end() :].strip()))
                continue
            if target is orphan:
                close_orphan()
                continue
            assert block is not None and answer is not None
            value = line[answer.end() :].strip()
            if len(block.options) < 2:
                fail(block, f"只有 {len(block.options)} 个选项，至少需要 2 个，已跳过")
            else:
                questions.append(_finish(block, value, len(questions) + 1))
            block = None
            continue
        # Any other line is a stem: it starts a question, or continues one not yet optioned.
        close_orphan()
        if block is not None and block.options:
            fail(block, "缺少“ANSWER:”行，已跳过")
            block = None
        if block is None:
            block = _Block(number)
        block.stem.append(line)
        block.last_line = number
    close_orphan()
    if block is not None:
        fail(block, "缺少“ANSWER:”行，已跳过")
    return ParseReport(questions=tuple(questions), errors=tuple(errors))


def _finish(block: _Block, value: str, number: int) -> ParsedQuestion:
    ref = f"第{block.first_line}行"
    place = f"第{number}题（{ref}）"
    stem = "\n".join(block.stem)
    letters = parse_choice_letters(value) or ()
    qtype = QuestionType.MULTIPLE if len(letters) > 1 else QuestionType.SINGLE
    options = tuple(block.options)
    problems = check_question(qtype, stem, options, letters, place)
    if value and not letters:
        # check_question saw no answer; the file gave one that is not a letter.
        problems = tuple(p for p in problems if p.code is not ProblemCode.NO_ANSWER)
        problems = (
            *problems,
            Problem(ProblemCode.ANSWER_NOT_IN_OPTIONS, f"{place}：答案“{value}”不是选项字母"),
        )
    return ParsedQuestion(
        type=qtype, stem=stem, options=options, answer=letters, source_ref=ref, problems=problems
    )


def _line_span(block: _Block) -> str:
    if block.last_line and block.last_line != block.first_line:
        return f"第{block.first_line}–{block.last_line}行"
    return f"第{block.first_line}行"


def _excerpt(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"
