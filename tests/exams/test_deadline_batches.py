"""Papers close at their deadline through one task per assessment and deadline batch,
enqueued once per batch however many people start, and each paper closes once."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from unittest.mock import patch

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tasks import default_task_backend

from assessments.exams.services import deadlines
from assessments.exams.services.deadlines import BATCH_SECONDS, batch_end
from assessments.exams.services.papers import start_attempt
from assessments.exams.services.prepared_start import start_prepared
from assessments.exams.tasks import close_overdue_attempts
from assessments.models import Attempt, AttemptState
from safetykb.models import AuditEvent, AuditKind
from tests.exams.conftest import committed
from tests.exams.test_prepared_papers import open_round

BATCH = timedelta(seconds=BATCH_SECONDS)


@pytest.mark.parametrize("offset", [0, 0.000001, 1, 17.5, 29.999999, 30])
def test_a_deadline_closes_within_its_batch(offset):
    start = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)
    deadline = start + timedelta(seconds=offset)
    end = batch_end(deadline)
    assert timedelta(0) <= end - deadline < BATCH
    assert end == (start if offset == 0 else start + BATCH)


@contextmanager
def task_queue():
    """A task backend that keeps what is enqueued, as the database queue does until a
    worker runs it; and a web process that has enqueued nothing yet."""
    with (
        patch.object(deadlines, "_enqueued", set()),
        override_settings(
            TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
        ),
    ):
        yield default_task_backend


def closing_tasks(backend) -> list[tuple[datetime, list]]:
    return [
        (result.task.run_after, list(result.args))
        for result in backend.results
        if result.task.name == "close_overdue_attempts"
    ]


@pytest.mark.django_db
def test_starts_in_one_batch_enqueue_one_task(world):
    assignment = open_round(world)  # papers drawn ahead for the round
    first, second, later = assignment.assessment.assignments.exclude(pk=assignment.pk)[:3]
    now = batch_end(timezone.now()) + timedelta(seconds=1)
    with task_queue() as queue:
        with committed():
            fast = start_prepared(assignment.pk, world.worker_a, now=now)  # one statement
            start_attempt(first, now=now + timedelta(seconds=1))  # the full path
            start_attempt(second, now=now + timedelta(seconds=2))
        assert fast is not None
        assert closing_tasks(queue) == [
            (batch_end(fast.deadline) + timedelta(seconds=1), [assignment.assessment_id])
        ]
        # A deadline in the next batch: the next batch's task.
        with committed():
            start_attempt(later, now=now + BATCH)
        assert len(closing_tasks(queue)) == 2


@pytest.mark.django_db
def test_the_batch_task_closes_each_overdue_paper_once(world):
    late, on_time = (start_attempt(a) for a in world.exam_a.assignments.order_by("pk"))
    elsewhere = start_attempt(world.exam_b.assignments.get())
    past = timezone.now() - timedelta(seconds=5)
    Attempt.objects.filter(pk__in=[late.pk, elsewhere.pk]).update(deadline=past)

    assert close_overdue_attempts.call(world.exam_a.pk) == 1
    assert close_overdue_attempts.call(world.exam_a.pk) == 0  # a second run finds it closed

    states = dict(Attempt.objects.values_list("pk", "state"))
    assert states[late.pk] == AttemptState.GRADED
    assert states[on_time.pk] == AttemptState.IN_PROGRESS  # its deadline is to come
    assert states[elsewhere.pk] == AttemptState.IN_PROGRESS  # another assessment's batch
    closings = AuditEvent.objects.filter(kind=AuditKind.AUTO_SUBMITTED)
    assert list(closings.values_list("data__attempt_id", flat=True)) == [late.pk]
