"""Demo set-up for the question bank admin."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from accounts.vocab import Role
from assessments.models import ExamBlueprint, Question, RoutineSchedule

BANK_MANAGER_GROUP = "企业题库管理员"
REGULATOR_GROUP = "监管人员（后台）"
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


def ensure_regulator_group() -> Group:
    """The "监管人员（后台）" group: Wagtail admin access, the question bank and exam
    blueprints (every permission) and routine schedules (view only), with every regulator
    in it. Idempotent. The permission policies keep a regulator to their jurisdiction: they
    keep its shared bank and blueprints, read its enterprises' banks, blueprints and
    schedules, and never change a schedule (whatever a group grants)."""
    group, _ = Group.objects.get_or_create(name=REGULATOR_GROUP)
    kept = ContentType.objects.get_for_models(Question, ExamBlueprint).values()
    schedules = ContentType.objects.get_for_model(RoutineSchedule)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        *Permission.objects.filter(content_type__in=kept),
        Permission.objects.get(content_type=schedules, codename="view_routineschedule"),
    )
    members = get_user_model().objects.filter(profile__role=Role.REGULATOR)
    group.user_set.add(*members)
    return group
