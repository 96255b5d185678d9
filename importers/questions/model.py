"""Values every question-bank parser produces: parsed questions, problems and reports.

Plain frozen dataclasses, no Django: the import service turns them into bank rows, the
preview screen and the ``--json`` CLI show them as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

# The one definition of question types (plain Python, like these parsers).
from assessments.exams.engine.types import QuestionType

__all__ = [
    "FILL_VARIANT_SEPARATOR",
    "FileFormatError",
    "Option",
    "ParseReport",
    "ParsedQuestion",
    "Problem",
    "ProblemCode",
    "QuestionType",
    "ReportError",
    "SkippedItem",
    "count_blanks",
]

# Inside one blank's answer of a multi-blank 填空, accepted variants are joined with this.
FILL_VARIANT_SEPARATOR = "|"

# A blank is a run of underscores or an empty pair of brackets, in either width.
_BLANK_RE = re.compile(r"[_＿]{2,}|[（(][ \u3000\u00a0]*[)）]")


class ProblemCode(StrEnum):
    NO_ANSWER = "no_answer"
    ANSWER_NOT_IN_OPTIONS = "answer_not_in_options"
    MULTIPLE_WITH_ONE_ANSWER = "multiple_with_one_answer"
    SINGLE_WITH_MANY_ANSWERS = "single_with_many_answers"
    DUPLICATE_ANSWER = "duplicate_answer"
    EMPTY_STEM = "empty_stem"
    UNKNOWN_TYPE = "unknown_type"
    TOO_FEW_OPTIONS = "too_few_options"
    EMPTY_OPTION = "empty_option"
    DUPLICATE = "duplicate"
    UNSUPPORTED_TYPE = "unsupported_type"


@dataclass(frozen=True, slots=True)
class Problem:
    """Why a question cannot be imported as is; ``message`` is Chinese and names the place."""

    code: ProblemCode
    message: str


@dataclass(frozen=True, slots=True)
class Option:
    key: str  # "A".."H"
    text: str


@dataclass(frozen=True, slots=True)
class ParsedQuestion:
    """One question as read from a file, valid or not.

    ``answer`` holds option keys for 单选/多选, ``("true",)`` or ``("false",)`` for 判断.
    For 填空 with at most one blank in the stem it holds the accepted variants of that
    blank; with two or more blanks it holds one entry per blank, in order, each entry's
    variants joined by ``FILL_VARIANT_SEPARATOR`` — ``fill_blanks()`` reads both shapes.
    """

    type: QuestionType | None
    stem: str
    options: tuple[Option, ...] = ()
    answer: tuple[str, ...] = ()
    explanation: str = ""
    difficulty: str | None = None  # 易 / 中 / 难
    levels: tuple[str, ...] = ()
    specialties: tuple[str, ...] = ()
    posts: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    basis: str = ""  # 依据, e.g. "《安全生产法》第二十八条"
    source_ref: str = ""  # "第12段", "第5行", "题目 3"
    problems: tuple[Problem, ...] = ()

    @property
    def is_valid(self) -> bool:
        return not self.problems

    @property
    def problem_codes(self) -> tuple[ProblemCode, ...]:
        return tuple(problem.code for problem in self.problems)

    def fill_blanks(self) -> tuple[tuple[str, ...], ...]:
        """Accepted variants per blank of a 填空, whichever shape ``answer`` has."""
        if self.type is not QuestionType.FILL or not self.answer:
            return ()
        if count_blanks(self.stem) >= 2:
            return tuple(tuple(entry.split(FILL_VARIANT_SEPARATOR)) for entry in self.answer)
        return (self.answer,)


@dataclass(frozen=True, slots=True)
class SkippedItem:
    """Something in the file deliberately not imported (an essay, a title line)."""

    source_ref: str
    kind: str  # the foreign type name ("essay", "matching") or "text"
    message: str


@dataclass(frozen=True, slots=True)
class ReportError:
    """A part of the file that could not be read as a question (a malformed Aiken block)."""

    source_ref: str
    message: str


@dataclass(frozen=True, slots=True)
class ParseReport:
    questions: tuple[ParsedQuestion, ...] = ()
    skipped: tuple[SkippedItem, ...] = ()
    errors: tuple[ReportError, ...] = ()

    @property
    def valid_questions(self) -> tuple[ParsedQuestion, ...]:
        return tuple(question for question in self.questions if question.is_valid)

    def count_by_type(self) -> dict[QuestionType | None, int]:
        counts: dict[QuestionType | None, int] = {}
        for question in self.questions:
            counts[question.type] = counts.get(question.type, 0) + 1
        return counts


class FileFormatError(ValueError):
    """The file as a whole cannot be read; the message is Chinese and shown to the uploader.

    ``report`` carries what was read when the file parsed but held no usable question.
    """

    def __init__(self, message: str, report: ParseReport | None = None) -> None:
        super().__init__(message)
        self.report = report


def count_blanks(stem: str) -> int:
    """Blanks in a stem: runs of ``__`` and empty brackets ``（ ）``."""
    return len(_BLANK_RE.findall(stem))
