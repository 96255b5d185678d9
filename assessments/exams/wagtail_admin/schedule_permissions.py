"""Who may do what with a routine schedule (常态化考核计划) in the admin.

Model-level rights come from Django permissions (the "编辑" and "企业题库管理员" groups);
the tenancy on top is ``schedule_scoping``: editors every schedule, enterprise managers
their own enterprise's, regulators view their jurisdiction's (never add, change or
delete, whatever their groups say), workers nothing.
"""

from __future__ import annotations

from django.contrib.admin.utils import quote
from django.urls import reverse
from django.utils.functional import classproperty
from wagtail.permissions import policy_registry

from accounts.scoping import role_of
from accounts.vocab import Role
from assessments.bank.wagtail_admin.permissions import ScopedModelPolicy
from assessments.bank.wagtail_admin.scoped_views import (
    LoggedDeleteBulkAction,
    ScopedBulkActionMixin,
)
from assessments.exams.schedule_scoping import (
    can_manage_schedule,
    can_see_schedule,
    manageable_schedules,
    visible_schedules,
)
from assessments.models import RoutineSchedule

_WRITE_ACTIONS = frozenset({"add", "change", "delete"})


class SchedulePermissionPolicy(ScopedModelPolicy):
    def user_has_permission(self, user, action):
        if action in _WRITE_ACTIONS and role_of(user) == Role.REGULATOR:
            return False  # regulators oversee schedules; enterprises plan them
        return super().user_has_permission(user, action)

    def visible(self, user):
        return visible_schedules(user)

    def manageable(self, user):
        return manageable_schedules(user)

    def can_see(self, user, instance):
        return can_see_schedule(user, instance)

    def can_manage(self, user, instance):
        return can_manage_schedule(user, instance)


def schedule_admin_url(user, enterprise_id: int | None = None) -> str | None:
    """The admin listing of schedules (of one enterprise), for users the policy lets add or
    change schedules; None for everyone else."""
    policy = policy_registry.get_by_type(RoutineSchedule)
    if not policy.user_has_any_permission(user, {"add", "change"}):
        return None
    url = reverse(RoutineSchedule.snippet_viewset.get_url_name("list"))
    return f"{url}?enterprise={quote(enterprise_id)}" if enterprise_id else url


class DeleteSchedulesBulkAction(ScopedBulkActionMixin, LoggedDeleteBulkAction):
    """Wagtail's bulk delete, read through the user's schedules: an id outside them is a
    404 (as on every other schedule URL), and each deletion is logged like a single one."""

    check_action = "delete"

    @classproperty
    def models(cls):
        return [RoutineSchedule]

    def scoped_queryset(self):
        return visible_schedules(self.request.user)
