"""The people services: add with a login, edit, move post, mark left, reset, audit-logged."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory

from accounts import people
from accounts.models import StaffProfile
from accounts.vocab import Level, StaffStatus
from safetykb.models import AuditEvent, AuditKind
from tests.accounts.roster_files import id_number

pytestmark = pytest.mark.django_db


def new_person(**kwargs) -> people.PersonInput:
    values = {
        "name": "赵六",
        "employee_no": "N001",
        "level": Level.OPERATOR,
        "phone": "13700000001",
        "id_number": id_number(11),
        "post": "合成岗",
    }
    return people.PersonInput(**(values | kwargs))


def login(username, password):
    return authenticate(
        RequestFactory().post("/accounts/login/"), username=username, password=password
    )


def test_adding_a_person_creates_their_login_with_a_one_time_password(world):
    manager = world.safety_manager_a.user
    issued = people.add_person(world.a, new_person(department=world.a_workshop), actor=manager)
    staff = StaffProfile.objects.select_related("user").get(pk=issued.staff_id)
    assert staff.enterprise == world.a and staff.department == world.a_workshop
    assert staff.must_change_password
    assert staff.id_number_masked == "**************" + id_number(11)[-4:]
    assert id_number(11) not in str(StaffProfile.objects.filter(pk=staff.pk).values().get())
    assert login(issued.username, issued.password) == staff.user
    event = AuditEvent.objects.get(staff=staff)
    assert (event.kind, event.actor) == (AuditKind.PERSON_ADDED, manager)


def test_a_duplicate_employee_no_or_phone_is_refused_by_field(world):
    manager = world.principal_a.user
    people.add_person(world.a, new_person(), actor=manager)
    with pytest.raises(people.PeopleError) as refused:
        people.add_person(world.a, new_person(phone=""), actor=manager)
    assert refused.value.field == "employee_no"
    with pytest.raises(people.PeopleError, match="13700000001 已被本企业工号 N001"):
        people.add_person(world.a, new_person(employee_no="N002"), actor=manager)
    # The same 工号 in another enterprise is fine.
    people.add_person(world.b, new_person(), actor=world.safety_manager_b.user)


def test_only_the_enterprise_s_own_managers_may_change_its_people(world):
    for outsider in (world.safety_manager_b, world.worker_a, world.regulator_1, world.editor):
        with pytest.raises(people.PeopleError, match="只有本企业的安全管理员或主要负责人"):
            people.add_person(world.a, new_person(), actor=outsider.user)
        with pytest.raises(people.PeopleError):
            people.reset_password(world.worker_a, actor=outsider.user)
    assert not StaffProfile.objects.filter(employee_no="N001").exists()


def test_editing_records_each_change_but_never_the_department_or_post(world):
    member = world.worker_a
    changes = people.edit_person(
        member,
        new_person(
            name="甲员工", employee_no=member.employee_no, level=Level.TEAM_LEADER, post="别的岗"
        ),
        actor=world.safety_manager_a.user,
    )
    member.refresh_from_db()
    assert member.level == Level.TEAM_LEADER and member.post == "合成岗"
    assert "层级：操作人员 → 班组长" in changes
    event = AuditEvent.objects.get(staff=member, kind=AuditKind.PERSON_EDITED)
    assert "手机号：— → 13700000001" in event.reason
    assert event.actor == world.safety_manager_a.user


def test_moving_post_records_the_retraining_it_triggers(world):
    member = world.worker_a
    note = people.move_post(
        member,
        department=world.a_workshop,
        post="中控岗",
        reason="岗位调整",
        actor=world.principal_a.user,
    )
    member.refresh_from_db()
    assert member.post == "中控岗"
    event = AuditEvent.objects.get(staff=member, kind=AuditKind.POST_MOVED)
    assert "合成车间 · 合成岗 → 合成车间 · 中控岗" in event.reason
    assert "须重新接受车间（工段、区、队）级和班组级安全培训" in event.reason
    assert event.reason == note
    assert event.data["retraining"] == ["车间（工段、区、队）级", "班组级"]
    with pytest.raises(people.PeopleError, match="与现在相同"):
        people.move_post(
            member, department=world.a_workshop, post="中控岗", actor=world.principal_a.user
        )


def test_a_person_marked_left_can_no_longer_log_in(world):
    from tests.factories import TEST_PASSWORD

    member = world.worker_a
    assert login("甲员工", TEST_PASSWORD) == member.user
    people.mark_left(
        member, actor=world.safety_manager_a.user, reason="合同到期", day=date(2026, 12, 1)
    )
    member.refresh_from_db()
    assert member.status == StaffStatus.LEFT
    assert login("甲员工", TEST_PASSWORD) is None
    event = AuditEvent.objects.get(staff=member, kind=AuditKind.STATUS_CHANGED)
    assert (event.from_status, event.to_status) == (StaffStatus.ON_POST, StaffStatus.LEFT)
    assert "2026-12-01 离职：合同到期" in event.reason
    with pytest.raises(people.PeopleError, match="不能将自己标记为离职"):
        people.mark_left(world.safety_manager_a, actor=world.safety_manager_a.user, reason="x")


def test_a_reset_gives_a_new_one_time_password_and_the_old_one_stops_working(world):
    from tests.factories import TEST_PASSWORD

    issued = people.reset_password(world.worker_a, actor=world.safety_manager_a.user)
    assert login("甲员工", TEST_PASSWORD) is None
    assert login("甲员工", issued.password) == world.worker_a.user
    world.worker_a.refresh_from_db()
    assert world.worker_a.must_change_password
    event = AuditEvent.objects.get(staff=world.worker_a, kind=AuditKind.PASSWORD_RESET)
    assert issued.password not in str(event.data) + event.reason
