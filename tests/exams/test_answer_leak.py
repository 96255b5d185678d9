"""Correct answers and explanations never reach the browser before the paper is handed in.

Every question's explanation, basis and 填空 answer carry a marker (see builders); the
in-progress page and every response during the attempt are scanned for them.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Attempt, AttemptState, ReviewPolicy
from tests.exams.builders import LEAK_MARKERS
from tests.exams.test_taking import save, slots_of

pytestmark = pytest.mark.django_db

# Things an answer key would look like in HTML or JSON, besides the markers.
KEY_WORDS = (
    '"answer"',
    "explanation",
    "data-correct",
    "is-correct",
    "正确答案",
    "解析：",
    "依据：",
)


def assert_clean(body: str, where: str) -> None:
    for marker in (*LEAK_MARKERS, *KEY_WORDS):
        assert marker not in body, f"{marker!r} leaked in {where}"


def test_nothing_before_submission_carries_an_answer(client, world):
    client.force_login(world.worker_a.user)
    assignment = world.exam_a.assignments.get(staff=world.worker_a)
    bodies: list[tuple[str, str]] = []

    def keep(where, response):
        bodies.append((where, response.content.decode()))
        return response

    keep("home", client.get(reverse("oversight:my_home")))
    keep("my exams", client.get(reverse("assessments:my_exams")))
    keep("start", client.post(reverse("assessments:start", args=[assignment.pk])))
    attempt = Attempt.objects.get(assignment=assignment)
    take_url = reverse("assessments:take", args=[attempt.pk])
    keep("take page", client.get(take_url))
    for slot in slots_of(attempt):
        content = slot.question_version.content
        given = ["不知道"] if content["type"] == "fill" else [slot.option_order[0]]
        keep(f"save {slot.number}", save(client, attempt, slot.number, given))
        keep(f"save {slot.number} again", save(client, attempt, slot.number, given))
    keep("invalid save", save(client, attempt, 1, ["Z"]))
    keep("missing slot", save(client, attempt, 99, ["A"]))
    keep("state", client.get(reverse("assessments:state", args=[attempt.pk])))
    keep("take page after saving", client.get(take_url))
    keep("result while in progress", client.get(reverse("assessments:result", args=[attempt.pk])))
    keep("home during the attempt", client.get(reverse("oversight:my_home")))
    keep("own record", client.get(reverse("training:staff", args=[world.worker_a.pk])))

    assert len(bodies) > 10
    for where, body in bodies:
        assert_clean(body, where)
    assert Attempt.objects.get(pk=attempt.pk).state == AttemptState.IN_PROGRESS

    # The markers are real: the review after submission shows them.
    client.post(reverse("assessments:submit", args=[attempt.pk]))
    review = client.get(reverse("assessments:result", args=[attempt.pk])).content.decode()
    assert all(marker in review for marker in LEAK_MARKERS)


def test_the_paper_query_never_reads_the_answer_column(client, world):
    """Defence in depth: the take page selects only stem/options/type out of the frozen
    version's JSON, so the answer does not even reach the Python process."""
    client.force_login(world.worker_a.user)
    assignment = world.exam_a.assignments.get(staff=world.worker_a)
    client.post(reverse("assessments:start", args=[assignment.pk]))
    attempt = Attempt.objects.get(assignment=assignment)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("assessments:take", args=[attempt.pk]))
    assert response.status_code == 200
    whole_column = re.compile(r'"assessments_questionversion"\."content"(?!\s*(->|#>))')
    assert any('"assessments_questionversion"' in q["sql"] for q in queries)  # the paper was read
    assert not [q["sql"] for q in queries if whole_column.search(q["sql"])]


@pytest.mark.parametrize("policy", [ReviewPolicy.SCORE_ONLY, ReviewPolicy.AFTER_CLOSE])
def test_results_withheld_by_the_review_policy_carry_no_answer(client, world, policy):
    world.blueprint_1.review_policy = policy
    world.blueprint_1.save()
    client.force_login(world.worker_a.user)
    assignment = world.exam_a.assignments.get(staff=world.worker_a)
    client.post(reverse("assessments:start", args=[assignment.pk]))
    attempt = Attempt.objects.get(assignment=assignment)
    client.post(reverse("assessments:submit", args=[attempt.pk]))
    page = client.get(reverse("assessments:result", args=[attempt.pk])).content.decode()
    assert_clean(page, f"result under {policy}")


def test_a_manager_sees_no_answers_of_an_attempt_in_progress(client, world):
    client.force_login(world.worker_a.user)
    assignment = world.exam_a.assignments.get(staff=world.worker_a)
    client.post(reverse("assessments:start", args=[assignment.pk]))
    attempt = Attempt.objects.get(assignment=assignment)
    client.force_login(world.safety_manager_a.user)
    for url in (
        reverse("assessments:result", args=[attempt.pk]),
        reverse("training:staff", args=[world.worker_a.pk]),
        reverse("oversight:assessment", args=[world.exam_a.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert_clean(response.content.decode(), url)
