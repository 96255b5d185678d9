"""GET pages read: an overdue paper waits for the deadline task or the minute tick.

Every page that used to submit overdue papers as a side effect is opened here with one
overdue in-progress paper; nothing may change (the attempt, the person's status, the
audit log), and the tick then closes it exactly once.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.vocab import StaffStatus
from assessments.exams.services.papers import start_attempt
from assessments.models import Attempt, AttemptState
from assessments.templatetags.exam_deadline import AWAITING_CLOSE
from safetykb.models import AuditEvent, AuditKind
from tests.exams.builders import answer_all
from tests.exams.conftest import login
from training.models import TrainingProgramme

pytestmark = pytest.mark.django_db


@pytest.fixture
def overdue(world) -> Attempt:
    """worker_a's paper, three answers right (a fail), its deadline five seconds ago."""
    attempt = start_attempt(world.exam_a.assignments.get(staff=world.worker_a))
    answer_all(attempt, correct=True, only=3)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(seconds=5))
    attempt.refresh_from_db()
    return attempt


def get_pages(world, attempt):
    """(who, url) for each formerly-writing GET page."""
    return [
        (world.worker_a, reverse("oversight:my_home")),
        (world.worker_a, reverse("assessments:my_exams")),
        (world.worker_a, reverse("assessments:take", args=[attempt.pk])),
        (world.worker_a, reverse("assessments:state", args=[attempt.pk])),
        (world.worker_a, reverse("assessments:result", args=[attempt.pk])),
        (world.safety_manager_a, reverse("assessments:result", args=[attempt.pk])),
        (world.safety_manager_a, reverse("oversight:enterprise", args=[world.a.pk])),
        (world.safety_manager_a, reverse("oversight:assessment", args=[world.exam_a.pk])),
        (world.safety_manager_a, reverse("training:staff", args=[world.worker_a.pk])),
        (world.regulator_1, reverse("oversight:jurisdiction")),
    ]


PAGE_IDS = [
    "my_home",
    "my_exams",
    "take",
    "state",
    "own_result",
    "manager_result",
    "enterprise",
    "assessment",
    "staff_record",
    "jurisdiction",
]


def assert_untouched(attempt: Attempt, world) -> None:
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.IN_PROGRESS
    assert attempt.submitted_at is None and attempt.score is None
    assert not AuditEvent.objects.exists()
    assert not TrainingProgramme.objects.exists()
    world.worker_a.refresh_from_db()
    assert world.worker_a.status == StaffStatus.ON_POST


@pytest.mark.parametrize("index", range(len(PAGE_IDS)), ids=PAGE_IDS)
def test_a_get_page_with_an_overdue_paper_writes_nothing(client, world, overdue, index):
    AuditEvent.objects.all().delete()
    who, url = get_pages(world, overdue)[index]
    response = login(client, who).get(url)
    assert response.status_code in (200, 302, 409)
    assert_untouched(overdue, world)


def test_the_jurisdiction_page_then_the_tick_closes_it_once(client, world, overdue):
    AuditEvent.objects.all().delete()
    login(client, world.regulator_1).get(reverse("oversight:jurisdiction"))
    assert_untouched(overdue, world)
    call_command("tick")
    call_command("tick")
    overdue.refresh_from_db()
    assert overdue.state == AttemptState.GRADED and overdue.auto_submitted is True
    assert overdue.submitted_at == overdue.deadline
    assert AuditEvent.objects.filter(kind=AuditKind.AUTO_SUBMITTED).count() == 1
    assert AuditEvent.objects.filter(kind=AuditKind.ASSESSMENT_FAILED).count() == 1
    assert TrainingProgramme.objects.filter(staff=world.worker_a).count() == 1


def test_pages_say_the_paper_waits_for_the_system(client, world, overdue):
    login(client, world.worker_a)
    take = client.get(reverse("assessments:take", args=[overdue.pk]))
    assert take["Location"] == reverse("assessments:result", args=[overdue.pk])
    assert AWAITING_CLOSE in client.get(take["Location"]).content.decode()
    login(client, world.safety_manager_a)
    detail = client.get(reverse("oversight:assessment", args=[world.exam_a.pk]))
    assert AWAITING_CLOSE in detail.content.decode()
    staff_page = client.get(reverse("training:staff", args=[world.worker_a.pk]))
    assert AWAITING_CLOSE in staff_page.content.decode()


def test_the_state_poll_sends_the_page_to_the_result_without_closing(client, world, overdue):
    reply = login(client, world.worker_a).get(reverse("assessments:state", args=[overdue.pk]))
    assert reply.status_code == 409
    assert reply.json()["result_url"] == reverse("assessments:result", args=[overdue.pk])
    assert "等待系统交卷" in reply.json()["error"]
    overdue.refresh_from_db()
    assert overdue.state == AttemptState.IN_PROGRESS


def test_starting_again_is_a_post_and_closes_the_overdue_paper(client, world, overdue):
    login(client, world.worker_a).post(reverse("assessments:start", args=[overdue.assignment_id]))
    overdue.refresh_from_db()
    assert overdue.state == AttemptState.GRADED and overdue.auto_submitted is True
