"""POST data for the question editor, as a browser would send it."""

from __future__ import annotations

from assessments.models import Question


def question_post(question: Question | None = None, **changes) -> dict:
    """The editor's fields for ``question`` (or a new 单选), with ``changes`` applied."""
    data = {
        "type": "single",
        "difficulty": "medium",
        "status": "active",
        "stem": "动火作业前应当进行哪项工作？",
        "option_a": "气体检测",
        "option_b": "直接动火",
        "option_c": "口头通知",
        "option_d": "",
        "option_e": "",
        "option_f": "",
        "answer_text": "A",
        "explanation": "",
        "posts": "",
        "topics": "",
        "basis": "",
    }
    if question is not None:
        options = {o["key"]: o["text"] for o in question.options}
        data |= {
            "type": question.type,
            "difficulty": question.difficulty,
            "status": question.status,
            "stem": question.stem,
            "answer_text": question.answer_display(),
            "explanation": question.explanation,
            "posts": "、".join(question.posts),
            "topics": "、".join(question.topics),
            "basis": question.basis,
            "jurisdiction": question.jurisdiction_id,
            "enterprise": question.enterprise_id or "",
        }
        data |= {f"option_{k.lower()}": options.get(k, "") for k in "ABCDEFGH"}
        if question.levels:
            data["levels"] = list(question.levels)
        if question.specialties:
            data["specialties"] = list(question.specialties)
    data |= changes
    return {key: value for key, value in data.items() if value is not None}
