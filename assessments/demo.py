"""Demo set-up for the question bank admin."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from .models import ExamBlueprint, Question, RoutineSchedule

BANK_MANAGER_GROUP = "企业题库管理员"
#: Demo logins that manage their enterprise's own bank in the admin.
BANK_MANAGER_USERNAMES = ("safety_manager", "safety_manager_b", "principal")


def ensure_bank_manager_group() -> Group:
    """The "企业题库管理员" group: Wagtail admin access and every question, exam blueprint
    and routine schedule permission, with the demo safety managers and principal in it.
    Idempotent; the permission policies keep each member to their own enterprise's bank,
    blueprints (shared ones are read-only to them) and routine schedules."""
    group, _ = Group.objects.get_or_create(name=BANK_MANAGER_GROUP)
    models = ContentType.objects.get_for_models(Question, ExamBlueprint, RoutineSchedule).values()
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        *Permission.objects.filter(content_type__in=models),
    )
    members = get_user_model().objects.filter(username__in=BANK_MANAGER_USERNAMES)
    group.user_set.add(*members)
    return group
