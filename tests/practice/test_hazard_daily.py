"""The daily set keeps a question on the hazards of the person's workplace, read from the
hazard register (leadership) through the port in ``accounts.hazards``."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.models import Question, QuestionType
from leadership.models import EnterpriseProcess, HazardChemical, MajorHazardSource
from practice.models import PracticeSettings
from practice.selectors import hazard_question_ids, pool_with_stems, todays_set
from practice.services import record_answer
from tests.exams.conftest import world
from tests.factories import QuestionFactory
from tests.practice.helpers import answer_item

pytestmark = pytest.mark.django_db

__all__ = ["world"]  # the exams' two-jurisdiction world fixture


def test_a_question_on_the_enterprises_process_is_in_every_days_set(world):
    PracticeSettings.objects.create(enterprise=world.a, daily_count=1)
    hazard = QuestionFactory(
        jurisdiction=world.j1, stem="下列关于反应釜的说法正确的是（ ）", topics=["合成氨"]
    ).pk
    # A question answered wrong two days ago is due today and would take the one place.
    due = Question.objects.filter(jurisdiction=world.j1).exclude(pk=hazard).first().pk
    two_days_ago = timezone.now() - timedelta(days=2)
    record_answer(
        world.worker_a,
        **answer_item(due, correct=False),
        answered_at=two_days_ago,
        now=two_days_ago,
    )
    assert todays_set(world.worker_a) == (due,)

    EnterpriseProcess.objects.create(enterprise=world.a, process="ammonia", unit="合成氨装置")
    assert todays_set(world.worker_a) == (hazard,)
    assert hazard_question_ids(world.worker_a, pool_with_stems(world.worker_a)) == {hazard}
    # Another enterprise's register is not this person's.
    assert hazard_question_ids(world.worker_b, pool_with_stems(world.worker_b)) == set()

    # Answered today, the promise is kept: the due card has its place back (count 2 now).
    PracticeSettings.objects.filter(enterprise=world.a).update(daily_count=2)
    record_answer(world.worker_a, **answer_item(hazard, correct=True))
    assert todays_set(world.worker_a) == (due,)


def test_a_major_hazard_sources_chemical_in_a_stem_makes_a_hazard_question(world):
    PracticeSettings.objects.create(enterprise=world.a, daily_count=1)
    hazard = QuestionFactory(
        jurisdiction=world.j1, type=QuestionType.SINGLE, stem="液氨储罐区应当设置（ ）"
    ).pk
    source = MajorHazardSource.objects.create(
        enterprise=world.a, name="液氨罐区", grade="3", location="东北角"
    )
    HazardChemical.objects.create(source=source, name="液氨", quantity=120)
    for day in range(3):  # whatever the day's random order
        now = timezone.now() + timedelta(days=day)
        assert todays_set(world.worker_a, now=now) == (hazard,)
