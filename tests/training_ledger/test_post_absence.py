"""离岗 and 返岗: a person back after a year or more owes the 车间级 and 班组级 training
again before working alone; a shorter spell owes nothing; both are audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts import post_absence
from accounts.people import PeopleError
from accounts.vocab import StaffStatus
from assessments.exams.models import ExamBlueprint
from assessments.exams.services.launching import matching_staff
from safetykb.models import AuditEvent, AuditKind
from tests.training_ledger.conftest import TODAY, record
from training.compliance import person_hours
from training.rules.hours import HoursStatus

pytestmark = pytest.mark.django_db

RETURN_TITLES = {
    "离岗一年以上重新上岗前重新接受车间级安全培训",
    "离岗一年以上重新上岗前重新接受班组级安全培训",
}


def away_then_back(world, staff, *, away_days: int) -> str:
    back = TODAY()
    post_absence.mark_away(
        staff,
        actor=world.manager_a.user,
        reason="病假",
        day=back - dt.timedelta(days=away_days),
    )
    return post_absence.mark_returned(staff, actor=world.manager_a.user, day=back)


def owed_on_return(staff) -> set[str]:
    report = person_hours(staff, TODAY().year)
    return {o.rule.title for o in report.before_working_alone} & RETURN_TITLES


def test_back_after_a_year_owes_workshop_and_team_training_before_working_alone(world):
    staff = world.workers[0]
    note = away_then_back(world, staff, away_days=400)
    assert "离岗一年以上" in note and "车间（工段、区、队）级、班组级" in note
    staff.refresh_from_db()
    assert staff.status == StaffStatus.ON_POST
    report = person_hours(staff, TODAY().year)
    assert report.status == HoursStatus.PRE_POST_INCOMPLETE
    assert owed_on_return(staff) == RETURN_TITLES
    record(world, [staff], kind="workshop_level", starts_on=TODAY(), hours_per_day=Decimal(4))
    record(world, [staff], kind="team_level", starts_on=TODAY(), hours_per_day=Decimal(4))
    assert owed_on_return(staff) == set()


def test_a_spell_of_exactly_one_year_counts_and_a_shorter_one_owes_nothing(world):
    first, second = world.workers[0], world.workers[1]
    back = TODAY()
    year_ago = back.replace(year=back.year - 1) if (back.month, back.day) != (2, 29) else None
    if year_ago is None:
        pytest.skip("29 February has no same day a year before")
    post_absence.mark_away(first, actor=world.manager_a.user, reason="借调", day=year_ago)
    post_absence.mark_returned(first, actor=world.manager_a.user, day=back)
    assert owed_on_return(first) == RETURN_TITLES  # 以上 includes the full year
    note = away_then_back(world, second, away_days=200)
    assert "离岗一年以上" not in note
    assert owed_on_return(second) == set()


def test_away_people_are_not_drawn_for_exams_and_both_changes_are_audited(world):
    staff = world.workers[0]
    everyone = ExamBlueprint.objects.create(name="全员考核", jurisdiction=world.a.jurisdiction)
    assert staff in matching_staff(everyone, world.a.pk)
    post_absence.mark_away(staff, actor=world.manager_a.user, reason="产假")
    assert staff not in matching_staff(everyone, world.a.pk)
    post_absence.mark_returned(staff, actor=world.manager_a.user, reason="假满")
    events = list(
        AuditEvent.objects.filter(staff=staff, kind=AuditKind.STATUS_CHANGED).order_by("pk")
    )
    assert [(e.from_status, e.to_status) for e in events] == [
        (StaffStatus.ON_POST, StaffStatus.AWAY),
        (StaffStatus.AWAY, StaffStatus.ON_POST),
    ]
    assert all(e.actor == world.manager_a.user for e in events)
    assert "产假" in events[0].reason and "假满" in events[1].reason


def test_refusals_name_what_is_wrong(world):
    staff = world.workers[0]
    with pytest.raises(PeopleError, match="当前不是离岗状态"):
        post_absence.mark_returned(staff, actor=world.manager_a.user)
    with pytest.raises(PeopleError, match="只有本企业的安全管理员"):
        post_absence.mark_away(staff, actor=world.manager_b.user, reason="病假")
    with pytest.raises(PeopleError, match="请填写离岗原因"):
        post_absence.mark_away(staff, actor=world.manager_a.user, reason=" ")
    post_absence.mark_away(staff, actor=world.manager_a.user, reason="病假")
    with pytest.raises(PeopleError, match="只有在岗人员可以登记离岗"):
        post_absence.mark_away(staff, actor=world.manager_a.user, reason="病假")
    with pytest.raises(PeopleError, match="返岗日期不能早于离岗日期"):
        post_absence.mark_returned(
            staff, actor=world.manager_a.user, day=TODAY() - dt.timedelta(days=3)
        )
    staff.refresh_from_db()
    assert staff.status == StaffStatus.AWAY


def test_the_pages_record_away_and_return_and_another_enterprise_gets_a_404(client, world):
    staff = world.workers[0]
    client.force_login(world.manager_b.user)
    assert client.get(reverse("accounts:person_away", args=[staff.pk])).status_code == 404
    client.force_login(world.manager_a.user)
    detail = client.get(reverse("accounts:staff_detail", args=[staff.pk])).content.decode()
    assert "登记离岗" in detail and "登记返岗" not in detail
    response = client.post(
        reverse("accounts:person_away", args=[staff.pk]),
        {"day": (TODAY() - dt.timedelta(days=370)).isoformat(), "reason": "长期病假"},
    )
    assert response.status_code == 302
    detail = client.get(reverse("accounts:staff_detail", args=[staff.pk])).content.decode()
    assert "登记返岗" in detail and "该人员已离岗" in detail
    page = client.post(reverse("accounts:person_return", args=[staff.pk]), {}, follow=True)
    assert "重新上岗前须接受车间（工段、区、队）级、班组级安全培训" in page.content.decode()
    refused = client.post(reverse("accounts:person_away", args=[staff.pk]), {"reason": ""})
    assert refused.status_code == 400 and "离岗原因" in refused.content.decode()
