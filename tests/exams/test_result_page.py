"""The result page: answers only after the round closes by default, 只看错题, and correct
answers collapsed so the page stays short on a phone."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment, Attempt, ExamBlueprint, ReviewPolicy
from safetykb.demo.exams import _blueprint as demo_blueprint
from tests.exams.builders import LEAK_MARKERS, correct_response, wrong_response
from tests.exams.conftest import login
from tests.exams.test_taking import save, slots_of

pytestmark = pytest.mark.django_db


def sit_half_right(client, world) -> Attempt:
    """worker_a answers odd questions right and even ones wrong, then hands in."""
    login(client, world.worker_a)
    assignment = world.exam_a.assignments.get(staff=world.worker_a)
    client.post(reverse("assessments:start", args=[assignment.pk]))
    attempt = Attempt.objects.get(assignment=assignment)
    for slot in slots_of(attempt):
        right = slot.number % 2 == 1
        save(
            client, attempt, slot.number, correct_response(slot) if right else wrong_response(slot)
        )
    client.post(reverse("assessments:submit", args=[attempt.pk]))
    return attempt


def result(client, attempt, query: str = "") -> str:
    return client.get(reverse("assessments:result", args=[attempt.pk]) + query).content.decode()


def test_correct_answers_are_collapsed_and_wrong_ones_open(client, world):
    attempt = sit_half_right(client, world)
    page = result(client, attempt)
    assert 'href="?wrong=1"' in page and "只看错题（2）" in page
    assert re.search(r'<details class="card review-item is-correct" id="q-1">', page)
    assert re.search(r'<article class="card review-item is-wrong" id="q-2">', page)
    assert 'id="q-1" open' not in page


def test_only_wrong_answers_without_javascript(client, world):
    attempt = sit_half_right(client, world)
    page = result(client, attempt, "?wrong=1")
    assert 'id="q-2"' in page and 'id="q-4"' in page
    assert 'id="q-1"' not in page and 'id="q-3"' not in page
    assert 'href="?"' in page  # back to every question


def test_review_waits_for_the_round_to_close_by_default(client, world):
    assert ExamBlueprint().review_policy == ReviewPolicy.AFTER_CLOSE
    world.blueprint_1.review_policy = ExamBlueprint().review_policy
    world.blueprint_1.save()
    attempt = sit_half_right(client, world)

    page = result(client, attempt)
    assert "分" in page and attempt.assignment.assessment.title in page
    assert "答案与解析将在考核截止" in page
    assert not any(marker in page for marker in LEAK_MARKERS)
    assert "只看错题" not in page

    Assessment.objects.filter(pk=world.exam_a.pk).update(
        closes_at=timezone.now() - timedelta(minutes=1)
    )
    page = result(client, attempt)
    assert all(marker in page for marker in LEAK_MARKERS)


def test_demo_blueprints_review_after_the_round_closes(world):
    blueprint = demo_blueprint(world.j1, "演示方案", [])
    assert blueprint.review_policy == ReviewPolicy.AFTER_CLOSE
