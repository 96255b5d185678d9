"""Domain verbs the bank admin performs on many questions at once: retire and tag.

Neither touches a question's content (``Question.content()``), so neither makes a new
version; both leave an entry in the question's Wagtail history.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from assessments.bank.models import Question, QuestionStatus

RETIRE_ACTION = "assessments.question.retire"
TAG_ACTION = "assessments.question.tag"


def retire_questions(questions: Iterable[Question], *, user=None) -> int:
    """Set every not-yet-retired question to 停用; returns how many changed. Never deletes."""
    changed = 0
    now = timezone.now()
    with transaction.atomic():
        for question in questions:
            if question.status == QuestionStatus.RETIRED:
                continue
            question.status = QuestionStatus.RETIRED
            question.updated_at = now
            # .update(): status is no part of a version's content, so no snapshot is due.
            Question.objects.filter(pk=question.pk).update(
                status=QuestionStatus.RETIRED, updated_at=now
            )
            log(instance=question, action=RETIRE_ACTION, user=user)
            changed += 1
    return changed


def _merged(current: Sequence[str], extra: Sequence[str]) -> list[str]:
    return list(dict.fromkeys([*current, *extra]))


def add_question_tags(
    questions: Iterable[Question],
    *,
    topics: Sequence[str] = (),
    levels: Sequence[str] = (),
    specialties: Sequence[str] = (),
    posts: Sequence[str] = (),
    user=None,
) -> int:
    """Add tags to every question (existing tags are kept); returns how many changed."""
    changed = 0
    now = timezone.now()
    with transaction.atomic():
        for question in questions:
            new = {
                "topics": _merged(question.topics, topics),
                "levels": _merged(question.levels, levels),
                "specialties": _merged(question.specialties, specialties),
                "posts": _merged(question.posts, posts),
            }
            if all(getattr(question, name) == value for name, value in new.items()):
                continue
            for name, value in new.items():
                setattr(question, name, value)
            question.updated_at = now
            Question.objects.filter(pk=question.pk).update(updated_at=now, **new)
            log(instance=question, action=TAG_ACTION, user=user)
            changed += 1
    return changed


ACCEPT_SUGGESTION_ACTION = "assessments.question.accept_suggestion"


def accept_suggested_provisions(questions: Iterable[Question], *, user=None) -> int:
    """Confirm the search's suggested provision as each question's 依据; returns how many changed.

    The provision is part of a version's content, so this saves through the model (a used
    version is kept and a new one made).
    """
    changed = 0
    with transaction.atomic():
        for question in questions:
            if (
                question.suggested_provision_id is None
                or question.suggested_provision_id == question.source_provision_id
            ):
                continue
            question.source_provision_id = question.suggested_provision_id
            question._saved_by = user
            question.save()
            log(instance=question, action=ACCEPT_SUGGESTION_ACTION, user=user)
            changed += 1
    return changed
