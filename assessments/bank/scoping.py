"""Which questions a user may see and manage.

The policy is ``accounts.scoping``'s (banks): enterprises see the jurisdiction's shared
bank plus their own bank, never another enterprise's; regulators every bank of their
jurisdiction; editors (bureau staff in the admin) everything.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from accounts.scoping import manageable_in_banks, visible_in_banks
from assessments.bank.models import Question


def visible_questions(user) -> QuerySet[Question]:
    questions = Question.objects.select_related(
        "enterprise", "source_provision__page", "suggested_provision__page"
    )
    return visible_in_banks(user, questions)


def manageable_questions(user) -> QuerySet[Question]:
    """Questions the user may edit: enterprise managers only their own bank."""
    return manageable_in_banks(user, Question.objects.all())


def get_question_in_scope_or_404(user, pk: int) -> Question:
    try:
        return visible_questions(user).get(pk=pk)
    except Question.DoesNotExist:
        raise Http404("没有这道题") from None
