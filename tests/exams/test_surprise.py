"""Surprise assessments through the views: prepare, launch with a reason, the sample."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.models import Assessment, AssessmentKind
from safetykb.models import AuditEvent, AuditKind
from tests.exams.conftest import login

pytestmark = pytest.mark.django_db


def prepare(client, world, who, enterprise, **overrides):
    login(client, getattr(world, who))
    data = {
        "title": "五月抽考",
        "blueprint": world.blueprint_1.pk,
        "count": 1,
        "window_minutes": 30,
        **overrides,
    }
    data = {key: value for key, value in data.items() if value is not None}
    return client.post(reverse("assessments:prepare_surprise", args=[enterprise.pk]), data)


@pytest.mark.parametrize("who", ["safety_manager_a", "principal_a", "regulator_1"])
def test_prepare_then_launch_shows_the_sampled_people(client, world, who):
    response = prepare(client, world, who, world.a)
    surprise = Assessment.objects.get(kind=AssessmentKind.SURPRISE)
    assert response["Location"] == reverse("assessments:launch", args=[surprise.pk])
    assert not surprise.is_launched

    # Invisible to staff before launch.
    client.force_login(world.worker_a.user)
    assert "五月抽考" not in client.get(reverse("oversight:my_home")).content.decode()

    login(client, getattr(world, who))
    page = client.get(response["Location"]).content.decode()
    assert "候选人员" in page and "预计抽取 1 人" in page
    response = client.post(response["Location"], {"reason": "近期同类企业发生事故"}, follow=True)
    page = response.content.decode()
    assert "抽考已发起：抽中 1 人" in page
    surprise.refresh_from_db()
    assert surprise.is_launched and surprise.sample_seed is not None
    chosen = surprise.assignments.get().staff
    assert chosen.display_name in page
    assert "近期同类企业发生事故" in page
    event = AuditEvent.objects.get(kind=AuditKind.SURPRISE_LAUNCHED)
    assert event.actor == getattr(world, who).user
    assert event.data["sampled_staff_ids"] == [chosen.pk]

    # The sampled person sees it on their home page.
    client.force_login(chosen.user)
    assert "五月抽考" in client.get(reverse("oversight:my_home")).content.decode()


def test_percent_instead_of_count(client, world):
    prepare(client, world, "safety_manager_a", world.a, count=None, percent="50")
    surprise = Assessment.objects.get(kind=AssessmentKind.SURPRISE)
    assert surprise.sample_percent == 50 and surprise.sample_count is None


def test_both_or_neither_count_and_percent_is_refused(client, world):
    response = prepare(client, world, "safety_manager_a", world.a, percent="10")
    assert response.status_code == 400
    assert "二选一" in response.content.decode()
    response = prepare(client, world, "safety_manager_a", world.a, count=None)
    assert "二选一" in response.content.decode()
    assert not Assessment.objects.filter(kind=AssessmentKind.SURPRISE).exists()


def test_launch_needs_a_reason(client, world):
    prepare(client, world, "safety_manager_a", world.a)
    surprise = Assessment.objects.get(kind=AssessmentKind.SURPRISE)
    response = client.post(reverse("assessments:launch", args=[surprise.pk]), {"reason": ""})
    assert response.status_code == 400
    surprise.refresh_from_db()
    assert not surprise.is_launched


def test_launching_twice_is_refused_cleanly(client, world):
    prepare(client, world, "safety_manager_a", world.a)
    surprise = Assessment.objects.get(kind=AssessmentKind.SURPRISE)
    url = reverse("assessments:launch", args=[surprise.pk])
    client.post(url, {"reason": "抽查"})
    response = client.post(url, {"reason": "再来一次"}, follow=True)
    assert "该抽考已经发起" in response.content.decode()
    assert surprise.assignments.count() == 1


def test_too_large_a_sample_is_explained(client, world):
    prepare(client, world, "safety_manager_a", world.a, count=50)
    surprise = Assessment.objects.get(kind=AssessmentKind.SURPRISE)
    page = client.get(reverse("assessments:launch", args=[surprise.pk])).content.decode()
    assert "无法按当前设置抽样" in page
    response = client.post(reverse("assessments:launch", args=[surprise.pk]), {"reason": "抽查"})
    assert "无法抽样" in response.content.decode()


def test_regulator_can_launch_for_another_enterprise_of_the_jurisdiction(client, world):
    response = prepare(client, world, "regulator_1", world.b)
    assert response.status_code == 302
    assert Assessment.objects.get(kind=AssessmentKind.SURPRISE).enterprise == world.b


def test_blueprints_of_other_jurisdictions_are_not_offered(client, world):
    response = prepare(client, world, "safety_manager_a", world.a, blueprint=world.blueprint_2.pk)
    assert response.status_code == 400
    assert not Assessment.objects.filter(kind=AssessmentKind.SURPRISE).exists()
