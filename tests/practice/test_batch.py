"""The whole enterprise's daily sets at once: the same sets as ``todays_set`` per person
(hazard questions included), in a fixed number of queries however many people."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import StaffProfile
from accounts.vocab import Level, Specialty
from assessments.exams.services.papers import start_attempt
from leadership.models import EnterpriseProcess
from practice.batch import draw_daily_sets
from practice.models import PracticeSettings
from practice.selectors import practice_pool, todays_set
from practice.services import record_answer
from tests.exams.conftest import world
from tests.factories import QuestionFactory, person
from tests.practice.helpers import answer_item

pytestmark = pytest.mark.django_db

__all__ = ["world"]  # the exams' two-jurisdiction world fixture

#: people, the daily count, the bank, the hazard register (processes, sources with their
#: chemicals), today's answers, the cards, open papers, the provisions cited.
QUERIES = 9


def answer(staff, question_id, *, correct, at, now):
    return record_answer(
        staff, **answer_item(question_id, correct=correct), answered_at=at, now=now
    )


def test_the_batch_gives_everyone_the_set_the_page_gives(world):
    a = world.a
    now = timezone.now()
    PracticeSettings.objects.create(enterprise=a, daily_count=4)
    # Questions for some layers only, and each enterprise's own bank.
    QuestionFactory(jurisdiction=world.j1, levels=[Level.PRINCIPAL])
    QuestionFactory(jurisdiction=world.j1, specialties=[Specialty.FIRE])
    QuestionFactory(jurisdiction=world.j1, posts=["储运岗"])
    QuestionFactory(enterprise=a)
    QuestionFactory(enterprise=world.b)
    fire_fighter = person("甲消防", enterprise=a, specialty=Specialty.FIRE, post="消防岗")
    person("甲离职", enterprise=a, left=True)

    # The worker answered two today and got one wrong last week; the colleague got three
    # wrong three days ago (in the book, due) and one right (not due).
    pool = [c.question_id for c in practice_pool(world.worker_a)]
    answer(world.worker_a, pool[0], correct=True, at=now - timedelta(minutes=30), now=now)
    answer(world.worker_a, pool[1], correct=False, at=now - timedelta(minutes=20), now=now)
    answer(world.worker_a, pool[2], correct=False, at=now - timedelta(days=6), now=now)
    for question_id in pool[3:6]:
        answer(world.colleague_a, question_id, correct=False, at=now - timedelta(days=3), now=now)
    answer(world.colleague_a, pool[6], correct=True, at=now - timedelta(days=3), now=now)
    answer(fire_fighter, pool[0], correct=True, at=now - timedelta(days=2), now=now)
    # The colleague's exam paper is open: its questions stay out of practice.
    start_attempt(world.exam_a.assignments.get(staff=world.colleague_a))

    people = StaffProfile.objects.filter(enterprise=a).exclude(user__username="甲离职")
    expected = {member.pk: todays_set(member, now=now) for member in people}
    assert len(expected) == 5 and all(expected.values())
    assert len(set(expected.values())) > 1  # not everyone gets the same set
    assert draw_daily_sets(a, timezone.localdate(now), now=now) == expected

    # A question on the enterprise's supervised process keeps a place in every set.
    hazard = QuestionFactory(jurisdiction=world.j1, stem="合成氨工艺的主要危险是（ ）").pk
    EnterpriseProcess.objects.create(enterprise=a, process="ammonia", unit="合成氨装置")
    expected = {member.pk: todays_set(member, now=now) for member in people}
    assert all(hazard in chosen for chosen in expected.values())
    assert draw_daily_sets(a, timezone.localdate(now), now=now) == expected

    # At the start of tomorrow (the nightly job's time) too.
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    batch = draw_daily_sets(a, tomorrow)
    start = timezone.make_aware(datetime.combine(tomorrow, time.min))
    assert batch == {member.pk: todays_set(member, now=start) for member in people}


def test_a_missed_provision_brings_its_other_questions_forward_on_page_and_batch(world):
    from safetykb.demo.pages import ensure_page_tree
    from tests.search.builders import make_regulation

    ensure_page_tree()
    provision = make_regulation(
        "生产经营单位安全培训规定", [("第十七条", "", "离岗一年以上重新上岗时，应当重新培训。")]
    ).provisions.get()
    for _ in range(30):
        QuestionFactory(jurisdiction=world.j1)
    missed, sibling = (
        QuestionFactory(jurisdiction=world.j1, source_provision=provision).pk for _ in range(2)
    )
    now = timezone.now()
    three_days_ago = now - timedelta(days=3)
    answer(world.worker_a, missed, correct=False, at=three_days_ago, now=three_days_ago)
    chosen = todays_set(world.worker_a, now=now)
    assert sibling in chosen[:2]  # the weak card, then the same provision's other question
    assert draw_daily_sets(world.a, timezone.localdate(now), now=now)[world.worker_a.pk] == chosen


def test_six_queries_however_many_people(world):
    today = timezone.localdate()
    counts = []
    for more in (0, 15):
        for n in range(more):
            member = person(f"甲新员工{n}", enterprise=world.a, post=f"岗位{n % 4}")
            question_id = practice_pool(member)[n % 5].question_id
            answer(member, question_id, correct=n % 2 == 0, at=timezone.now(), now=timezone.now())
        with CaptureQueriesContext(connection) as queries:
            sets = draw_daily_sets(world.a, today)
        counts.append(len(queries))
    assert len(sets) == 4 + 15
    assert counts == [QUERIES, QUERIES]


def test_the_time_must_fall_on_the_day(world):
    with pytest.raises(ValueError, match="不在"):
        draw_daily_sets(world.a, timezone.localdate(), now=timezone.now() + timedelta(days=1))
