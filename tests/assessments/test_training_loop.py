"""Fail → off post → training hours → re-test → sign-back, with every step audit-logged."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import TestCase
from django.utils import timezone

from accounts.vocab import EnterpriseType, StaffStatus
from assessments.exams.services.answering import save_answer, submit_attempt
from assessments.exams.services.errors import AssessmentError
from assessments.exams.services.papers import start_attempt
from safetykb.models import AuditEvent, AuditKind
from training.models import ProgrammeStatus, TrainingHoursRule, TrainingProgramme
from training.services import open_programme, record_training, sign_back

from .builders import make_blueprint, make_questions, open_assessment

pytestmark = pytest.mark.django_db


def take(assignment, key: str):
    attempt = start_attempt(assignment)
    for slot in attempt.slots.all():
        save_answer(attempt, slot.number, [key])
    with TestCase.captureOnCommitCallbacks(execute=True):  # the training receiver
        submit_attempt(attempt)
    attempt.refresh_from_db()
    return attempt


@pytest.fixture
def failed(enterprise, worker):
    make_questions(enterprise.jurisdiction, 12)
    blueprint = make_blueprint(enterprise.jurisdiction, rules=((5, "single"),))
    attempt = take(open_assessment(blueprint, enterprise, [worker]).assignments.get(), "A")
    worker.refresh_from_db()
    # The failure was three weeks ago: off-post hours are dated between it and today.
    TrainingProgramme.objects.filter(staff=worker).update(
        started_at=timezone.now() - timedelta(days=21)
    )
    return attempt


def day(n: int) -> date:
    """The n-th day of the off-post training (day 0: the day after the failure)."""
    return timezone.localdate() - timedelta(days=20 - n)


def test_failing_takes_the_person_off_post_with_72_hours_for_hazchem(failed, worker):
    assert failed.passed is False
    assert worker.status == StaffStatus.OFF_POST_TRAINING
    programme = open_programme(worker)
    assert programme.required_hours == 72
    kinds = list(AuditEvent.objects.filter(staff=worker).values_list("kind", flat=True))
    assert kinds == [AuditKind.ASSESSMENT_FAILED, AuditKind.STATUS_CHANGED]
    change = AuditEvent.objects.get(staff=worker, kind=AuditKind.STATUS_CHANGED)
    assert (change.from_status, change.to_status) == (
        StaffStatus.ON_POST,
        StaffStatus.OFF_POST_TRAINING,
    )


def test_pharmaceutical_enterprises_default_to_24_hours_and_rules_override(enterprise, worker):
    from training.services import required_hours

    enterprise.enterprise_type = EnterpriseType.PHARMACEUTICAL
    assert required_hours(enterprise) == 24
    TrainingHoursRule.objects.create(
        enterprise_type=EnterpriseType.PHARMACEUTICAL, required_hours=Decimal(32)
    )
    assert required_hours(enterprise) == 32


def test_the_full_loop_back_to_post(failed, worker, safety_manager):
    programme = open_programme(worker)
    manager = safety_manager.user
    record_training(
        programme,
        actor=manager,
        day=day(0),
        content="新上岗人员安全培训",
        hours=Decimal(8),
        trainer="李老师",
    )
    programme.refresh_from_db()
    assert programme.status == ProgrammeStatus.IN_TRAINING and programme.retest is None
    with pytest.raises(AssessmentError, match="复岗考核合格后"):
        sign_back(programme, actor=manager, remark="提前复岗")
    for n in range(1, 9):
        record_training(
            programme,
            actor=manager,
            day=day(n),
            content="岗位操作规程",
            hours=Decimal(8),
            trainer="王工",
        )
    programme.refresh_from_db()
    assert programme.hours_done == 72
    assert programme.status == ProgrammeStatus.RETEST_UNLOCKED
    retest_assignment = programme.retest.assignments.get()

    take(retest_assignment, "A")  # fails the re-test: stays in training
    programme.refresh_from_db()
    worker.refresh_from_db()
    assert programme.status == ProgrammeStatus.IN_TRAINING
    assert worker.status == StaffStatus.OFF_POST_TRAINING

    record_training(
        programme,
        actor=manager,
        day=day(9),
        content="补训",
        hours=Decimal(4),
        trainer="王工",
    )
    programme.refresh_from_db()
    assert programme.status == ProgrammeStatus.RETEST_UNLOCKED
    # The blueprint allows one attempt per assessment, so a new re-test was opened.
    take(programme.retest.assignments.get(), "B")
    programme.refresh_from_db()
    assert programme.status == ProgrammeStatus.RETEST_PASSED

    sign_back(programme, actor=manager, remark="复岗考核合格，同意上岗")
    worker.refresh_from_db()
    programme.refresh_from_db()
    assert worker.status == StaffStatus.ON_POST
    assert programme.status == ProgrammeStatus.RETURNED and programme.signed_back_by == manager
    timeline = list(AuditEvent.objects.filter(staff=worker).values_list("kind", flat=True))
    assert timeline[:2] == [AuditKind.ASSESSMENT_FAILED, AuditKind.STATUS_CHANGED]
    assert AuditKind.RETEST_FAILED in timeline and AuditKind.RETEST_PASSED in timeline
    assert timeline[-2:] == [AuditKind.SIGNED_BACK, AuditKind.STATUS_CHANGED]
    assert all(
        e.actor == manager for e in AuditEvent.objects.filter(kind=AuditKind.TRAINING_RECORDED)
    )


def test_only_the_enterprises_safety_manager_records_hours_or_signs_back(failed, worker, regulator):
    from tests.factories import EnterpriseFactory, StaffProfileFactory

    programme = open_programme(worker)
    other_manager = StaffProfileFactory(enterprise=EnterpriseFactory(), safety_manager=True)
    principal = StaffProfileFactory(enterprise=worker.enterprise, principal=True)
    for actor in (worker.user, regulator.user, other_manager.user, principal.user):
        with pytest.raises(AssessmentError, match="安全管理员"):
            record_training(
                programme,
                actor=actor,
                day=day(0),
                content="x",
                hours=Decimal(8),
                trainer="y",
            )
        with pytest.raises(AssessmentError, match="安全管理员"):
            sign_back(programme, actor=actor, remark="x")
    assert programme.records.count() == 0


def test_bad_training_entries_are_refused(failed, worker, safety_manager):
    programme = open_programme(worker)
    manager = safety_manager.user
    with pytest.raises(AssessmentError, match="学时"):
        record_training(
            programme,
            actor=manager,
            day=day(0),
            content="x",
            hours=Decimal(0),
            trainer="y",
        )
    with pytest.raises(AssessmentError, match="晚于今天"):
        record_training(
            programme,
            actor=manager,
            day=date(2999, 1, 1),
            content="x",
            hours=Decimal(2),
            trainer="y",
        )


def test_audit_events_cannot_be_changed_or_deleted(failed, worker):
    event = AuditEvent.objects.filter(staff=worker).first()
    event.reason = "篡改"
    with pytest.raises(ValueError, match="只能追加"):
        event.save()
    with pytest.raises(ValueError, match="只能追加"):
        event.delete()
