"""开始 in one statement from a prepared paper: the same attempt as the full path, or
nothing stored and the full path takes over (resume, late joiner, refusal)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.vocab import StaffStatus
from assessments.bank.services import save_question
from assessments.exams.services.papers import start_attempt
from assessments.exams.services.prepared_start import start_prepared
from assessments.models import (
    Assessment,
    Assignment,
    Attempt,
    AttemptSlot,
    PreparedPaper,
    Question,
    QuestionVersion,
)
from tests.exams.conftest import login
from tests.exams.test_prepared_papers import open_round

pytestmark = pytest.mark.django_db


def snapshot(attempt_id: int) -> tuple:
    """Everything an attempt row and its slots hold, and which versions are frozen."""
    attempt = Attempt.objects.values(
        "assignment_id",
        "number",
        "state",
        "seed",
        "started_at",
        "deadline",
        "submitted_at",
        "auto_submitted",
        "graded_at",
        "score",
        "passed",
        "pass_mark",
        "total_points",
        "multiple_scoring",
    ).get(pk=attempt_id)
    slots = list(
        AttemptSlot.objects.filter(attempt_id=attempt_id)
        .order_by("number")
        .values_list(
            "number",
            "question_version_id",
            "option_order",
            "points",
            "fraction",
            "points_awarded",
            "result_state",
        )
    )
    frozen = set(
        QuestionVersion.objects.filter(
            pk__in=[slot[1] for slot in slots], used_at__isnull=False
        ).values_list("pk", flat=True)
    )
    return attempt, slots, frozen


def test_the_one_statement_start_is_the_full_paths_attempt(world):
    assignment = open_round(world)
    prepared = PreparedPaper.objects.get(assignment=assignment)
    now = timezone.now()
    with transaction.atomic():
        started = start_prepared(assignment.pk, world.worker_a, now=now)
        assert started is not None
        fast = snapshot(started.attempt_id)
        assert not PreparedPaper.objects.filter(assignment=assignment).exists()  # taken
        transaction.set_rollback(True)
    assert PreparedPaper.objects.filter(assignment=assignment).exists()  # undone

    full = snapshot(start_attempt(assignment, now=now).pk)

    assert fast == full
    attempt, slots, frozen = fast
    assert attempt["seed"] == prepared.seed and attempt["number"] == 1
    assert attempt["deadline"] == now + timedelta(minutes=30)  # the blueprint's limit
    assert [(n, v, o) for n, v, o, *_ in slots] == [
        (item["n"], item["v"], item["o"]) for item in prepared.slots
    ]
    assert frozen == {v for _, v, *_ in slots}
    assert started.deadline == attempt["deadline"]
    assert started.assessment_id == assignment.assessment_id


def test_the_deadline_is_the_window_close_when_that_comes_first(world):
    assignment = open_round(world)
    closes = timezone.now() + timedelta(minutes=10)
    Assessment.objects.filter(pk=assignment.assessment_id).update(closes_at=closes)
    started = start_prepared(assignment.pk, world.worker_a, now=timezone.now())
    assert started is not None and started.deadline == closes


def test_a_second_start_resumes_the_same_attempt(client, world):
    assignment = open_round(world)
    login(client, world.worker_a)
    first = client.post(reverse("assessments:start", args=[assignment.pk]))
    second = client.post(reverse("assessments:start", args=[assignment.pk]))
    assert first["Location"] == second["Location"]
    assert assignment.attempts.count() == 1
    assert AttemptSlot.objects.filter(attempt__assignment=assignment).count() == 5


def test_a_late_joiner_without_a_prepared_paper_gets_a_fresh_draw(client, world):
    assignment = open_round(world)
    PreparedPaper.objects.filter(assignment=assignment).delete()  # enrolled after opening
    assert start_prepared(assignment.pk, world.worker_a, now=timezone.now()) is None
    login(client, world.worker_a)
    response = client.post(reverse("assessments:start", args=[assignment.pk]))
    attempt = assignment.attempts.get()
    assert response["Location"] == reverse("assessments:take", args=[attempt.pk])
    assert attempt.slots.count() == 5


def test_a_paper_that_no_longer_holds_is_left_to_the_full_path(client, world):
    assignment = open_round(world)
    prepared = PreparedPaper.objects.get(assignment=assignment)
    question = Question.objects.get(pk=prepared.slots[0]["q"])
    question.stem = "改过的题干（ ）"
    save_question(question, user=None)  # unused version: edited in place, new content hash
    assert start_prepared(assignment.pk, world.worker_a, now=timezone.now()) is None
    assert PreparedPaper.objects.filter(assignment=assignment).exists()  # nothing taken
    login(client, world.worker_a)
    client.post(reverse("assessments:start", args=[assignment.pk]))
    attempt = assignment.attempts.get()
    assert attempt.seed != prepared.seed  # drawn afresh by the full path
    stems = attempt.slots.values_list("question_version__content__stem", flat=True)
    assert set(stems) <= set(Question.objects.values_list("stem", flat=True))  # as they stand


@pytest.mark.parametrize(
    "change",
    ["closed", "not yet open", "not launched", "someone else", "off post", "started before"],
)
def test_the_one_statement_refuses_what_the_full_path_would_check(world, change):
    assignment = open_round(world)
    assessment = assignment.assessment
    staff = world.worker_a
    now = timezone.now()
    if change == "closed":
        now = assessment.closes_at
    elif change == "not yet open":
        now = assessment.opens_at - timedelta(seconds=1)
    elif change == "not launched":
        Assessment.objects.filter(pk=assessment.pk).update(is_launched=False)
    elif change == "someone else":
        staff = world.colleague_a
    elif change == "off post":
        staff.status = StaffStatus.OFF_POST_TRAINING
    elif change == "started before":
        # The person sat another exam since the paper was drawn: its questions are seen.
        start_attempt(world.exam_a.assignments.get(staff=world.worker_a))
    assert start_prepared(assignment.pk, staff, now=now) is None
    assert not Attempt.objects.filter(assignment=assignment).exists()
    assert PreparedPaper.objects.filter(assignment=assignment).exists()


def test_a_second_attempt_is_the_full_paths(world):
    assignment = open_round(world)
    start_attempt(assignment)  # the first attempt, by the full path
    PreparedPaper.objects.create(
        assignment=assignment,
        seed=1,
        slots=[],
        audience=[world.a.pk, "", "", ""],
        drawn_at=timezone.now() - timedelta(days=1),
    )
    assert start_prepared(assignment.pk, world.worker_a, now=timezone.now()) is None
    assert Assignment.objects.get(pk=assignment.pk).attempts.count() == 1
