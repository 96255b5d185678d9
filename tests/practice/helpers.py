"""Builders for practice tests: a right or wrong answer to a question of the bank."""

from __future__ import annotations

import uuid

from assessments.models import QuestionVersion


def latest_version(question_id: int) -> QuestionVersion:
    return QuestionVersion.objects.filter(question_id=question_id).order_by("-number").first()


def right(question_id: int) -> list[str]:
    return list(latest_version(question_id).content["answer"])


def wrong(question_id: int) -> list[str]:
    content = latest_version(question_id).content
    if content["type"] == "fill":
        return ["不知道"]
    if content["type"] == "true_false":
        return ["false"] if content["answer"] == ["true"] else ["true"]
    return [o["key"] for o in content["options"] if o["key"] not in content["answer"]][:1]


def answer_item(question_id: int, *, correct: bool, client_id: str | None = None, **extra):
    return {
        "client_id": client_id or str(uuid.uuid4()),
        "question_id": question_id,
        "version_id": latest_version(question_id).pk,
        "response": right(question_id) if correct else wrong(question_id),
        **extra,
    }
