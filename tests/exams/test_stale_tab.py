"""Two tabs on one paper: a submit from the tab that missed the other's saves loses nothing."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from assessments.exams.services.answering import current_responses
from assessments.models import AnswerStep, Attempt
from tests.exams.builders import correct_response, wrong_response
from tests.exams.conftest import login
from tests.exams.test_taking import assignment_of, save, slots_of, start

pytestmark = pytest.mark.django_db


def rendered_bases(client, attempt) -> dict[str, str]:
    """The base-N fields of the paper as a tab renders it now."""
    page = client.get(reverse("assessments:take", args=[attempt.pk])).content.decode()
    return dict(re.findall(r'name="(base-\d+)" value="(\d+)"', page))


def test_a_stale_tab_submitting_blanks_keeps_every_answer_saved_from_the_phone(client, world):
    login(client, world.worker_a)
    attempt = start(client, assignment_of(world))
    pc_form = {"paper": "1", **rendered_bases(client, attempt)}  # the PC tab, opened first
    assert pc_form and all(value == "0" for key, value in pc_form.items() if key != "paper")
    for slot in slots_of(attempt):  # the phone answers everything
        assert save(client, attempt, slot.number, correct_response(slot)).status_code == 200

    client.post(reverse("assessments:submit", args=[attempt.pk]), pc_form)

    attempt.refresh_from_db()
    assert attempt.score == 100 and attempt.passed is True
    world.worker_a.refresh_from_db()
    assert not world.worker_a.is_off_post
    assert len(current_responses(attempt)) == len(slots_of(attempt))


def test_a_stale_tab_cannot_replace_a_newer_saved_answer(client, world):
    login(client, world.worker_a)
    attempt = start(client, assignment_of(world))
    first = slots_of(attempt)[0]
    pc_form = {"paper": "1", **rendered_bases(client, attempt)}
    pc_form[f"q-{first.number}"] = wrong_response(first)[0]  # answered on the PC, never saved
    save(client, attempt, first.number, correct_response(first))  # the phone, later

    client.post(reverse("assessments:submit", args=[attempt.pk]), pc_form)

    assert current_responses(Attempt.objects.get(pk=attempt.pk))[first.number] == sorted(
        correct_response(first)
    )


def test_a_tab_that_saw_the_last_save_may_still_change_the_answer(client, world):
    login(client, world.worker_a)
    attempt = start(client, assignment_of(world))
    first = slots_of(attempt)[0]
    save(client, attempt, first.number, wrong_response(first))
    form = {"paper": "1", **rendered_bases(client, attempt)}  # rendered after that save
    assert form[f"base-{first.number}"] != "0"
    form[f"q-{first.number}"] = correct_response(first)[0]

    client.post(reverse("assessments:submit", args=[attempt.pk]), form)

    assert current_responses(attempt)[first.number] == sorted(correct_response(first)[:1])


def test_the_save_reply_gives_the_step_the_page_now_rests_on(client, world):
    login(client, world.worker_a)
    attempt = start(client, assignment_of(world))
    first = slots_of(attempt)[0]
    reply = save(client, attempt, first.number, correct_response(first)).json()
    assert reply["step"] == AnswerStep.objects.filter(slot=first).latest("id").pk
    assert rendered_bases(client, attempt)[f"base-{first.number}"] == str(reply["step"])
