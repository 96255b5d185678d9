"""Which routine schedules (常态化考核计划) a user may see and manage.

A schedule belongs to one enterprise. Editors see and manage every schedule; enterprise
managers (safety manager, principal) their own enterprise's; regulators see their
jurisdiction's enterprises' schedules read-only; workers none. ``can_see_schedule`` and
``can_manage_schedule`` are the per-object form of the querysets (tested to agree), so
listings do not cost a query per row.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from accounts.models import Enterprise
from accounts.scoping import profile_of, role_of, sees_everything
from accounts.vocab import ENTERPRISE_MANAGER_ROLES, Role
from assessments.models import ExamBlueprint, RoutineSchedule


def visible_schedules(user) -> QuerySet[RoutineSchedule]:
    schedules = RoutineSchedule.objects.select_related("blueprint", "enterprise")
    if sees_everything(user):
        return schedules.all()
    role, profile = role_of(user), profile_of(user)
    if role == Role.REGULATOR:
        return schedules.filter(enterprise__jurisdiction_id=profile.jurisdiction_id)
    if role in ENTERPRISE_MANAGER_ROLES:
        return schedules.filter(enterprise_id=profile.enterprise_id)
    return schedules.none()  # workers: schedules are management material


def manageable_schedules(user) -> QuerySet[RoutineSchedule]:
    """Schedules the user may edit or delete: regulators oversee, they do not plan."""
    if role_of(user) == Role.REGULATOR:
        return RoutineSchedule.objects.none()
    return visible_schedules(user)


def schedule_enterprises(user) -> QuerySet[Enterprise]:
    """Enterprises the user may set schedules up for: editors any, managers their own."""
    enterprises = Enterprise.objects.select_related("jurisdiction")
    if sees_everything(user):
        return enterprises.all()
    if role_of(user) in ENTERPRISE_MANAGER_ROLES:
        return enterprises.filter(pk=profile_of(user).enterprise_id)
    return enterprises.none()


def can_see_schedule(user, schedule: RoutineSchedule) -> bool:
    """Per-object form of ``visible_schedules``."""
    if sees_everything(user):
        return True
    role, profile = role_of(user), profile_of(user)
    if role == Role.REGULATOR:
        return schedule.enterprise.jurisdiction_id == profile.jurisdiction_id
    if role in ENTERPRISE_MANAGER_ROLES:
        return schedule.enterprise_id == profile.enterprise_id
    return False


def can_manage_schedule(user, schedule: RoutineSchedule) -> bool:
    """Per-object form of ``manageable_schedules``."""
    return role_of(user) != Role.REGULATOR and can_see_schedule(user, schedule)


def is_usable_by(blueprint: ExamBlueprint, enterprise: Enterprise) -> bool:
    """The enterprise's own blueprint or its jurisdiction's shared one (the per-object form
    of ``selectors.blueprints_for``)."""
    return blueprint.usable_by(enterprise)


def get_schedule_in_scope_or_404(user, pk) -> RoutineSchedule:
    try:
        return visible_schedules(user).get(pk=pk)
    except (RoutineSchedule.DoesNotExist, ValueError):
        raise Http404("没有这个常态化考核计划") from None
