"""Which questions a user may see and manage.

Enterprises see the jurisdiction's shared bank plus their own bank, never another
enterprise's. Regulators see their jurisdiction's shared bank and every bank of its
enterprises; editors (bureau staff in the admin) see everything.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.scoping import profile_of, role_of, sees_everything
from accounts.vocab import ENTERPRISE_MANAGER_ROLES, Role

from .models import Question


def visible_questions(user) -> QuerySet[Question]:
    questions = Question.objects.select_related(
        "enterprise", "source_provision__page", "suggested_provision__page"
    )
    role = role_of(user)
    if sees_everything(user):
        return questions.all()
    profile = profile_of(user)
    if role is None or profile is None:
        return questions.none()
    if role == Role.REGULATOR:
        return questions.filter(jurisdiction_id=profile.jurisdiction_id)
    return questions.filter(
        Q(enterprise__isnull=True, jurisdiction_id=profile.jurisdiction_id)
        | Q(enterprise_id=profile.enterprise_id)
    )


def manageable_questions(user) -> QuerySet[Question]:
    """Questions the user may edit: enterprise managers only their own bank."""
    role = role_of(user)
    if role in ENTERPRISE_MANAGER_ROLES:
        profile = profile_of(user)
        return Question.objects.filter(enterprise_id=profile.enterprise_id)
    if role == Role.REGULATOR:
        return Question.objects.filter(
            jurisdiction_id=profile_of(user).jurisdiction_id, enterprise__isnull=True
        )
    return visible_questions(user)


def get_question_in_scope_or_404(user, pk: int) -> Question:
    try:
        return visible_questions(user).get(pk=pk)
    except Question.DoesNotExist:
        raise Http404("没有这道题") from None
