"""Recording answers, the daily set, offline sync and exam mistakes, on PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import StaffProfile
from assessments.exams.services.answering import submit_attempt
from assessments.exams.services.papers import start_attempt
from assessments.models import Attempt, AttemptSlot, Question, ReviewPolicy
from practice.models import AnswerSource, ExamHarvest, PracticeAnswer, PracticeCard
from practice.selectors import progress, todays_set
from practice.services import (
    PracticeError,
    harvest_exam_mistakes,
    record_answer,
    set_favourite,
    sync_answers,
)
from safetykb.models import AuditEvent
from tests.exams.builders import answer_all
from tests.exams.conftest import world
from tests.practice.helpers import answer_item

pytestmark = pytest.mark.django_db

__all__ = ["world"]  # the exams' two-jurisdiction world fixture


def answer(staff, question_id, *, correct, **extra):
    return record_answer(staff, **answer_item(question_id, correct=correct, **extra))


def j1_questions(world):
    return list(
        Question.objects.filter(jurisdiction=world.j1, enterprise=None).values_list("pk", flat=True)
    )


def test_a_wrong_answer_is_graded_scheduled_and_put_in_the_book(world):
    question_id = j1_questions(world)[0]
    feedback = answer(world.worker_a, question_id, correct=False)
    assert not feedback.correct
    assert feedback.in_book
    assert feedback.explanation.startswith("解析标记XQZ")
    card = PracticeCard.objects.get(staff=world.worker_a, question_id=question_id)
    assert card.in_book and card.wrong_count == 1 and card.seen_count == 1
    assert card.state["stability"] == pytest.approx(0.212)
    assert timezone.now() + timedelta(hours=23) < card.due < timezone.now() + timedelta(hours=25)


def test_the_same_client_id_twice_is_one_answer(world):
    question_id = j1_questions(world)[0]
    client_id = str(uuid.uuid4())
    first = answer(world.worker_a, question_id, correct=True, client_id=client_id)
    again = answer(world.worker_a, question_id, correct=False, client_id=client_id)
    assert first == again and first.correct
    assert PracticeAnswer.objects.count() == 1
    assert PracticeCard.objects.get().seen_count == 1


def test_another_persons_client_id_is_not_theirs(world):
    question_id = j1_questions(world)[0]
    client_id = str(uuid.uuid4())
    answer(world.worker_a, question_id, correct=True, client_id=client_id)
    with pytest.raises(PracticeAnswer.DoesNotExist):
        answer(world.colleague_a, question_id, correct=True, client_id=client_id)


def test_a_question_of_another_jurisdiction_is_refused(world):
    foreign = Question.objects.filter(jurisdiction=world.j2).values_list("pk", flat=True)[0]
    with pytest.raises(PracticeError, match="不在您的题库中"):
        answer(world.worker_a, foreign, correct=True)


def test_the_daily_set_has_five_of_the_persons_bank_and_shrinks_as_they_answer(world):
    first = todays_set(world.worker_a)
    assert len(first) == 5
    assert set(first) <= set(j1_questions(world))
    assert todays_set(world.worker_a) == first  # same on every reload
    answer(world.worker_a, first[0], correct=True)
    answer(world.worker_a, first[1], correct=False)
    assert todays_set(world.worker_a) == first[2:]
    line = progress(world.worker_a)
    assert (line.done_today, line.seen, line.in_book, line.streak) == (2, 2, 1, 1)


def test_questions_on_an_open_paper_are_neither_drawn_nor_accepted(world):
    attempt = start_attempt(world.exam_a.assignments.get(staff=world.worker_a))
    on_paper = set(
        AttemptSlot.objects.filter(attempt=attempt).values_list(
            "question_version__question_id", flat=True
        )
    )
    for _ in range(2):  # the bank has 10 questions, the paper 5: the set is the other 5
        chosen = todays_set(world.worker_a)
        assert chosen and not set(chosen) & on_paper
    with pytest.raises(PracticeError, match="考试"):
        answer(world.worker_a, next(iter(on_paper)), correct=True)


def test_sync_records_each_answer_once_oldest_first_and_reports_refusals(world):
    q1, q2 = j1_questions(world)[:2]
    now = timezone.now()
    early = answer_item(q1, correct=False, answered_at=(now - timedelta(hours=2)).isoformat())
    late = answer_item(q1, correct=True, answered_at=(now - timedelta(hours=1)).isoformat())
    broken = {"client_id": str(uuid.uuid4()), "question_id": q2, "version_id": 0, "response": 5}
    results = sync_answers(world.worker_a, [late, early, broken, early])
    assert [r.client_id for r in results if r.feedback] == [early["client_id"]] * 2 + [
        late["client_id"]
    ]
    assert [r.error for r in results if not r.feedback] == [
        "作答格式不正确：应为选项字母或填空文字的列表。"
    ]
    card = PracticeCard.objects.get(staff=world.worker_a, question_id=q1)
    assert (card.seen_count, card.wrong_count, card.right_count) == (2, 1, 1)
    assert card.in_book and len(card.right_days) == 1


def test_favourite_keeps_a_question_listed(world):
    question_id = j1_questions(world)[0]
    set_favourite(world.worker_a, question_id, True)
    card = PracticeCard.objects.get(staff=world.worker_a, question_id=question_id)
    assert card.favourite and not card.in_book and card.seen_count == 0


def test_practice_never_touches_status_hours_attempts_or_the_audit_log(world):
    from training.models import TrainingProgramme, TrainingRecord

    staff_before = list(StaffProfile.objects.order_by("pk").values())
    counts_before = [
        m.objects.count() for m in (Attempt, AuditEvent, TrainingRecord, TrainingProgramme)
    ]
    for question_id in j1_questions(world):
        answer(world.worker_a, question_id, correct=False)
    sync_answers(world.worker_a, [answer_item(j1_questions(world)[0], correct=False)])
    assert PracticeAnswer.objects.count() == len(j1_questions(world)) + 1
    assert list(StaffProfile.objects.order_by("pk").values()) == staff_before
    assert [
        m.objects.count() for m in (Attempt, AuditEvent, TrainingRecord, TrainingProgramme)
    ] == counts_before


def failed_attempt(world, policy):
    world.blueprint_1.review_policy = policy
    world.blueprint_1.save()
    attempt = start_attempt(world.exam_a.assignments.get(staff=world.worker_a))
    answer_all(attempt, correct=False)
    return submit_attempt(attempt, actor=world.worker_a.user)


def test_exam_mistakes_enter_the_book_once_the_review_is_visible(world):
    attempt = failed_attempt(world, ReviewPolicy.AFTER_SUBMIT)
    assert harvest_exam_mistakes() == 1
    assert harvest_exam_mistakes() == 0  # each attempt once
    on_paper = set(attempt.slots.values_list("question_version__question_id", flat=True))
    cards = PracticeCard.objects.filter(staff=world.worker_a)
    assert set(cards.filter(in_book=True).values_list("question_id", flat=True)) == on_paper
    assert PracticeAnswer.objects.filter(source=AnswerSource.EXAM).count() == len(on_paper)
    assert ExamHarvest.objects.get(attempt=attempt).mistakes == len(on_paper)


def test_exam_mistakes_wait_for_the_close_or_never_come_when_only_the_score_is_shown(world):
    attempt = failed_attempt(world, ReviewPolicy.AFTER_CLOSE)
    assert harvest_exam_mistakes() == 0
    later = world.exam_a.closes_at + timedelta(minutes=1)
    assert harvest_exam_mistakes(now=later) == 1
    assert PracticeCard.objects.filter(staff=world.worker_a, in_book=True).count() == 5

    ExamHarvest.objects.all().delete()
    PracticeAnswer.objects.all().delete()
    world.blueprint_1.review_policy = ReviewPolicy.SCORE_ONLY
    world.blueprint_1.save()
    assert harvest_exam_mistakes(now=later) == 0
    assert not ExamHarvest.objects.filter(attempt=attempt).exists()


def test_the_minute_tick_takes_exam_mistakes_into_the_book(world):
    from django.core.management import call_command

    failed_attempt(world, ReviewPolicy.AFTER_SUBMIT)
    call_command("tick")
    call_command("tick")
    assert PracticeCard.objects.filter(staff=world.worker_a, in_book=True).count() == 5
    assert ExamHarvest.objects.count() == 1
