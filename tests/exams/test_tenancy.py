"""Every exam URL, for every outsider: out of scope is 404, the wrong role 403.

The objects all belong to enterprise A (jurisdiction J1). Outsiders: a colleague in A
(for someone else's attempt), people of enterprise B (same jurisdiction), of C and the
other jurisdiction's regulator.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from django.urls import reverse

from assessments.exams.services.papers import start_attempt
from assessments.models import AnswerStep, AssessmentKind, Attempt
from safetykb.models import AuditEvent
from tests.exams.builders import make_assessment
from training.models import TrainingRecord
from training.services import send_to_offpost_training

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Target:
    name: str
    method: str
    url: str
    data: dict | None = None
    json: bool = False


@pytest.fixture
def targets(world) -> dict[str, Target]:
    attempt = start_attempt(world.exam_a.assignments.get(staff=world.worker_a))
    programme = send_to_offpost_training(world.colleague_a, failed_attempt=None)
    # A regulator's draft: only regulators of the jurisdiction see or launch it.
    surprise = make_assessment(
        world.blueprint_1,
        world.a,
        kind=AssessmentKind.SURPRISE,
        launched=False,
        title="抽考",
        prepared_side="regulator",
    )
    assignment = world.exam_a.assignments.get(staff=world.worker_a)
    answer = json.dumps({"slot": 1, "response": []})
    rows = [
        Target("start", "post", reverse("assessments:start", args=[assignment.pk])),
        Target("take", "get", reverse("assessments:take", args=[attempt.pk])),
        Target("save", "post", reverse("assessments:save", args=[attempt.pk]), answer, True),
        Target("state", "get", reverse("assessments:state", args=[attempt.pk])),
        Target("submit", "post", reverse("assessments:submit", args=[attempt.pk])),
        Target("result", "get", reverse("assessments:result", args=[attempt.pk])),
        Target("enterprise", "get", reverse("oversight:enterprise", args=[world.a.pk])),
        Target("schedules", "get", reverse("oversight:schedules", args=[world.a.pk])),
        Target("prepare", "get", reverse("assessments:prepare_surprise", args=[world.a.pk])),
        Target(
            "prepare_post",
            "post",
            reverse("assessments:prepare_surprise", args=[world.a.pk]),
            {"title": "x", "blueprint": world.blueprint_1.pk, "count": 1, "window_minutes": 30},
        ),
        Target("assessment", "get", reverse("oversight:assessment", args=[world.exam_a.pk])),
        Target("launch", "get", reverse("assessments:launch", args=[surprise.pk])),
        Target(
            "launch_post",
            "post",
            reverse("assessments:launch", args=[surprise.pk]),
            {"reason": "x"},
        ),
        Target("staff", "get", reverse("training:staff", args=[world.worker_a.pk])),
        Target(
            "record_training",
            "post",
            reverse("training:record_training", args=[programme.pk]),
            {"date": "2024-05-01", "content": "培训", "hours": "8", "trainer": "王"},
        ),
        Target(
            "sign_back",
            "post",
            reverse("training:sign_back", args=[programme.pk]),
            {"remark": "同意"},
        ),
    ]
    return {target.name: target for target in rows}


def call(client, target: Target):
    method = getattr(client, target.method)
    if target.json:
        return method(target.url, data=target.data, content_type="application/json")
    return method(target.url, data=target.data or {})


#: (view, who) pairs that must be 404: the object is outside their scope.
OUT_OF_SCOPE = [
    # Someone else's attempt, even a colleague's or their own manager's view of it as examinee.
    *[
        (view, who)
        for view in ("start", "take", "save", "state", "submit")
        for who in (
            "colleague_a",
            "safety_manager_a",
            "principal_a",
            "worker_b",
            "safety_manager_b",
            "worker_c",
        )
    ],
    *[
        ("result", who)
        for who in ("colleague_a", "worker_b", "safety_manager_b", "worker_c", "regulator_2")
    ],
    *[
        (view, who)
        for view in (
            "enterprise",
            "schedules",
            "prepare",
            "prepare_post",
            "assessment",
            "launch",
            "launch_post",
        )
        for who in ("safety_manager_b", "regulator_2")
    ],
    *[
        ("staff", who)
        for who in ("colleague_a", "worker_b", "safety_manager_b", "worker_c", "regulator_2")
    ],
    *[(view, "safety_manager_b") for view in ("record_training", "sign_back")],
]

#: (view, who) pairs refused for the role whatever the object.
WRONG_ROLE = [
    *[(view, who) for view in ("start", "take", "submit") for who in ("regulator_1", "editor")],
    *[(view, who) for view in ("save", "state") for who in ("regulator_1", "editor")],
    *[("result", "editor")],
    *[
        (view, who)
        for view in (
            "enterprise",
            "schedules",
            "prepare",
            "prepare_post",
            "assessment",
            "launch",
            "launch_post",
        )
        for who in ("worker_a", "colleague_a", "editor")
    ],
    *[
        (view, who)
        for view in ("record_training", "sign_back")
        for who in ("principal_a", "regulator_1", "worker_a", "editor")
    ],
    *[("staff", "editor")],
]


@pytest.mark.parametrize(("view", "who"), OUT_OF_SCOPE)
def test_out_of_scope_is_404(client, world, targets, view, who):
    client.force_login(getattr(world, who).user)
    assert call(client, targets[view]).status_code == 404


@pytest.mark.parametrize(("view", "who"), WRONG_ROLE)
def test_wrong_role_is_403(client, world, targets, view, who):
    client.force_login(getattr(world, who).user)
    assert call(client, targets[view]).status_code == 403


@pytest.mark.parametrize("view", ["take", "result", "enterprise", "staff", "assessment"])
def test_anonymous_is_sent_to_log_in(client, targets, view):
    response = call(client, targets[view])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_refused_writes_changed_nothing(client, world, targets):
    before = (
        AnswerStep.objects.count(),
        TrainingRecord.objects.count(),
        AuditEvent.objects.count(),
        Attempt.objects.filter(state="in_progress").count(),
    )
    for view, who in OUT_OF_SCOPE + WRONG_ROLE:
        if targets[view].method == "post":
            client.force_login(getattr(world, who).user)
            call(client, targets[view])
    after = (
        AnswerStep.objects.count(),
        TrainingRecord.objects.count(),
        AuditEvent.objects.count(),
        Attempt.objects.filter(state="in_progress").count(),
    )
    assert before == after


@pytest.mark.parametrize(
    ("view", "who"),
    [
        ("enterprise", "safety_manager_a"),
        ("enterprise", "principal_a"),
        ("enterprise", "regulator_1"),
        ("schedules", "regulator_1"),
        ("assessment", "principal_a"),
        ("assessment", "regulator_1"),
        ("launch", "regulator_1"),
        ("prepare", "principal_a"),
        ("staff", "principal_a"),
        ("staff", "regulator_1"),
        ("staff", "worker_a"),
        ("result", "safety_manager_a"),
        ("result", "regulator_1"),
        ("take", "worker_a"),
    ],
)
def test_insiders_get_in(client, world, targets, view, who):
    client.force_login(getattr(world, who).user)
    assert call(client, targets[view]).status_code == 200


def test_jurisdiction_overview_is_for_regulators_and_scoped(client, world):
    url = reverse("oversight:jurisdiction")
    client.force_login(world.safety_manager_a.user)
    assert client.get(url).status_code == 403
    client.force_login(world.regulator_2.user)
    page = client.get(url).content.decode()
    assert world.c.name in page
    assert world.a.name not in page and world.b.name not in page
