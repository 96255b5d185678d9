"""New staff join the open routine rounds after their profile is committed, through a
service that takes an id: a rolled-back creation enrols nobody."""

from __future__ import annotations

import pytest
from django.db import transaction

from assessments.exams.services.launching import create_routine_round, enroll_staff_in_open_rounds
from assessments.models import Assignment, RoutineSchedule
from tests.factories import StaffProfileFactory

from .builders import make_blueprint

pytestmark = pytest.mark.django_db


class RolledBack(Exception):
    pass


@pytest.fixture
def open_round(enterprise):
    blueprint = make_blueprint(enterprise.jurisdiction, levels=["operator"])
    schedule = RoutineSchedule.objects.create(
        blueprint=blueprint, enterprise=enterprise, frequency="monthly"
    )
    return create_routine_round(schedule)


def test_a_committed_new_hire_is_enrolled_after_the_commit(
    enterprise, open_round, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        newcomer = StaffProfileFactory(enterprise=enterprise, level="operator")
    assert not Assignment.objects.filter(staff=newcomer).exists()  # nothing before commit
    for callback in callbacks:
        callback()
    assert list(Assignment.objects.filter(staff=newcomer).values_list("assessment", flat=True)) == [
        open_round.pk
    ]


def test_a_rolled_back_profile_creation_enrols_nobody(
    enterprise, open_round, django_capture_on_commit_callbacks
):
    before = Assignment.objects.count()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RolledBack),
        transaction.atomic(),
    ):
        StaffProfileFactory(enterprise=enterprise, level="operator")
        raise RolledBack
    assert callbacks == []  # the savepoint's callbacks went with it
    assert Assignment.objects.count() == before


def test_the_service_takes_an_id_and_tolerates_a_vanished_profile(enterprise, open_round):
    newcomer = StaffProfileFactory(enterprise=enterprise, level="operator")
    assert enroll_staff_in_open_rounds(newcomer.pk) == 1
    assert enroll_staff_in_open_rounds(newcomer.pk) == 0  # get_or_create: once
    assert enroll_staff_in_open_rounds(10**9) == 0
