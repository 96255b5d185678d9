"""The off-post programme's hours are ledger entries of kind 脱产培训, under its rules."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from assessments.exams.services.errors import AssessmentError
from safetykb.audit import SYSTEM
from tests.training_ledger.conftest import TODAY
from training.ledger import correct_entry
from training.models import HoursEntry, TrainingProgramme, TrainingRecord
from training.selectors import with_hours
from training.services import record_training, send_to_offpost_training

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(world):
    member = world.workers[0]
    programme = send_to_offpost_training(member, failed_attempt=None, actor=SYSTEM, rule="测试")
    TrainingProgramme.objects.filter(pk=programme.pk).update(
        started_at=timezone.now() - dt.timedelta(days=5)
    )
    programme.refresh_from_db()
    return programme


def enter(world, programme, day, hours):
    return record_training(
        programme,
        actor=world.manager_a.user,
        day=day,
        content="危险化学品安全知识",
        hours=Decimal(hours),
        trainer="王老师",
    )


def test_the_issues_case_is_refused_three_times_24_hours_years_before_the_failure(world, programme):
    long_before = TODAY() - dt.timedelta(days=6 * 365)
    with pytest.raises(AssessmentError, match="考核不合格之日"):
        enter(world, programme, long_before, 24)
    with pytest.raises(AssessmentError, match="超过每人每天 8 学时"):
        enter(world, programme, TODAY(), 24)
    assert programme.hours_done == 0 and not HoursEntry.objects.exists()
    assert not TrainingRecord.objects.exists()  # the legacy table is written with the ledger


def test_programme_hours_are_read_from_the_ledger(world, programme):
    for n in range(3):
        enter(world, programme, TODAY() - dt.timedelta(days=n), 8)
    entries = HoursEntry.objects.filter(session__programme=programme)
    assert entries.count() == 3 and set(entries.values_list("kind", flat=True)) == {"off_post"}
    assert programme.hours_done == 24
    assert TrainingRecord.objects.filter(programme=programme).count() == 3
    wrong = entries.first()
    correct_entry(
        wrong, actor=world.manager_a.user, hours=Decimal(0), on=wrong.on, reason="重复登记"
    )
    assert programme.hours_done == 16
    assert with_hours(TrainingProgramme.objects.filter(pk=programme.pk)).get().done == 16
