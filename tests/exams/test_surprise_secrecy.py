"""A surprise draft is seen and launched only by the side that prepared it; drafts that
can no longer be launched leave the 待发起 list but stay in the history."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.exams.services.errors import AssessmentError
from assessments.exams.services.launching import launch_surprise, prepare_surprise
from assessments.models import Assessment, AssessmentKind
from safetykb.models import AuditEvent, AuditKind
from tests.exams.conftest import login
from tests.factories import person

pytestmark = pytest.mark.django_db


def draft_by(world, who, *, title="12月突击抽考", count=1) -> Assessment:
    return prepare_surprise(
        blueprint=world.blueprint_1,
        enterprise=world.a,
        actor=getattr(world, who).user,
        title=title,
        count=count,
    )


def pages(world, draft):
    return {
        "dashboard": reverse("oversight:enterprise", args=[world.a.pk]),
        "detail": reverse("oversight:assessment", args=[draft.pk]),
        "launch": reverse("assessments:launch", args=[draft.pk]),
    }


@pytest.mark.parametrize("who", ["safety_manager_a", "principal_a"])
def test_a_regulators_draft_is_invisible_to_the_enterprise(client, world, who):
    draft = draft_by(world, "regulator_1")
    login(client, getattr(world, who))
    urls = pages(world, draft)
    dashboard = client.get(urls["dashboard"])
    assert dashboard.status_code == 200
    assert "12月突击抽考" not in dashboard.content.decode()
    assert "待发起" not in dashboard.content.decode()
    assert client.get(urls["detail"]).status_code == 404
    assert client.get(urls["launch"]).status_code == 404
    assert client.post(urls["launch"], {"reason": "企业自行提前发起"}).status_code == 404
    draft.refresh_from_db()
    assert not draft.is_launched and not draft.assignments.exists()


def test_the_enterprise_cannot_launch_a_regulators_draft_through_the_service(world):
    draft = draft_by(world, "regulator_1")
    with pytest.raises(AssessmentError, match="无权"):
        launch_surprise(draft, actor=world.safety_manager_a.user, reason="企业自行提前发起")


def test_every_regulator_of_the_jurisdiction_sees_and_launches_it(client, world):
    draft = draft_by(world, "regulator_1")
    colleague = person("甲区监管二", regulator=True, jurisdiction=world.j1)
    login(client, colleague)
    urls = pages(world, draft)
    assert "12月突击抽考" in client.get(urls["dashboard"]).content.decode()
    assert client.get(urls["detail"]).status_code == 200
    response = client.post(urls["launch"], {"reason": "执法检查"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_launched and draft.launched_by == colleague.user
    login(client, world.regulator_2)  # another jurisdiction: out of scope as ever
    assert client.get(urls["detail"]).status_code == 404


def test_the_enterprise_sees_it_from_its_launch(client, world):
    draft = draft_by(world, "regulator_1")
    launch_surprise(draft, actor=world.regulator_1.user, reason="执法检查")
    login(client, world.safety_manager_a)
    assert "12月突击抽考" in client.get(pages(world, draft)["dashboard"]).content.decode()
    assert client.get(pages(world, draft)["detail"]).status_code == 200


def test_an_enterprise_draft_is_the_enterprises_own(client, world):
    draft = draft_by(world, "safety_manager_a")
    login(client, world.principal_a)  # same side: sees and may launch it
    assert client.get(pages(world, draft)["launch"]).status_code == 200
    login(client, world.regulator_1)
    assert "12月突击抽考" not in client.get(pages(world, draft)["dashboard"]).content.decode()
    assert client.get(pages(world, draft)["detail"]).status_code == 404


def test_a_draft_whose_sampling_failed_leaves_the_pending_list(client, world):
    draft = draft_by(world, "safety_manager_a", count=50)
    login(client, world.safety_manager_a)
    url = pages(world, draft)
    dashboard = client.get(url["dashboard"]).content.decode()
    assert "待发起的抽考" in dashboard
    response = client.post(url["launch"], {"reason": "节前抽考"})
    assert "无法抽样" in response.content.decode()
    draft.refresh_from_db()
    assert draft.sampling_error and not draft.is_launched
    assert AuditEvent.objects.filter(kind=AuditKind.SURPRISE_SAMPLING_FAILED).exists()
    dashboard = client.get(url["dashboard"]).content.decode()
    assert "待发起的抽考" not in dashboard
    assert "抽样失败，未发起" in dashboard  # kept in the history
    assert "抽样失败" in client.get(url["detail"]).content.decode()


def test_a_draft_past_its_launch_period_leaves_the_pending_list(client, world):
    draft = draft_by(world, "safety_manager_a")
    Assessment.objects.filter(pk=draft.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    login(client, world.safety_manager_a)
    url = pages(world, draft)
    dashboard = client.get(url["dashboard"]).content.decode()
    assert "待发起的抽考" not in dashboard
    assert "逾期未发起" in dashboard
    assert "发起抽考</a>" not in client.get(url["detail"]).content.decode()
    client.post(url["launch"], {"reason": "迟到的发起"})
    draft.refresh_from_db()
    assert not draft.is_launched and not draft.assignments.exists()


def test_a_draft_waits_for_its_launch_not_its_answer_window(world):
    """Preparing starts no clock on the answers: the window runs from the launch."""
    draft = draft_by(world, "safety_manager_a")
    assert draft.closes_at - draft.opens_at > timedelta(days=1)
    assert draft.kind == AssessmentKind.SURPRISE and draft.prepared_side == "enterprise"
