"""Exactly at the deadline a paper is past it, everywhere: `engine.is_expired` decides
(``now >= deadline``) and the query form (``deadline <= now``) agrees."""

from __future__ import annotations

from datetime import timedelta

import pytest

from assessments.exams.engine import is_expired
from assessments.exams.services.answering import (
    expire_if_overdue,
    expire_overdue_attempts,
    overdue_attempts,
    save_answer,
    submit_attempt,
)
from assessments.exams.services.errors import AssessmentError
from assessments.exams.services.papers import start_attempt
from assessments.models import Attempt, AttemptState
from safetykb.models import AuditEvent, AuditKind
from tests.exams.builders import correct_response

pytestmark = pytest.mark.django_db

TICK = timedelta(microseconds=1)


@pytest.fixture
def attempt(world) -> Attempt:
    return start_attempt(world.exam_a.assignments.get(staff=world.worker_a))


def first_slot(attempt: Attempt):
    return attempt.slots.select_related("question_version").order_by("number").first()


def test_a_save_just_before_the_deadline_is_kept(attempt):
    slot = first_slot(attempt)
    save_answer(attempt, slot.number, correct_response(slot), now=attempt.deadline - TICK)
    assert attempt.slots.get(number=slot.number).steps.count() == 1


def test_a_save_exactly_at_the_deadline_is_refused(attempt):
    slot = first_slot(attempt)
    with pytest.raises(AssessmentError, match="考试时间已到"):
        save_answer(attempt, slot.number, correct_response(slot), now=attempt.deadline)


def test_a_hand_in_exactly_at_the_deadline_is_the_systems_submit(world, attempt):
    submit_attempt(attempt, actor=world.worker_a.user, now=attempt.deadline)
    attempt.refresh_from_db()
    assert attempt.auto_submitted is True
    assert attempt.submitted_at == attempt.deadline
    assert AuditEvent.objects.filter(kind=AuditKind.AUTO_SUBMITTED, actor=None).count() == 1


def test_a_hand_in_just_before_the_deadline_is_the_persons(world, attempt):
    submit_attempt(attempt, actor=world.worker_a.user, now=attempt.deadline - TICK)
    attempt.refresh_from_db()
    assert attempt.auto_submitted is False
    assert not AuditEvent.objects.filter(kind=AuditKind.AUTO_SUBMITTED).exists()


def test_expiry_and_its_query_agree_at_the_deadline(attempt):
    deadline = attempt.deadline
    for now, expired in ((deadline - TICK, False), (deadline, True)):
        assert is_expired(now, deadline) is expired
        assert overdue_attempts(Attempt.objects.all(), now).filter(pk=attempt.pk).exists() is (
            expired
        )
        assert (expire_if_overdue(attempt, now=now).state != AttemptState.IN_PROGRESS) is expired
        attempt.refresh_from_db()


def test_the_sweep_closes_a_paper_exactly_at_its_deadline(attempt):
    assert expire_overdue_attempts(now=attempt.deadline - TICK) == 0
    assert expire_overdue_attempts(now=attempt.deadline) == 1
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.GRADED and attempt.auto_submitted is True
