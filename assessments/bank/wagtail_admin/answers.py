"""Reading the question form's friendly fields: option texts and the answer as typed.

Pure functions over strings; the messages are Chinese and go straight onto the form. The
answer words are the importers' (``importers.questions``), so "正确/对/√" and "甲烷；CH4"
mean the same in the admin as in an uploaded file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from assessments.exams.engine.keys import KeyProblem, answer_keys, key_problems
from importers.questions.assemble import MIN_OPTIONS, parse_choice_letters, split_fill_answer
from importers.questions.model import QuestionType, count_blanks
from importers.questions.vocab import parse_true_false

#: The option keys the form offers: the xlsx template's 选项A–F, plus G/H, which text
#: layouts allow and the form shows only for a question that has them.
FORM_OPTION_KEYS = "ABCDEFGH"


@dataclass(frozen=True)
class AnswerCheck:
    """The options and answer to store, or the errors by form field ("options", "answer")."""

    options: list[dict[str, str]] = field(default_factory=list)
    answer: list[str] = field(default_factory=list)
    errors: dict[str, list[str]] = field(default_factory=dict)


def answer_as_text(question_type: str, answer: Sequence[str]) -> str:
    """What the answer field shows for a stored answer: "B", "ABD", "正确", "甲烷；CH4"."""
    if question_type == QuestionType.TRUE_FALSE:
        return {"true": "正确", "false": "错误"}.get(answer[0], "") if answer else ""
    if question_type == QuestionType.FILL:
        return "；".join(answer)
    return "".join(answer)


def check_answer(
    question_type: str, stem: str, option_texts: Sequence[str], answer_text: str
) -> AnswerCheck:
    """Options (A–F, in order) and the typed answer, checked against the question type."""
    errors: dict[str, list[str]] = {}
    texts = [text.strip() for text in option_texts]
    while texts and not texts[-1]:
        texts.pop()
    gaps = [FORM_OPTION_KEYS[i] for i, text in enumerate(texts) if not text]
    options = [{"key": FORM_OPTION_KEYS[i], "text": text} for i, text in enumerate(texts)]
    keys = [option["key"] for option in options]
    raw = answer_text.strip()
    qtype = QuestionType(question_type)
    answer: list[str] = []

    if qtype in MIN_OPTIONS:
        if gaps:
            errors.setdefault("options", []).append(
                f"选项须从A开始连续填写：选项{'、'.join(gaps)}为空。"
            )
        needed = MIN_OPTIONS[qtype]
        if len(options) < needed:
            errors.setdefault("options", []).append(
                f"{qtype.label}题至少需要 {needed} 个选项，现在只有 {len(options)} 个。"
            )
        letters = parse_choice_letters(raw) if raw else None
        if not raw:
            errors.setdefault("answer", []).append("请填写答案，如“B”或“ABD”。")
        elif letters is None:
            errors.setdefault("answer", []).append("答案应为选项字母，如“B”或“ABD”。")
        else:
            answer = list(letters)
            errors.setdefault("answer", []).extend(_key_errors(qtype, keys, answer))
            if not errors["answer"]:
                del errors["answer"]
        return AnswerCheck(options=options, answer=answer, errors=errors)

    if options:
        errors.setdefault("options", []).append(f"{qtype.label}题不填选项，请清空选项。")
    if qtype is QuestionType.TRUE_FALSE:
        value = parse_true_false(raw) if raw else None
        if value is None:
            errors.setdefault("answer", []).append(TRUE_FALSE_HINT)
        else:
            answer = [value]
    else:
        answer = list(split_fill_answer(raw, count_blanks(stem)))
        if not answer:
            errors.setdefault("answer", []).append(
                "请填写答案；多个可接受的写法用“；”分隔，如“甲烷；CH4”。"
            )
    return AnswerCheck(options=[], answer=answer, errors=errors)


TRUE_FALSE_HINT = "判断题答案应为“正确”或“错误”。"


def _key_errors(qtype: QuestionType, keys: Sequence[str], answer: Sequence[str]) -> list[str]:
    """The engine's key rule (``assessments.exams.engine.keys``), worded for the question form."""
    messages = []
    for issue in key_problems(qtype, answer_keys(qtype, keys), answer):
        if issue.problem is KeyProblem.NOT_IN_OPTIONS:
            shown = "、".join(keys) if keys else "（无）"
            messages.append(f"答案“{''.join(issue.keys)}”不在选项{shown}中。")
        elif issue.problem is KeyProblem.MANY_FOR_ONE:
            messages.append(f"{qtype.label}题只能有一个答案。")
        elif issue.problem is KeyProblem.MULTIPLE_WITH_ONE:
            messages.append("多选题至少需要两个正确答案；只有一个答案请改为单选题。")
        elif issue.problem is KeyProblem.DUPLICATE:
            messages.append(f"答案“{''.join(issue.keys)}”重复。")
        elif issue.problem is KeyProblem.NO_ANSWER:
            messages.append(TRUE_FALSE_HINT if qtype is QuestionType.TRUE_FALSE else "请填写答案。")
    return messages
