"""From raw text fields to a checked ``ParsedQuestion``: type, answer and problems.

Every parser ends here: docx/text/xlsx/csv hand over raw strings (``RawQuestion``),
Moodle/GIFT/Aiken, which already know type and answer, call ``check_question`` only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assessments.exams.engine.keys import KeyProblem, answer_keys, key_problems

from .model import (
    FILL_VARIANT_SEPARATOR,
    Option,
    ParsedQuestion,
    Problem,
    ProblemCode,
    QuestionType,
    count_blanks,
)
from .vocab import OPTION_KEYS, fold, parse_difficulty, parse_true_false, type_label

__all__ = [
    "RawQuestion",
    "assemble",
    "check_question",
    "infer_type",
    "parse_choice_letters",
    "split_fill_answer",
]

# A 多选 with two options is a 判断 in disguise, so it needs three; a 单选 needs two.
MIN_OPTIONS = {QuestionType.SINGLE: 2, QuestionType.MULTIPLE: 3}

_LETTER_SEPARATORS = re.compile(r"[\s、,，;；/|和及与]+")
_TRAILING = "。.，,；;、！!"


@dataclass(frozen=True, slots=True)
class RawQuestion:
    """A question as a text layout gives it: labels and answers still as typed."""

    place: str  # names the question in messages: "第3题（第12段）", "第5行"
    source_ref: str
    stem: str
    type_label: str | None = None  # 题型 as written (tag, section heading, 题型 cell)
    options: tuple[Option, ...] = ()
    answer: str | None = None
    explanation: str = ""
    difficulty: str = ""
    levels: tuple[str, ...] = ()
    specialties: tuple[str, ...] = ()
    posts: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    basis: str = ""


def parse_choice_letters(raw: str) -> tuple[str, ...] | None:
    """ "A、B、C、D。" / "ABCD" / "b" -> ("A", "B", "C", "D"); None unless it is only letters."""
    text = _LETTER_SEPARATORS.sub("", fold(raw).strip().rstrip(_TRAILING)).upper()
    if not text or any(letter not in OPTION_KEYS for letter in text):
        return None
    return tuple(sorted(set(text)))


_ENUMERATED_RE = re.compile(r"\s*(?:[(（]\s*\d{1,2}\s*[)）]|[①-⑳]|\d{1,2}\s*[.、．])\s*")
_BLANK_SPLITTERS = (re.compile(r"\s*[;；]\s*"), re.compile(r"\s*[、,，]\s*"), re.compile(r"\s+"))
_VARIANT_RE = re.compile(r"\s*(?:[;；|]|(?<=\S)或(?=\S))\s*")
_IN_BLANK_VARIANT_RE = re.compile(r"\s*(?:\||(?<=\S)或(?=\S))\s*")


def split_fill_answer(raw: str, blanks: int) -> tuple[str, ...]:
    """A 填空 answer in ``ParsedQuestion.answer`` shape.

    One blank (or none marked): variants split on ；/;/|/或 — "甲烷；CH4" -> ("甲烷", "CH4").
    Two or more blanks: first cut into one part per blank — by (1)/①/1. numbering, else
    by ；, else by 、/，, else by spaces, whichever gives exactly that many parts — then
    each part's variants (split on |/或) are joined with "|": "甲烷|CH4；天然气".
    If no cut fits, the answer is cut on ；/; as it stands.
    """
    text = raw.strip().rstrip("。.")
    if not text:
        return ()
    if blanks < 2:
        return _unique(_VARIANT_RE.split(text))
    parts: list[str] | None = None
    if _ENUMERATED_RE.match(text):
        parts = [part for part in _ENUMERATED_RE.split(text) if part.strip()]
    if parts is None or len(parts) != blanks:
        for splitter in _BLANK_SPLITTERS:
            candidate = [part for part in splitter.split(text) if part.strip()]
            if len(candidate) == blanks:
                parts = candidate
                break
        else:
            parts = [part for part in _BLANK_SPLITTERS[0].split(text) if part.strip()]
    return tuple(
        FILL_VARIANT_SEPARATOR.join(_unique(_IN_BLANK_VARIANT_RE.split(part.strip(" ；;，,、"))))
        for part in parts
    )


def _unique(parts: Sequence[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for part in parts:
        part = part.strip()
        if part:
            seen.setdefault(part, None)
    return tuple(seen)


def infer_type(options: Sequence[Option], answer: str | None, stem: str) -> QuestionType | None:
    """The type an untagged question must have, or None if it cannot be told.

    Options and answer letters: several letters → 多选, one → 单选. No options: an answer
    of 对/错/√/× → 判断; a blank in the stem and a text answer → 填空.
    """
    raw = (answer or "").strip()
    if options:
        letters = parse_choice_letters(raw) if raw else None
        if letters:
            return QuestionType.MULTIPLE if len(letters) > 1 else QuestionType.SINGLE
        return None
    if not raw:
        return None
    if parse_true_false(raw, strict=True):
        return QuestionType.TRUE_FALSE
    if count_blanks(stem):
        return QuestionType.FILL
    return None


def check_question(
    qtype: QuestionType, stem: str, options: Sequence[Option], answer: Sequence[str], place: str
) -> tuple[Problem, ...]:
    """Problems of a question whose type and answer are already interpreted."""
    problems: list[Problem] = []
    if _is_blank(stem):
        problems.append(Problem(ProblemCode.EMPTY_STEM, f"{place}：题干为空"))
    if qtype in MIN_OPTIONS:
        keys = [option.key for option in options]
        needed = MIN_OPTIONS[qtype]
        if len(keys) < needed:
            problems.append(
                Problem(
                    ProblemCode.TOO_FEW_OPTIONS,
                    f"{place}：{qtype.label}题只有 {len(keys)} 个选项，至少需要 {needed} 个",
                )
            )
        if empty := [option.key for option in options if _is_blank(option.text)]:
            problems.append(
                Problem(
                    ProblemCode.EMPTY_OPTION,
                    f"{place}：选项 {'、'.join(empty)} 没有文字（原文可能只有格式标记）",
                )
            )
    problems.extend(_key_problems(qtype, options, answer, place))
    if not answer:
        problems.insert(0, Problem(ProblemCode.NO_ANSWER, f"{place}：缺少答案"))
    return tuple(problems)


def _key_problems(
    qtype: QuestionType, options: Sequence[Option], answer: Sequence[str], place: str
) -> list[Problem]:
    """The engine's key rule (``assessments.exams.engine.keys``), worded for an import report."""
    keys = [option.key for option in options]
    problems: list[Problem] = []
    for issue in key_problems(qtype, answer_keys(qtype, keys), answer):
        if issue.problem is KeyProblem.NOT_IN_OPTIONS and keys:
            problems.append(
                Problem(
                    ProblemCode.ANSWER_NOT_IN_OPTIONS,
                    f"{place}：答案“{''.join(issue.keys)}”不在选项 {'、'.join(keys)} 中",
                )
            )
        elif issue.problem is KeyProblem.MANY_FOR_ONE:
            problems.append(
                Problem(
                    ProblemCode.SINGLE_WITH_MANY_ANSWERS,
                    f"{place}：{qtype.label}题给出了多个答案“{''.join(answer)}”",
                )
            )
        elif issue.problem is KeyProblem.MULTIPLE_WITH_ONE:
            problems.append(
                Problem(
                    ProblemCode.MULTIPLE_WITH_ONE_ANSWER,
                    f"{place}：多选题只有一个答案“{answer[0]}”，请核对题型或答案",
                )
            )
        elif issue.problem is KeyProblem.DUPLICATE:
            problems.append(
                Problem(
                    ProblemCode.DUPLICATE_ANSWER,
                    f"{place}：答案“{''.join(issue.keys)}”重复",
                )
            )
    # NO_ANSWER is reported first by the caller; NOT_IN_OPTIONS with no options at all is
    # already TOO_FEW_OPTIONS.
    return problems


