"""The practice demo: the demo worker has a streak, a 错题本 with questions due today and
one finished 模拟考试, and reloading the demo adds nothing."""

from __future__ import annotations

import pytest
from django.utils import timezone

from accounts.demo import load_demo_people
from assessments.demo import ensure_bank_manager_group
from practice.models import MockPaper, PracticeAnswer, PracticeCard
from practice.scheduling import end_of_day
from practice.selectors import progress, todays_set
from safetykb.demo.exams import load_demo_bank, load_demo_exams
from safetykb.demo.practice import load_demo_practice
from tests.exams.conftest import committed

pytestmark = pytest.mark.django_db


def test_the_demo_worker_has_a_streak_and_due_items_in_the_book():
    with committed():
        load_demo_people()
        ensure_bank_manager_group()
        load_demo_bank()
        load_demo_exams()
    lines = load_demo_practice()
    assert any("完成一次模拟考试" in line for line in lines), lines
    from accounts.models import StaffProfile

    worker = StaffProfile.objects.get(user__username="worker")
    line = progress(worker)
    assert line.streak == 5
    assert line.done_today == 0
    # Due today as the book shows it (下次复习 is a date), at any hour of the day.
    due_in_book = PracticeCard.objects.filter(
        staff=worker, in_book=True, due__lt=end_of_day(timezone.localtime())
    ).values_list("question_id", flat=True)
    assert due_in_book
    assert set(due_in_book) & set(todays_set(worker))  # today's set starts with what is due

    mock = MockPaper.objects.get(staff=worker)
    assert mock.is_submitted and mock.score is not None and mock.slots.count() == 20

    answers = PracticeAnswer.objects.count()
    assert load_demo_practice() == []
    assert PracticeAnswer.objects.count() == answers
    assert MockPaper.objects.count() == 1
