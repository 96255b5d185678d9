"""Who may do what with an exam blueprint (考试方案) in the admin.

Model-level rights come from Django permissions; the tenancy on top is the question bank's
(``blueprint_scoping``): enterprise managers manage their own enterprise's blueprints and
only view the jurisdiction-wide ones, regulators manage their jurisdiction's shared ones,
editors everything, workers nothing. A blueprint that an assessment or a routine schedule
uses cannot be deleted (the database protects it too).
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.functional import classproperty

from assessments.bank.wagtail_admin.permissions import BankScopedPolicy
from assessments.bank.wagtail_admin.scoped_views import (
    LoggedDeleteBulkAction,
    ScopedBulkActionMixin,
)
from assessments.exams.blueprint_scoping import manageable_blueprints, visible_blueprints
from assessments.models import Assessment, ExamBlueprint, RoutineSchedule


def is_in_use(blueprint: ExamBlueprint) -> bool:
    """Some assessment or routine schedule uses the blueprint (then it cannot be deleted)."""
    annotated = getattr(blueprint, "in_use", None)
    if annotated is not None:
        return annotated
    return (
        Assessment.objects.filter(blueprint=blueprint).exists()
        or RoutineSchedule.objects.filter(blueprint=blueprint).exists()
    )


def with_in_use_flag(blueprints: QuerySet[ExamBlueprint]) -> QuerySet[ExamBlueprint]:
    assessments = Assessment.objects.filter(blueprint=OuterRef("pk"))
    schedules = RoutineSchedule.objects.filter(blueprint=OuterRef("pk"))
    return blueprints.annotate(in_use=Exists(assessments) | Exists(schedules))


class BlueprintPermissionPolicy(BankScopedPolicy):
    """The user's blueprints, by the bank rules; blueprints in use are undeletable."""

    def visible(self, user):
        return visible_blueprints(user)

    def manageable(self, user):
        return manageable_blueprints(user)

    def undeletable(self, instance):
        return is_in_use(instance)


class DeleteBlueprintsBulkAction(ScopedBulkActionMixin, LoggedDeleteBulkAction):
    """Wagtail's bulk delete, reading the ids through the user's blueprints (another's id
    is a 404); blueprints in use are listed as not deletable."""

    check_action = "delete"

    @classproperty
    def models(cls):
        return [ExamBlueprint]

    def scoped_queryset(self):
        return with_in_use_flag(visible_blueprints(self.request.user))