def assemble(raw: RawQuestion) -> ParsedQuestion:
    """Resolve type (label, else inference), interpret the answer and collect problems."""
    problems: list[Problem] = []
    qtype: QuestionType | None = None
    label = type_label(raw.type_label) if raw.type_label else None
    if raw.type_label and label is None:
        problems.append(
            Problem(ProblemCode.UNKNOWN_TYPE, f"{raw.place}：无法识别题型“{raw.type_label}”")
        )
    elif label is not None and not label.supported:
        problems.append(
            Problem(
                ProblemCode.UNSUPPORTED_TYPE,
                f"{raw.place}：暂不支持“{raw.type_label}”题型，请改为单选、多选、判断或填空",
            )
        )
    else:
        qtype = label.type if label is not None else None
        if qtype is None:
            qtype = infer_type(raw.options, raw.answer, raw.stem)
        if qtype is None:
            problems.append(
                Problem(
                    ProblemCode.UNKNOWN_TYPE,
                    f"{raw.place}：无法判断题型（没有题型标记，选项和答案也不足以推断）",
                )
            )

    options = raw.options
    answer: tuple[str, ...] = ()
    text = (raw.answer or "").strip()
    if qtype is None:
        if _is_blank(raw.stem):
            problems.append(Problem(ProblemCode.EMPTY_STEM, f"{raw.place}：题干为空"))
        if not text:
            problems.append(Problem(ProblemCode.NO_ANSWER, f"{raw.place}：缺少答案"))
    else:
        bad_answer: Problem | None = None
        if qtype is QuestionType.TRUE_FALSE:
            answer, options = _true_false_answer(text, options)
            if text and not answer:
                bad_answer = Problem(
                    ProblemCode.ANSWER_NOT_IN_OPTIONS,
                    f"{raw.place}：判断题答案“{text}”无法识别，应为“正确”或“错误”",
                )
        elif qtype is QuestionType.FILL:
            answer = split_fill_answer(text, count_blanks(raw.stem))
        elif text:
            letters = parse_choice_letters(text)
            if letters is None:
                bad_answer = Problem(
                    ProblemCode.ANSWER_NOT_IN_OPTIONS, f"{raw.place}：答案“{text}”不是选项字母"
                )
            else:
                answer = letters
        checked = check_question(qtype, raw.stem, options, answer, raw.place)
        if bad_answer is not None:
            # An answer was given, just not a usable one: that is the problem, not "missing".
            problems.append(bad_answer)
            checked = tuple(p for p in checked if p.code is not ProblemCode.NO_ANSWER)
        problems.extend(checked)
    return ParsedQuestion(
        type=qtype,
        stem=raw.stem,
        options=options,
        answer=answer,
        explanation=raw.explanation.strip(),
        difficulty=parse_difficulty(raw.difficulty) if raw.difficulty else None,
        levels=raw.levels,
        specialties=raw.specialties,
        posts=raw.posts,
        topics=raw.topics,
        basis=raw.basis.strip(),
        source_ref=raw.source_ref,
        problems=_dedupe(problems),
    )


def _true_false_answer(
    text: str, options: tuple[Option, ...]
) -> tuple[tuple[str, ...], tuple[Option, ...]]:
    """A 判断 keeps no options; "A" means the option A's text when that is 正确/错误."""
    if not text:
        return (), ()
    by_key = {option.key: option.text for option in options}
    letter = fold(text).strip().rstrip(_TRAILING).upper()
    if letter in by_key and (value := parse_true_false(by_key[letter], strict=True)):
        return (value,), ()
    value = parse_true_false(text)
    return ((value,) if value else ()), ()


def _is_blank(stem: str) -> bool:
    """Nothing but spaces and blanks ("（ ）", "____") is no stem."""
    return not re.sub(r"[\s_＿()（）]", "", stem)


def _dedupe(problems: Sequence[Problem]) -> tuple[Problem, ...]:
    seen: dict[Problem, None] = {}
    for problem in problems:
        seen.setdefault(problem, None)
    return tuple(seen)
