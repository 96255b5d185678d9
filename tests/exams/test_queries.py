"""Query budgets on the hot paths, so an N+1 never comes back unnoticed."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from assessments.exams.services.papers import start_attempt
from assessments.models import Attempt, QuestionType
from tests.exams.builders import make_assessment, make_bank, make_blueprint
from tests.exams.conftest import committed

pytestmark = pytest.mark.django_db


@pytest.fixture
def big_attempt(world) -> Attempt:
    """A 40-question paper, so per-question queries would show."""
    make_bank(world.j1, {QuestionType.SINGLE: 30, QuestionType.MULTIPLE: 10}, start=500)
    blueprint = make_blueprint(world.j1, {QuestionType.SINGLE: 30, QuestionType.MULTIPLE: 10})
    exam = make_assessment(blueprint, world.a, staff=[world.worker_a], title="大卷")
    return start_attempt(exam.assignments.get())


def test_starting_a_big_paper_costs_a_fixed_number_of_queries(
    client, world, django_assert_num_queries
):
    # 40 questions drawn from a bank of 50: the bank is one query, the slots one INSERT.
    # No paper drawn ahead (a late joiner's case): the one-statement start finds none and
    # stores nothing, then the full path: one query finds none again, then the draw; the
    # latest paper (drawn last on a re-test) one, the stems for near-duplicates one, the
    # stored twins (same provision, same point) one.
    make_bank(world.j1, {QuestionType.SINGLE: 40, QuestionType.MULTIPLE: 10}, start=500)
    blueprint = make_blueprint(world.j1, {QuestionType.SINGLE: 30, QuestionType.MULTIPLE: 10})
    exam = make_assessment(blueprint, world.a, staff=[world.worker_a], title="大卷")
    client.force_login(world.worker_a.user)
    with django_assert_num_queries(20):
        response = client.post(
            reverse("assessments:start", args=[exam.assignments.get().pk]), follow=False
        )
    assert response.status_code == 302 and "/attempts/" in response["Location"]
    assert Attempt.objects.get().slots.count() == 40


def test_take_page_queries_do_not_grow_with_the_paper(
    client, world, big_attempt, django_assert_num_queries
):
    client.force_login(world.worker_a.user)
    # None per question; no Wagtail userbar on this page (its permission check was 2 more).
    # session, user · the attempt · the slots with their last answers (one query)
    with django_assert_num_queries(4):
        response = client.get(reverse("assessments:take", args=[big_attempt.pk]))
    assert response.status_code == 200


def test_save_answer_query_budget(client, world, big_attempt, django_assert_num_queries):
    client.force_login(world.worker_a.user)
    slot = big_attempt.slots.order_by("number").first()
    body = json.dumps({"slot": slot.number, "response": [slot.option_order[0]]})
    # session, user with profile, then one statement: checks, locks, inserts (autocommit)
    with django_assert_num_queries(3):
        response = client.post(
            reverse("assessments:save", args=[big_attempt.pk]),
            body,
            content_type="application/json",
        )
    assert response.status_code == 200


def test_failing_submit_of_a_big_paper_costs_a_fixed_number_of_queries(
    client, world, big_attempt, django_assert_num_queries
):
    # Unanswered, so it fails: grading (one UPDATE for all 40 slots) plus going off post.
    client.force_login(world.worker_a.user)
    # 27, plus the training receiver's own transaction after commit (savepoint, the
    # locked attempt, "outcome already logged?", release): still independent of the paper.
    # Going off post also suspends the person's 上岗证 (find, update, audit) and looks up
    # their hours (the ledger's totals): 6 more, none of them per question.
    with django_assert_num_queries(37), committed():
        response = client.post(reverse("assessments:submit", args=[big_attempt.pk]))
    assert response.status_code == 302
    big_attempt.refresh_from_db()
    assert big_attempt.state == "graded" and big_attempt.passed is False
    assert big_attempt.slots.filter(result_state="").count() == 0
    world.worker_a.refresh_from_db()
    assert world.worker_a.status == "off_post_training"


def test_result_page_queries_do_not_grow_with_the_paper(
    client, world, big_attempt, django_assert_num_queries
):
    client.force_login(world.worker_a.user)
    client.post(reverse("assessments:submit", args=[big_attempt.pk]))
    with django_assert_num_queries(7):
        response = client.get(reverse("assessments:result", args=[big_attempt.pk]))
    assert response.status_code == 200


def test_dashboard_queries_do_not_grow_with_people(client, world, django_assert_num_queries):
    """Ten more people in several posts, half of them failed and off post."""
    from assessments.exams.services.answering import submit_attempt
    from assessments.models import Assignment
    from tests.exams.builders import answer_all
    from tests.factories import StaffProfileFactory

    for i in range(10):
        member = StaffProfileFactory(enterprise=world.a, post=f"岗位{i % 3}")
        # New staff join the open round after commit (signal); get_or_create is safe.
        assignment, _ = Assignment.objects.get_or_create(assessment=world.exam_a, staff=member)
        attempt = start_attempt(assignment)
        answer_all(attempt, correct=i % 2 == 0)
        submit_attempt(attempt)
    client.force_login(world.safety_manager_a.user)
    # 10: the page reads only (closing overdue papers is the worker's, not a GET's); one
    # of them counts the manager's reminders for the header.
    with django_assert_num_queries(10):
        response = client.get(reverse("oversight:enterprise", args=[world.a.pk]))
    assert response.status_code == 200
