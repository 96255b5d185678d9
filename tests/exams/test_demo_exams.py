"""The exam demo (`load_demo` → site/safetykb/demo/exams.py): what the issue asks of it, and
that reloading it (`make run` does, every time) keeps the people it sent off post there."""

from __future__ import annotations

import pytest

from accounts.demo import load_demo_people
from accounts.models import Enterprise, StaffProfile
from accounts.vocab import StaffStatus
from assessments.demo import ensure_bank_manager_group
from assessments.models import Assessment, AssessmentKind, Attempt, ExamBlueprint, RoutineSchedule
from safetykb.demo.exams import load_demo_bank, load_demo_exams
from tests.exams.conftest import committed
from training.models import ProgrammeStatus
from training.services import open_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    with committed():  # the grades' consequences run after commit, as in load_demo
        load_demo_people()
        ensure_bank_manager_group()
        load_demo_bank()
        load_demo_exams()


def test_every_enterprise_has_a_routine_schedule_per_level(demo):
    blueprints = ExamBlueprint.objects.count()
    assert blueprints >= 4
    for enterprise in Enterprise.objects.all():
        schedules = RoutineSchedule.objects.filter(enterprise=enterprise)
        assert schedules.count() == blueprints
        assert all(s.rounds.filter(is_launched=True).exists() for s in schedules)


def test_finished_attempts_pass_and_fail_and_one_person_is_halfway_through_training(demo):
    graded = Attempt.objects.filter(state="graded")
    assert graded.filter(passed=True).exists() and graded.filter(passed=False).exists()
    off_post = StaffProfile.objects.filter(status=StaffStatus.OFF_POST_TRAINING)
    assert off_post.exists()
    # Nobody is off post without a training programme, and one is halfway through it.
    programmes = [open_programme(staff) for staff in off_post]
    assert all(p is not None and p.status == ProgrammeStatus.IN_TRAINING for p in programmes)
    assert any(0 < p.hours_done < p.required_hours for p in programmes)


def test_a_surprise_assessment_is_ready_to_launch_and_invisible_until_then(demo):
    surprise = Assessment.objects.get(kind=AssessmentKind.SURPRISE)
    assert not surprise.is_launched and not surprise.assignments.exists()
    assert surprise.sample_count or surprise.sample_percent


def test_reloading_the_demo_keeps_who_is_off_post(demo):
    before = set(
        StaffProfile.objects.filter(status=StaffStatus.OFF_POST_TRAINING).values_list(
            "pk", flat=True
        )
    )
    with committed():
        load_demo_people()
        load_demo_exams()
    after = set(
        StaffProfile.objects.filter(status=StaffStatus.OFF_POST_TRAINING).values_list(
            "pk", flat=True
        )
    )
    assert before and after == before
