"""The training side reacts to a grade through ``attempt_graded``, sent after commit.

The exam services import nothing of training; the receiver is idempotent, a kind that
does not count for status changes nothing, and a consequence lost to a crash between the
grade's commit and the receiver is caught up by the tick.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.core.management import call_command

from accounts.vocab import StaffStatus
from assessments.exams.services.answering import submit_attempt
from assessments.exams.services.papers import start_attempt
from assessments.exams.signals import attempt_graded
from assessments.models import AssessmentKind, Attempt, AttemptState
from safetykb.models import AuditEvent, AuditKind
from tests.exams.builders import answer_all
from training import services as training
from training.models import TrainingProgramme

pytestmark = pytest.mark.django_db

EXAMS = Path(__file__).resolve().parents[2] / "assessments" / "exams"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed(): …`` runs the block's after-commit callbacks at its end."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def failed_paper(world) -> Attempt:
    attempt = start_attempt(world.exam_a.assignments.get(staff=world.worker_a))
    answer_all(attempt, correct=False)
    return attempt


def off_post_consequences(world) -> tuple[str, int, int]:
    world.worker_a.refresh_from_db()
    return (
        world.worker_a.status,
        TrainingProgramme.objects.filter(staff=world.worker_a).count(),
        AuditEvent.objects.filter(kind=AuditKind.ASSESSMENT_FAILED).count(),
    )


def test_the_exam_side_does_not_import_training():
    imported = [
        (path.name, node.module or "")
        for path in EXAMS.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom)
    ]
    assert len(imported) > 100  # the scan sees the exam side
    assert not [(name, module) for name, module in imported if module.startswith("training")]


def test_the_event_is_sent_after_commit_with_ids_and_flags(
    world, django_capture_on_commit_callbacks
):
    received = []

    def listener(sender, **kwargs):
        received.append({key: kwargs[key] for key in ("attempt_id", "passed", "auto")})

    attempt = failed_paper(world)
    attempt_graded.connect(listener, sender=Attempt, dispatch_uid="test_listener")
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            submit_attempt(attempt, actor=world.worker_a.user)
        assert received == []  # nothing before the commit
        assert off_post_consequences(world) == (StaffStatus.ON_POST, 0, 0)
        for callback in callbacks:
            callback()
    finally:
        attempt_graded.disconnect(sender=Attempt, dispatch_uid="test_listener")
    assert received == [{"attempt_id": attempt.pk, "passed": False, "auto": False}]
    assert off_post_consequences(world) == (StaffStatus.OFF_POST_TRAINING, 1, 1)


def test_a_second_delivery_changes_nothing(world, committed):
    attempt = failed_paper(world)
    with committed():
        submit_attempt(attempt, actor=world.worker_a.user)
    events = AuditEvent.objects.count()
    attempt_graded.send(sender=Attempt, attempt_id=attempt.pk, passed=False, auto=False)
    assert training.on_attempt_graded(attempt.pk) is False
    assert off_post_consequences(world) == (StaffStatus.OFF_POST_TRAINING, 1, 1)
    assert AuditEvent.objects.count() == events


def test_a_kind_that_does_not_count_for_status_changes_nothing(world, committed, monkeypatch):
    # As a practice paper or an on-site spot test would: graded, shown, no consequence.
    monkeypatch.setattr(
        training, "COUNTS_FOR_STATUS", frozenset({AssessmentKind.SURPRISE, AssessmentKind.RETEST})
    )
    attempt = failed_paper(world)
    with committed():
        submit_attempt(attempt, actor=world.worker_a.user)
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.GRADED and attempt.passed is False
    assert off_post_consequences(world) == (StaffStatus.ON_POST, 0, 0)
    assert training.apply_missing_outcomes() == 0  # the tick leaves it alone too
    assert off_post_consequences(world) == (StaffStatus.ON_POST, 0, 0)


def test_a_crash_between_the_commit_and_the_consequence_is_caught_up_by_the_tick(
    world, committed, monkeypatch
):
    def crash(attempt):
        raise RuntimeError("worker killed")

    attempt = failed_paper(world)
    with monkeypatch.context() as patch:
        patch.setattr(training, "apply_result", crash)
        with committed():  # robust: the receiver's error is logged, the grade stands
            submit_attempt(attempt, actor=world.worker_a.user)
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.GRADED and attempt.passed is False
    assert off_post_consequences(world) == (StaffStatus.ON_POST, 0, 0)

    call_command("tick", verbosity=0)
    call_command("tick", verbosity=0)
    assert off_post_consequences(world) == (StaffStatus.OFF_POST_TRAINING, 1, 1)
    off_post = AuditEvent.objects.get(kind=AuditKind.STATUS_CHANGED, staff=world.worker_a)
    assert off_post.actor is None and off_post.rule == "考核不合格，转脱产培训"


def test_the_training_receiver_is_connected_once(world):
    receivers = [key for key, *_ in attempt_graded.receivers]
    assert sum(1 for key in receivers if key[0] == "training_outcome") == 1
