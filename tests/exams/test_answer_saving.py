"""The one-statement answer save: it stores exactly what the full path would store and
nothing the full path would refuse; the full path still names every refusal."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.exams.services.answer_saving import store_answer
from assessments.exams.services.answering import clean_response, submit_attempt
from assessments.exams.services.papers import start_attempt
from assessments.models import AnswerStep, Attempt, AttemptSlot
from tests.exams.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def attempt(world) -> Attempt:
    return start_attempt(world.exam_a.assignments.get(staff=world.worker_a))


def slot_of(attempt: Attempt, question_type: str) -> AttemptSlot:
    return next(
        slot
        for slot in attempt.slots.select_related("question_version").order_by("number")
        if slot.question_version.content["type"] == question_type
    )


def store(world, attempt, number, raw, *, staff=None, now=None):
    staff = staff or world.worker_a
    return store_answer(attempt.pk, staff.pk, number, raw, now=now or timezone.now())


@pytest.mark.parametrize(
    ("question_type", "raw"),
    [
        ("single", lambda slot: [f" {slot.option_order[0]} "]),
        (
            "multiple",
            lambda slot: [slot.option_order[2], slot.option_order[0], slot.option_order[2]],
        ),
        ("multiple", lambda slot: []),
        ("true_false", lambda slot: "true"),
        ("fill", lambda slot: ["  七十二  ", "其他"]),
        ("fill", lambda slot: ["长" * 300]),
    ],
)
def test_it_stores_what_the_full_path_would(
    world, attempt, question_type, raw, django_assert_num_queries
):
    slot = slot_of(attempt, question_type)
    response = raw(slot)
    with django_assert_num_queries(1):
        stored = store(world, attempt, slot.number, response)
    assert stored is not None
    step = AnswerStep.objects.get(pk=stored.step_id)
    assert step.slot_id == slot.pk
    assert step.response == stored.response == clean_response(slot, response)
    assert stored.deadline == attempt.deadline


@pytest.mark.parametrize(
    ("question_type", "raw"),
    [
        ("single", ["Z"]),  # not an option
        ("single", ["A", "B"]),  # two answers to a single choice
        ("true_false", ["true", "false"]),
        ("multiple", ["A", "<script>"]),
    ],
)
def test_it_stores_nothing_the_full_path_refuses(world, attempt, question_type, raw):
    slot = slot_of(attempt, question_type)
    assert store(world, attempt, slot.number, raw) is None
    assert not AnswerStep.objects.exists()


def test_not_the_persons_closed_or_expired_paper_stores_nothing(world, attempt):
    slot = slot_of(attempt, "single")
    answer = [slot.option_order[0]]
    assert store(world, attempt, slot.number, answer, staff=world.colleague_a) is None
    assert store(world, attempt, 99, answer) is None
    assert store(world, attempt, slot.number, answer, now=attempt.deadline) is None  # deadline rule
    assert store(world, attempt, slot.number, answer, now=attempt.deadline - timedelta(seconds=1))
    submit_attempt(attempt)
    assert store(world, attempt, slot.number, answer) is None
    assert AnswerStep.objects.count() == 1


def test_the_save_endpoint_answers_as_before(client, world, attempt, django_assert_num_queries):
    slot = slot_of(attempt, "multiple")
    login(client, world.worker_a)
    url = reverse("assessments:save", args=[attempt.pk])
    body = json.dumps(
        {"slot": slot.number, "response": [slot.option_order[1], slot.option_order[0]]}
    )
    # session, user with profile, then one statement that checks and stores
    with django_assert_num_queries(3):
        response = client.post(url, body, content_type="application/json")
    data = response.json()
    assert response.status_code == 200 and data["ok"] is True
    assert data["response"] == sorted(slot.option_order[:2])
    assert data["step"] == AnswerStep.objects.get().pk
    assert 0 < data["remaining_seconds"] <= 30 * 60

    refused = client.post(
        url, json.dumps({"slot": slot.number, "response": ["Z"]}), content_type="application/json"
    )
    assert refused.status_code == 400
    assert "不是有效选项" in refused.json()["error"]
    assert AnswerStep.objects.count() == 1

    submit_attempt(attempt)
    closed = client.post(url, body, content_type="application/json")
    assert closed.status_code == 409 and closed.json()["closed"] is True
