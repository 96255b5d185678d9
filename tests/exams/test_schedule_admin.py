"""The 常态化考核计划 admin: who sees and manages which schedules, validation, and the
round that opens when an active schedule is saved.

World (``tests.exams.conftest``): J1 holds enterprises A and B, J2 holds C; ``blueprint_1``
is J1's shared blueprint, ``blueprint_2`` J2's. Admin rights come through groups, as in the
demo: editors every assessments permission, enterprise managers the demo "企业题库管理员"
group, regulators every schedule permission (the policy still keeps them read-only).
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from wagtail.models import ModelLogEntry

from accounts.demo import DEMO_PASSWORD, load_demo_people
from accounts.vocab import Level
from assessments.demo import BANK_MANAGER_GROUP, ensure_bank_manager_group
from assessments.exams.schedule_scoping import (
    can_manage_schedule,
    can_see_schedule,
    manageable_schedules,
    visible_schedules,
)
from assessments.exams.wagtail_admin.schedule_forms import BLUEPRINT_NOT_USABLE
from assessments.models import Assessment, RoutineFrequency, RoutineSchedule
from tests.exams.builders import make_blueprint
from tests.exams.conftest import login

pytestmark = pytest.mark.django_db

ENTERPRISE_NAMES = ("甲化工有限公司", "乙制药有限公司", "丙烟花有限公司")


def url(view: str, *args) -> str:
    return reverse(f"wagtailsnippets_assessments_routineschedule:{view}", args=args)


def bulk_delete_url(*ids) -> str:
    query = "&".join(f"id={pk}" for pk in ids)
    return reverse("wagtail_bulk_action", args=["assessments", "routineschedule", "delete"]) + (
        f"?{query}"
    )


def page(response) -> str:
    return response.content.decode()


class Schedules:
    def __init__(self, world):
        self.a = RoutineSchedule.objects.create(
            blueprint=world.blueprint_1, enterprise=world.a, frequency=RoutineFrequency.QUARTERLY
        )
        self.b = RoutineSchedule.objects.create(
            blueprint=world.blueprint_1, enterprise=world.b, frequency=RoutineFrequency.MONTHLY
        )
        self.c = RoutineSchedule.objects.create(
            blueprint=world.blueprint_2, enterprise=world.c, frequency=RoutineFrequency.YEARLY
        )
        self.all = (self.a, self.b, self.c)


@pytest.fixture
def schedules(world) -> Schedules:
    """Admin groups for every role, and one schedule per enterprise (no rounds yet)."""
    access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    editors, _ = Group.objects.get_or_create(name="编辑")
    editors.permissions.add(
        access, *Permission.objects.filter(content_type__app_label="assessments")
    )
    editors.user_set.add(world.editor.user)
    ensure_bank_manager_group().user_set.add(
        world.safety_manager_a.user, world.principal_a.user, world.safety_manager_b.user
    )
    regulators, _ = Group.objects.get_or_create(name="监管人员")
    schedule_type = ContentType.objects.get_for_model(RoutineSchedule)
    regulators.permissions.add(access, *Permission.objects.filter(content_type=schedule_type))
    regulators.user_set.add(world.regulator_1.user, world.regulator_2.user)
    return Schedules(world)


def schedule_post(blueprint, enterprise=None, **changes) -> dict:
    data = {
        "blueprint": blueprint.pk,
        "enterprise": enterprise.pk if enterprise else "",
        "frequency": RoutineFrequency.QUARTERLY,
        "window_days": "14",
        "active": "on",
    }
    data |= changes
    return {key: value for key, value in data.items() if value is not None}


def own_blueprint(world, enterprise, name: str, **fields):
    return make_blueprint(world.j1, enterprise=enterprise, name=name, **fields)


# --- listing -------------------------------------------------------------------------------


def test_editor_lists_every_schedule_with_its_columns(client, world, schedules):
    login(client, world.editor)
    html = page(client.get(url("list")))
    for heading in ("考试方案", "企业", "频次", "每轮期限", "启用"):
        assert heading in html, heading
    for schedule in schedules.all:
        assert url("edit", schedule.pk) in html
    for name in ENTERPRISE_NAMES:
        assert name in html
    assert "每季度" in html and "14 天" in html


@pytest.mark.parametrize("manager", ["safety_manager_a", "principal_a"])
def test_enterprise_managers_list_their_own_enterprises_schedules_only(
    client, world, schedules, manager
):
    login(client, getattr(world, manager))
    html = page(client.get(url("list")))
    assert url("edit", schedules.a.pk) in html and url("delete", schedules.a.pk) in html
    for other in (schedules.b, schedules.c):
        assert url("edit", other.pk) not in html and url("inspect", other.pk) not in html
    # Not in the rows, nor in the enterprise filter.
    assert "乙制药有限公司" not in html and "丙烟花有限公司" not in html
    assert url("add") in html


def test_regulators_list_their_jurisdictions_schedules_read_only(client, world, schedules):
    login(client, world.regulator_1)
    html = page(client.get(url("list")))
    for schedule in (schedules.a, schedules.b):
        assert url("inspect", schedule.pk) in html
        assert url("edit", schedule.pk) not in html and url("delete", schedule.pk) not in html
    assert url("inspect", schedules.c.pk) not in html and "丙烟花有限公司" not in html
    assert url("add") not in html


def test_enterprise_filter_narrows_the_listing_within_the_scope(client, world, schedules):
    login(client, world.regulator_1)
    html = page(client.get(url("list"), {"enterprise": world.b.pk}))
    assert url("inspect", schedules.b.pk) in html and url("inspect", schedules.a.pk) not in html
    # Another jurisdiction's enterprise is not a choice: nothing of it shows.
    html = page(client.get(url("list"), {"enterprise": world.c.pk}))
    assert url("inspect", schedules.c.pk) not in html


# --- scope ---------------------------------------------------------------------------------


def test_another_enterprises_schedule_is_a_404_on_every_url(client, world, schedules):
    login(client, world.safety_manager_b)
    pk = schedules.a.pk
    for view in ("edit", "inspect", "delete", "history", "usage"):
        assert client.get(url(view, pk)).status_code == 404, view
    assert client.post(url("edit", pk), schedule_post(world.blueprint_1)).status_code == 404
    assert client.post(url("delete", pk)).status_code == 404
    assert client.get(bulk_delete_url(pk)).status_code == 404
    assert client.post(bulk_delete_url(pk, schedules.b.pk)).status_code == 404
    assert RoutineSchedule.objects.filter(pk__in=[pk, schedules.b.pk]).count() == 2
    assert RoutineSchedule.objects.get(pk=pk).window_days == 14
    # A regulator of another jurisdiction likewise.
    login(client, world.regulator_2)
    assert client.get(url("inspect", pk)).status_code == 404


def test_workers_get_nothing_even_with_admin_permissions(client, world, schedules):
    Group.objects.get(name=BANK_MANAGER_GROUP).user_set.add(world.worker_a.user)
    login(client, world.worker_a)
    response = client.get(url("list"))
    assert response.status_code in (302, 403)
    assert response.get("Location", "") != url("list")
    for view in ("edit", "inspect", "delete", "history", "usage"):
        assert client.get(url(view, schedules.a.pk)).status_code == 404, view
    client.post(url("add"), schedule_post(world.blueprint_1))
    assert RoutineSchedule.objects.count() == 3


def test_regulators_cannot_add_edit_or_delete(client, world, schedules):
    login(client, world.regulator_1)
    pk = schedules.a.pk
    inspect = url("inspect", pk)
    html = page(client.get(inspect))
    assert world.blueprint_1.name in html and "甲化工有限公司" in html
    assert url("edit", pk) not in html and url("delete", pk) not in html
    for method in (client.get, client.post):
        response = method(url("edit", pk))
        assert response.status_code == 302 and response["Location"] == inspect
    response = client.post(url("delete", pk))
    assert response.status_code == 302 and response["Location"] == inspect
    assert client.post(url("add"), schedule_post(world.blueprint_1, world.a)).status_code in (
        302,
        403,
    )
    assert client.post(bulk_delete_url(pk)).status_code == 302
    assert RoutineSchedule.objects.count() == 3
    assert not Assessment.objects.filter(schedule__isnull=False).exists()


def test_scoping_querysets_agree_with_the_per_object_checks(world, schedules):
    people = [
        world.worker_a,
        world.safety_manager_a,
        world.principal_a,
        world.safety_manager_b,
        world.regulator_1,
        world.regulator_2,
        world.editor,
    ]
    for person in people:
        user = person.user
        visible, manageable = set(visible_schedules(user)), set(manageable_schedules(user))
        for schedule in schedules.all:
            assert (schedule in visible) == can_see_schedule(user, schedule), (person, schedule)
            assert (schedule in manageable) == can_manage_schedule(user, schedule), (
                person,
                schedule,
            )


# --- adding and editing --------------------------------------------------------------------


def test_a_managers_schedule_is_for_their_own_enterprise(client, world, schedules):
    blueprint = own_blueprint(world, world.a, "甲企业月度考试")
    login(client, world.safety_manager_a)
    form = page(client.get(url("add")))
    assert 'name="enterprise"' not in form and 'name="blueprint"' in form
    # The enterprise is not on the form: a forged one is ignored.
    response = client.post(url("add"), schedule_post(blueprint, world.b, active=None))
    assert response.status_code == 302, page(response)
    schedule = RoutineSchedule.objects.get(blueprint=blueprint)
    assert schedule.enterprise == world.a and schedule.created_by == world.safety_manager_a.user


@pytest.mark.parametrize("owner", ["another_enterprise", "another_jurisdiction"])
def test_a_forged_blueprint_from_elsewhere_is_refused(client, world, schedules, owner):
    if owner == "another_enterprise":
        blueprint = own_blueprint(world, world.b, "乙企业专用考试")
    else:
        blueprint = world.blueprint_2
        blueprint.name = "乙区通用考试"
        blueprint.save()
    login(client, world.safety_manager_a)
    response = client.post(url("add"), schedule_post(blueprint))
    assert response.status_code == 200
    html = page(response)
    assert BLUEPRINT_NOT_USABLE in html and blueprint.name not in html
    assert RoutineSchedule.objects.count() == 3
    assert not Assessment.objects.filter(schedule__isnull=False).exists()
    # Editing one's own schedule the same way is refused too.
    response = client.post(url("edit", schedules.a.pk), schedule_post(blueprint))
    assert BLUEPRINT_NOT_USABLE in page(response)
    assert RoutineSchedule.objects.get(pk=schedules.a.pk).blueprint == world.blueprint_1


def test_editors_cannot_pair_an_enterprise_with_a_blueprint_it_cannot_use(client, world, schedules):
    own_b = own_blueprint(world, world.b, "乙企业专用考试")
    login(client, world.editor)
    for blueprint, enterprise in ((world.blueprint_1, world.c), (own_b, world.a)):
        response = client.post(url("add"), schedule_post(blueprint, enterprise))
        assert response.status_code == 200
        assert BLUEPRINT_NOT_USABLE in page(response)
    response = client.post(url("add"), schedule_post(world.blueprint_1, None))
    assert "请选择企业。" in page(response)
    assert RoutineSchedule.objects.count() == 3
    response = client.post(url("add"), schedule_post(own_b, world.b, active=None))
    assert response.status_code == 302
    assert RoutineSchedule.objects.filter(blueprint=own_b, enterprise=world.b).exists()


@pytest.mark.parametrize("days", ["0", "-3"])
def test_each_round_lasts_at_least_a_day(client, world, schedules, days):
    login(client, world.safety_manager_a)
    response = client.post(url("add"), schedule_post(world.blueprint_1, window_days=days))
    assert response.status_code == 200
    assert "每轮作答期限至少为 1 天。" in page(response)
    assert RoutineSchedule.objects.count() == 3


def test_a_manager_edits_their_schedule_and_it_stays_theirs(client, world, schedules):
    login(client, world.principal_a)
    pk = schedules.a.pk
    assert 'name="enterprise"' not in page(client.get(url("edit", pk)))
    data = schedule_post(world.blueprint_1, world.c, window_days="21", active=None)
    assert client.post(url("edit", pk), data).status_code == 302
    schedule = RoutineSchedule.objects.get(pk=pk)
    assert (schedule.enterprise, schedule.window_days, schedule.active) == (world.a, 21, False)


def test_a_second_identical_schedule_is_refused(client, world, schedules):
    # Enterprise A already has blueprint_1 every quarter: a twin would open twin rounds.
    login(client, world.safety_manager_a)
    response = client.post(url("add"), schedule_post(world.blueprint_1))
    assert response.status_code == 200
    assert "该企业已有相同考试方案、相同频次的常态化考核计划。" in page(response)
    assert RoutineSchedule.objects.count() == 3
    assert not Assessment.objects.filter(schedule__isnull=False).exists()
    login(client, world.editor)  # editors choose the enterprise: same message, once
    response = client.post(url("add"), schedule_post(world.blueprint_1, world.a))
    assert page(response).count("该企业已有相同考试方案、相同频次的常态化考核计划。") == 1
    # Another frequency is another schedule.
    monthly = schedule_post(
        world.blueprint_1, world.a, frequency=RoutineFrequency.MONTHLY, active=None
    )
    assert client.post(url("add"), monthly).status_code == 302
    assert RoutineSchedule.objects.filter(enterprise=world.a).count() == 2


# --- the round opens with the save ---------------------------------------------------------


def test_saving_an_active_schedule_opens_this_periods_round(client, world, schedules):
    operators = own_blueprint(world, world.a, "甲企业操作人员考试", levels=[Level.OPERATOR])
    login(client, world.safety_manager_a)
    response = client.post(url("add"), schedule_post(operators, window_days="10"), follow=True)
    schedule = RoutineSchedule.objects.get(blueprint=operators)
    (round_,) = schedule.rounds.all()
    assert round_.is_launched and round_.enterprise == world.a
    assert (round_.closes_at - round_.opens_at).days == 10
    assert set(round_.assignments.values_list("staff", flat=True)) == {
        world.worker_a.pk,
        world.colleague_a.pk,
    }
    assert f"已发布本期考核「{round_.title}」，共 2 人" in page(response)

    # Saving again does not open a second round for the same period; it says so.
    response = client.post(url("edit", schedule.pk), schedule_post(operators), follow=True)
    assert schedule.rounds.count() == 1
    assert f"本期考核「{round_.title}」此前已发布（共 2 人），未重复发布" in page(response)


def test_an_inactive_schedule_opens_its_round_when_activated(client, world, schedules):
    login(client, world.safety_manager_a)
    pk = schedules.a.pk
    schedules.a.active = False
    schedules.a.save()
    response = client.post(url("edit", pk), schedule_post(world.blueprint_1, active=None))
    assert response.status_code == 302 and not schedules.a.rounds.exists()
    response = client.post(url("edit", pk), schedule_post(world.blueprint_1), follow=True)
    (round_,) = schedules.a.rounds.all()
    staff = {world.worker_a.pk, world.colleague_a.pk, world.safety_manager_a.pk}
    staff.add(world.principal_a.pk)
    assert set(round_.assignments.values_list("staff", flat=True)) == staff
    assert "共 4 人" in page(response)


def test_a_schedule_moved_to_another_enterprise_opens_a_round_there(client, world, schedules):
    login(client, world.editor)
    client.post(url("edit", schedules.a.pk), schedule_post(world.blueprint_1, world.a))
    assert schedules.a.rounds.get().enterprise == world.a
    data = schedule_post(world.blueprint_1, world.b, frequency=RoutineFrequency.YEARLY)
    response = client.post(url("edit", schedules.a.pk), data, follow=True)
    assert set(schedules.a.rounds.values_list("enterprise", flat=True)) == {world.a.pk, world.b.pk}
    assert "已发布本期考核" in page(response)


# --- audit log ------------------------------------------------------------------------------


def test_changes_are_logged_and_the_history_is_scoped(client, world, schedules):
    blueprint = own_blueprint(world, world.a, "甲企业月度考试")
    login(client, world.safety_manager_a)
    client.post(url("add"), schedule_post(blueprint, active=None))
    schedule = RoutineSchedule.objects.get(blueprint=blueprint)
    client.post(url("edit", schedule.pk), schedule_post(blueprint, window_days="7", active=None))
    entries = ModelLogEntry.objects.for_instance(schedule).order_by("timestamp")
    assert [entry.action for entry in entries] == ["wagtail.create", "wagtail.edit"]
    assert {entry.user for entry in entries} == {world.safety_manager_a.user}
    history = page(client.get(url("history", schedule.pk)))
    assert "甲安全员" in history

    login(client, world.regulator_1)  # read-only, but may read who changed what
    history = page(client.get(url("history", schedule.pk)))
    assert "甲安全员" in history and url("edit", schedule.pk) not in history
    login(client, world.safety_manager_b)
    assert client.get(url("history", schedule.pk)).status_code == 404

    login(client, world.principal_a)
    client.post(url("delete", schedule.pk))
    assert not RoutineSchedule.objects.filter(pk=schedule.pk).exists()
    deleted = ModelLogEntry.objects.filter(action="wagtail.delete", object_id=str(schedule.pk))
    assert deleted.get().user == world.principal_a.user


def test_bulk_delete_deletes_and_logs_the_managers_own_schedules(client, world, schedules):
    login(client, world.safety_manager_a)
    pk = schedules.a.pk
    assert str(schedules.a) in page(client.get(bulk_delete_url(pk)))
    assert client.post(bulk_delete_url(pk)).status_code == 302
    assert not RoutineSchedule.objects.filter(pk=pk).exists()
    entry = ModelLogEntry.objects.get(action="wagtail.delete", object_id=str(pk))
    assert entry.user == world.safety_manager_a.user


# --- the front-end schedules page ----------------------------------------------------------


def test_the_schedules_page_links_to_the_admin_for_those_who_may_manage(client, world, schedules):
    target = reverse("oversight:schedules", args=[world.a.pk])
    admin_link = f"{url('list')}?enterprise={world.a.pk}"
    assert admin_link in page(login(client, world.principal_a).get(target))
    assert "管理常态化考核计划" not in page(login(client, world.regulator_1).get(target))
    Group.objects.get(name=BANK_MANAGER_GROUP).user_set.remove(world.safety_manager_a.user)
    assert "管理常态化考核计划" not in page(login(client, world.safety_manager_a).get(target))


# --- demo ----------------------------------------------------------------------------------


def test_the_demo_bank_managers_manage_routine_schedules(client):
    load_demo_people()
    first = ensure_bank_manager_group()
    perms = set(first.permissions.values_list("codename", flat=True))
    assert {
        "add_routineschedule",
        "change_routineschedule",
        "delete_routineschedule",
        "view_routineschedule",
    } <= perms
    second = ensure_bank_manager_group()
    assert first.pk == second.pk
    assert set(second.permissions.values_list("codename", flat=True)) == perms
    user = get_user_model().objects.get(username="safety_manager")
    assert user.has_perm("assessments.add_routineschedule")
    assert client.login(username="safety_manager", password=DEMO_PASSWORD)
    assert client.get(url("list")).status_code == 200
    assert client.get(url("add")).status_code == 200
