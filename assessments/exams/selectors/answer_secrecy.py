"""Whose answer keys a person may not read right now: the questions on their open paper.

A safety manager who keeps the bank may also sit an exam drawn from it. While they have
a paper in progress, the answer key, explanation and 依据 of every question on it (any
version of those questions: an edit makes a new version of the same question) are
withheld from them on every bank screen and in every export; after they hand the paper
in (or it is closed at the deadline) they see them again. Other people are unaffected.

The one rule is ``questions_hidden_from``; the helpers below only apply it.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from assessments.models import AttemptState, Question

#: Put in place of a withheld answer, explanation or 依据 (screens and exports).
WITHHELD = "（考试中，交卷后可见）"
#: Shown on the bank screens when something is withheld from the viewer.
WITHHELD_NOTICE = (
    "您有正在作答的试卷：试卷上题目的答案、解析和依据在交卷前对您隐藏"
    "（题库列表、查看、预览、编辑、更正答案和导出均不显示，导出的题库文件不含这些题目）。"
)
#: Shown instead of the review of someone else's paper that shares questions with the viewer's.
REVIEW_WITHHELD = "您有正在作答的试卷与这份答卷有相同的题目：交卷后才能查看这份答卷的答案与解析。"
#: Why editing (or regrading) such a question is refused: its form carries the key.
EDIT_REFUSED = "您正在作答的试卷包含这道题：交卷前不能修改它或更正答案（表单里有答案与解析）。"


def questions_hidden_from(user) -> QuerySet[Question]:
    """Questions on a paper ``user`` has in progress."""
    if user is None or not user.is_authenticated:
        return Question.objects.none()
    return Question.objects.filter(
        versions__slots__attempt__state=AttemptState.IN_PROGRESS,
        versions__slots__attempt__assignment__staff__user=user,
    ).distinct()


def is_hidden_from(user, question: Question) -> bool:
    return questions_hidden_from(user).filter(pk=question.pk).exists()


def shares_hidden_questions(user, attempt) -> bool:
    """Whether ``attempt``'s paper holds a question hidden from ``user``."""
    return questions_hidden_from(user).filter(versions__slots__attempt=attempt).exists()


def with_withheld_flag(questions: QuerySet[Question], user) -> QuerySet[Question]:
    """``questions`` with ``answer_withheld`` on each row (a subquery, no extra query)."""
    hidden = questions_hidden_from(user).filter(pk=OuterRef("pk"))
    return questions.annotate(answer_withheld=Exists(hidden))


def withheld_or(question: Question, value):
    """``value`` unless the row (from ``with_withheld_flag``) is withheld from the viewer."""
    return WITHHELD if getattr(question, "answer_withheld", False) else value
