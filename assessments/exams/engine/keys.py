"""Whether an answer key is valid for a question: the one rule every caller applies.

The importer, the question form, the answer-key correction and the engine's question
snapshot all ask ``key_problems`` and word its findings for their own readers.

The rule for 多选 (decided once; the importer documented it first): a 多选 needs at
least two correct options; one key is a problem ("请核对题型或答案"), never a 单选 in
disguise. 单选 and 判断 need exactly one key; keys must be among the options and
distinct; 填空 keys are accepted variants and only need to exist.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from assessments.exams.engine.types import QuestionType

__all__ = [
    "TRUE_FALSE_KEYS",
    "KeyIssue",
    "KeyProblem",
    "answer_keys",
    "key_problems",
]

#: The keys a 判断题 answers with; its options are not authored.
TRUE_FALSE_KEYS: tuple[str, ...] = ("true", "false")


class KeyProblem(StrEnum):
    NO_ANSWER = "no_answer"
    NOT_IN_OPTIONS = "answer_not_in_options"
    DUPLICATE = "duplicate_answer"
    MANY_FOR_ONE = "single_with_many_answers"  # 单选/判断 with more than one key
    MULTIPLE_WITH_ONE = "multiple_with_one_answer"


_MESSAGES = {
    KeyProblem.NO_ANSWER: "没有标准答案",
    KeyProblem.NOT_IN_OPTIONS: "答案“{keys}”不在选项中",
    KeyProblem.DUPLICATE: "答案“{keys}”重复",
    KeyProblem.MANY_FOR_ONE: "{type}题只能有一个答案",
    KeyProblem.MULTIPLE_WITH_ONE: "多选题至少需要两个正确答案",
}


@dataclass(frozen=True, slots=True)
class KeyIssue:
    """One thing wrong with a key; ``keys`` are the offending keys (if any)."""

    problem: KeyProblem
    type: QuestionType
    keys: tuple[str, ...] = ()

    @property
    def message(self) -> str:
        """A neutral Chinese wording; callers with their own wording key on ``problem``."""
        return _MESSAGES[self.problem].format(keys="".join(self.keys), type=self.type.label)


def answer_keys(question_type: QuestionType | str, option_keys: Iterable[str]) -> tuple[str, ...]:
    """The keys a question accepts: its option letters, true/false, none for 填空."""
    question_type = QuestionType(question_type)
    if question_type is QuestionType.TRUE_FALSE:
        return TRUE_FALSE_KEYS
    if question_type is QuestionType.FILL:
        return ()
    return tuple(option_keys)


def key_problems(
    question_type: QuestionType | str, accepted_keys: Sequence[str], answer: Sequence[str]
) -> tuple[KeyIssue, ...]:
    """What is wrong with ``answer`` as the key of a question of this type; empty if valid.

    ``accepted_keys`` is ``answer_keys(...)`` (for 判断 pass ``TRUE_FALSE_KEYS``). A
    missing answer is the only problem reported for an empty key.
    """
    qtype = QuestionType(question_type)
    if isinstance(answer, str):
        raise TypeError(f"答案须为字符串序列，不能是单个字符串：{answer!r}")
    if not answer:
        return (KeyIssue(KeyProblem.NO_ANSWER, qtype),)
    if not qtype.has_options:
        return ()
    issues: list[KeyIssue] = []
    unknown = tuple(key for key in answer if key not in accepted_keys)
    if unknown:
        issues.append(KeyIssue(KeyProblem.NOT_IN_OPTIONS, qtype, unknown))
    repeated = tuple(dict.fromkeys(key for key in answer if answer.count(key) > 1))
    if repeated:
        issues.append(KeyIssue(KeyProblem.DUPLICATE, qtype, repeated))
    distinct = len(set(answer))
    if qtype is QuestionType.MULTIPLE:
        if distinct == 1:
            issues.append(KeyIssue(KeyProblem.MULTIPLE_WITH_ONE, qtype, tuple(answer[:1])))
    elif distinct > 1:
        issues.append(KeyIssue(KeyProblem.MANY_FOR_ONE, qtype, tuple(answer)))
    return tuple(issues)
