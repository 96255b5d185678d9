"""Shared builders for exam engine tests: small, explicit values instead of fixtures."""

from collections.abc import Sequence
from decimal import Decimal

from assessments.exams.engine import (
    Blueprint,
    CandidateQuestion,
    DrawRule,
    QuestionSnapshot,
    QuestionType,
    Slot,
)

CHOICE_KEYS = ("A", "B", "C", "D")
TRUE_FALSE_KEYS = ("正确", "错误")


def option_keys_for(question_type: QuestionType) -> tuple[str, ...]:
    if question_type is QuestionType.TRUE_FALSE:
        return TRUE_FALSE_KEYS
    if question_type is QuestionType.FILL:
        return ()
    return CHOICE_KEYS


def candidate(
    question_id: int,
    question_type: QuestionType = QuestionType.SINGLE,
    *,
    difficulty: str = "medium",
    topics: Sequence[str] = (),
    version_id: int | None = None,
    option_keys: Sequence[str] | None = None,
    levels: Sequence[str] = (),
    specialties: Sequence[str] = (),
    posts: Sequence[str] = (),
    option_texts: Sequence[str] = (),
) -> CandidateQuestion:
    return CandidateQuestion(
        question_id=question_id,
        version_id=version_id if version_id is not None else question_id * 10,
        type=question_type,
        difficulty=difficulty,
        topics=tuple(topics),
        levels=tuple(levels),
        specialties=tuple(specialties),
        posts=tuple(posts),
        option_keys=tuple(option_keys)
        if option_keys is not None
        else option_keys_for(question_type),
        option_texts=tuple(option_texts),
    )


def bank(
    ids: Sequence[int],
    question_type: QuestionType = QuestionType.SINGLE,
    **kwargs: object,
) -> list[CandidateQuestion]:
    return [candidate(question_id, question_type, **kwargs) for question_id in ids]  # type: ignore[arg-type]


def blueprint(*rules: DrawRule, **kwargs: object) -> Blueprint:
    return Blueprint(rules=rules, **kwargs)  # type: ignore[arg-type]


def snapshot(
    question_type: QuestionType,
    answer: Sequence[str],
    *,
    question_id: int = 1,
    version_id: int = 10,
    options: Sequence[str] | None = None,
) -> QuestionSnapshot:
    return QuestionSnapshot(
        version_id=version_id,
        question_id=question_id,
        type=question_type,
        options=tuple(options) if options is not None else option_keys_for(question_type),
        answer=tuple(answer),
        difficulty="medium",
        topics=(),
        points=None,
    )


def slot(number: int, question: QuestionSnapshot, points: Decimal | str) -> Slot:
    return Slot(
        number=number,
        question_id=question.question_id,
        version_id=question.version_id,
        option_order=question.options,
        points=Decimal(points),
    )
