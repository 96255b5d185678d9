"""Which exam blueprints (考试方案) a user may see and manage.

The same tenancy as the question bank (``bank_scoping``), because a blueprint lives where
its questions do: a jurisdiction-wide blueprint (no enterprise) belongs to the bureau, an
enterprise blueprint to that enterprise. Enterprise users see the shared ones and their
own, never another enterprise's, and manage only their own (workers see none); regulators see their
jurisdiction's and manage its shared ones; editors see and manage everything.
``assessments.bank.wagtail_admin.permissions.can_see_bank``/``can_manage_bank`` are the per-object
form of these querysets (tested to agree).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from accounts.scoping import manageable_in_banks, role_of, visible_in_banks
from accounts.vocab import Role
from assessments.models import ExamBlueprint


def visible_blueprints(user) -> QuerySet[ExamBlueprint]:
    blueprints = ExamBlueprint.objects.select_related("jurisdiction", "enterprise")
    if role_of(user) == Role.WORKER:
        return blueprints.none()  # blueprints are admin material; workers never see them
    return visible_in_banks(user, blueprints)


def manageable_blueprints(user) -> QuerySet[ExamBlueprint]:
    """Blueprints the user may edit or delete: enterprise managers only their own."""
    return manageable_in_banks(user, visible_blueprints(user))


def get_blueprint_in_scope_or_404(user, pk) -> ExamBlueprint:
    try:
        return visible_blueprints(user).get(pk=pk)
    except (ExamBlueprint.DoesNotExist, ValueError):
        raise Http404("没有这个考试方案") from None
