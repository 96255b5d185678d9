"""The server's clock rules: at the deadline the attempt is closed and graded whatever
the browser does, and late saves or submits change nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from assessments.exams.services.answering import current_responses
from assessments.exams.services.papers import start_attempt
from assessments.exams.tasks import expire_attempt
from assessments.models import AnswerStep, Attempt, AttemptState
from tests.exams.builders import answer_all
from tests.exams.conftest import login
from tests.exams.test_taking import save, slots_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def overdue(world) -> Attempt:
    """worker_a's attempt with three right answers saved, then its deadline passed."""
    attempt = start_attempt(world.exam_a.assignments.get(staff=world.worker_a))
    answer_all(attempt, correct=True, only=3)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(seconds=5))
    attempt.refresh_from_db()
    return attempt


def assert_auto_graded(attempt: Attempt, answered: int = 3) -> Attempt:
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.GRADED
    assert attempt.auto_submitted is True
    assert attempt.submitted_at == attempt.deadline
    assert attempt.score == 20 * answered
    assert attempt.passed is False
    return attempt


def test_opening_the_paper_after_the_deadline_waits_for_the_system(client, world, overdue):
    response = login(client, world.worker_a).get(reverse("assessments:take", args=[overdue.pk]))
    assert response["Location"] == reverse("assessments:result", args=[overdue.pk])
    assert "时间已到，等待系统交卷" in client.get(response["Location"]).content.decode()
    expire_attempt.call(overdue.pk)  # the task scheduled at the deadline
    assert_auto_graded(overdue)
    page = client.get(response["Location"]).content.decode()
    assert "系统自动交卷" in page


def test_a_save_after_the_deadline_is_refused_and_closes_the_attempt(client, world, overdue):
    login(client, world.worker_a)
    fourth = slots_of(overdue)[3]
    reply = save(client, overdue, fourth.number, fourth.question_version.content["answer"])
    assert reply.status_code == 409
    assert "考试时间已到" in reply.json()["error"]
    assert fourth.number not in current_responses(overdue)
    assert_auto_graded(overdue)


def test_a_submit_after_the_deadline_keeps_only_answers_saved_in_time(client, world, overdue):
    login(client, world.worker_a)
    form = {"paper": "1"}
    for slot in slots_of(overdue):
        form[f"q-{slot.number}"] = slot.question_version.content["answer"]
    response = client.post(reverse("assessments:submit", args=[overdue.pk]), form, follow=True)
    assert "考试时间已到" in response.content.decode()
    assert_auto_graded(overdue)
    assert AnswerStep.objects.filter(slot__attempt=overdue).count() == 3


def test_the_state_endpoint_reports_the_paper_closed_without_closing_it(client, world, overdue):
    reply = login(client, world.worker_a).get(reverse("assessments:state", args=[overdue.pk]))
    assert reply.status_code == 409
    assert reply.json()["result_url"] == reverse("assessments:result", args=[overdue.pk])
    overdue.refresh_from_db()
    assert overdue.state == AttemptState.IN_PROGRESS  # a GET reads; the worker closes it


def test_the_tick_closes_it_even_if_the_paper_is_never_opened(client, world, overdue):
    call_command("tick")
    page = login(client, world.worker_a).get(reverse("oversight:my_home")).content.decode()
    assert_auto_graded(overdue)
    assert "到时自动交卷" in page
    assert "脱产培训" in page  # 60 < 80: failed, off post at once


def test_the_background_task_closes_it_with_no_browser_at_all(world, overdue):
    expire_attempt.call(overdue.pk)
    assert_auto_graded(overdue)


def test_the_client_auto_submit_flag_is_ignored_long_before_the_deadline(client, world):
    login(client, world.worker_a)
    attempt = start_attempt(world.exam_a.assignments.get(staff=world.worker_a))
    client.post(reverse("assessments:submit", args=[attempt.pk]), {"auto": "1"})
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.GRADED
    assert attempt.auto_submitted is False


def test_the_rendered_countdown_comes_from_the_server_deadline(client, world):
    login(client, world.worker_a)
    attempt = start_attempt(world.exam_a.assignments.get(staff=world.worker_a))
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() + timedelta(seconds=125))
    page = client.get(reverse("assessments:take", args=[attempt.pk])).content.decode()
    assert 'data-remaining="12' in page  # 125 s, less the time the request took
    assert "02:0" in page
