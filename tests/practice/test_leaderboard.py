"""The 班组 leaderboard: off by default (404, no link), switched on by the enterprise's
safety manager (audited), showing only the worker's own team of their own enterprise,
ranked by practice in the week or the month."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import StaffProfile
from accounts.vocab import DepartmentKind
from practice.leaderboard import team_leaderboard
from practice.models import AnswerSource, PracticeAnswer, PracticeSettings
from practice.ranking import Period
from safetykb.models import AuditEvent, AuditKind
from tests.factories import DepartmentFactory, QuestionFactory, person, two_jurisdictions
from tests.practice.helpers import latest_version

pytestmark = pytest.mark.django_db


@dataclass
class Teams:
    worker: StaffProfile
    teammate: StaffProfile
    idle_teammate: StaffProfile
    left_teammate: StaffProfile
    other_team: StaffProfile
    other_enterprise: StaffProfile
    manager: StaffProfile
    manager_b: StaffProfile


@pytest.fixture
def teams(db) -> Teams:
    places = two_jurisdictions()
    shift = DepartmentFactory(enterprise=places.a, name="合成一班", kind=DepartmentKind.TEAM)
    control = DepartmentFactory(enterprise=places.a, name="中控班", kind=DepartmentKind.TEAM)
    # The same team name in another enterprise of the jurisdiction.
    shift_b = DepartmentFactory(enterprise=places.b, name="合成一班", kind=DepartmentKind.TEAM)
    return Teams(
        worker=person("甲员工", enterprise=places.a, department=shift),
        teammate=person("甲同班", enterprise=places.a, department=shift),
        idle_teammate=person("甲未练", enterprise=places.a, department=shift),
        left_teammate=person("甲离职", enterprise=places.a, department=shift, left=True),
        other_team=person("甲中控", enterprise=places.a, department=control),
        other_enterprise=person("乙同名班", enterprise=places.b, department=shift_b),
        manager=person("甲安全员", enterprise=places.a, safety_manager=True),
        manager_b=person("乙安全员", enterprise=places.b, safety_manager=True),
    )


def practise(staff, at: datetime, *, right: int, wrong: int = 0, source=AnswerSource.PRACTICE):
    question = QuestionFactory(jurisdiction=staff.enterprise.jurisdiction)
    version = latest_version(question.pk)
    for n in range(right + wrong):
        PracticeAnswer.objects.create(
            client_id=uuid.uuid4(),
            staff=staff,
            question=question,
            question_version=version,
            response=["A"],
            correct=n < right,
            source=source,
            answered_at=at,
        )


def switch(client, manager, *, on: bool, daily_count: int = 5):
    client.force_login(manager.user)
    data = {"daily_count": daily_count}
    if on:
        data["leaderboard_enabled"] = "on"
    return client.post(reverse("practice:settings"), data)


def rows(body: str) -> list[tuple[str, ...]]:
    """The ranking table as (rank, name, questions, accuracy) texts."""
    return [
        tuple(
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        )
        for row in re.findall(r'<tr[^>]*data-member="\d+">(.*?)</tr>', body, re.S)
    ]


def test_off_by_default_the_page_is_404_and_no_link_shows(client, teams):
    client.force_login(teams.worker.user)
    assert client.get(reverse("practice:leaderboard")).status_code == 404
    progress = client.get(reverse("practice:progress")).content.decode()
    assert reverse("practice:leaderboard") not in progress


def test_the_safety_managers_switch_turns_it_on_and_is_audited(client, teams):
    response = switch(client, teams.manager, on=True, daily_count=8)
    assert response.status_code == 302
    settings = PracticeSettings.objects.get(enterprise=teams.worker.enterprise)
    assert settings.leaderboard_enabled and settings.daily_count == 8
    event = AuditEvent.objects.get(kind=AuditKind.PRACTICE_SETTINGS_CHANGED)
    assert event.actor == teams.manager.user
    assert event.enterprise_id == teams.worker.enterprise_id
    assert event.data == {"changes": {"daily_count": [5, 8], "leaderboard_enabled": [False, True]}}
    switch(client, teams.manager, on=True, daily_count=8)  # nothing changed: no new event
    assert AuditEvent.objects.filter(kind=AuditKind.PRACTICE_SETTINGS_CHANGED).count() == 1

    client.force_login(teams.worker.user)
    page = client.get(reverse("practice:leaderboard"))
    assert page.status_code == 200
    assert "仅供学习激励" in page.content.decode()
    assert (
        reverse("practice:leaderboard") in client.get(reverse("practice:progress")).content.decode()
    )

    switch(client, teams.manager, on=False, daily_count=8)
    client.force_login(teams.worker.user)
    assert client.get(reverse("practice:leaderboard")).status_code == 404
    last = AuditEvent.objects.filter(kind=AuditKind.PRACTICE_SETTINGS_CHANGED).last()
    assert last.data == {"changes": {"leaderboard_enabled": [True, False]}}


def test_another_enterprises_switch_does_not_open_it(client, teams):
    switch(client, teams.manager_b, on=True)
    client.force_login(teams.worker.user)
    assert client.get(reverse("practice:leaderboard")).status_code == 404
    client.force_login(teams.other_enterprise.user)
    assert client.get(reverse("practice:leaderboard")).status_code == 200


def test_workers_may_not_change_the_settings_and_bad_input_is_named(client, teams):
    client.force_login(teams.worker.user)
    assert client.get(reverse("practice:settings")).status_code == 403
    assert switch(client, teams.worker, on=True).status_code == 403
    assert not PracticeSettings.objects.exists()
    response = switch(client, teams.manager, on=True, daily_count=0)
    assert response.status_code == 400
    assert "每日一练题数至少为 1 题" in response.content.decode()
    assert not PracticeSettings.objects.exists()


def test_a_worker_sees_only_their_own_team(client, teams):
    now = timezone.now()
    practise(teams.worker, now, right=3, wrong=1)
    practise(teams.teammate, now, right=5)
    practise(teams.left_teammate, now, right=9)
    practise(teams.other_team, now, right=7)
    practise(teams.other_enterprise, now, right=6)
    practise(teams.worker, now, right=0, wrong=4, source=AnswerSource.EXAM)  # not practice
    switch(client, teams.manager, on=True)
    client.force_login(teams.worker.user)
    body = client.get(reverse("practice:leaderboard")).content.decode()
    assert rows(body) == [
        ("1", "甲同班", "5", "100%"),
        ("2", "甲员工（我）", "4", "75%"),
        ("—", "甲未练", "0", "—"),
    ]
    assert "合成一班" in body


def test_answers_count_in_their_week_and_month(teams):
    wednesday = timezone.make_aware(datetime(2026, 12, 9, 12, 0))
    last_week_same_month = timezone.make_aware(datetime(2026, 12, 1, 9, 0))
    last_month = timezone.make_aware(datetime(2026, 11, 30, 9, 0))
    practise(teams.worker, wednesday.replace(hour=8), right=1)
    practise(teams.worker, last_week_same_month, right=2)
    practise(teams.teammate, last_month, right=9)
    practise(teams.teammate, wednesday.replace(hour=13), right=9)  # after "now"

    week = team_leaderboard(teams.worker, Period.WEEK, now=wednesday)
    month = team_leaderboard(teams.worker, Period.MONTH, now=wednesday)
    assert {s.tally.name: s.tally.answered for s in week.standings} == {
        "甲员工": 1,
        "甲同班": 0,
        "甲未练": 0,
    }
    assert {s.tally.name: s.tally.answered for s in month.standings} == {
        "甲员工": 3,
        "甲同班": 0,
        "甲未练": 0,
    }
    assert week.since == timezone.make_aware(datetime(2026, 12, 7))
    assert week.team == "合成一班"


def test_someone_without_a_team_is_told_so(client, teams):
    switch(client, teams.manager, on=True)
    loner = person("甲无班组", enterprise=teams.worker.enterprise)
    client.force_login(loner.user)
    body = client.get(reverse("practice:leaderboard")).content.decode()
    assert "尚未分配到班组" in body
