"""The worker's progress page against a hand-built history: streak, practised and
mastered by topic and by regulation, the same figures in charts and tables, and a
fixed number of queries however many questions and cards."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import StaffProfile
from accounts.vocab import Level, Specialty
from assessments.models import Question
from practice.breakdown import BreakdownRow
from practice.models import AnswerSource, PracticeAnswer, PracticeCard
from practice.progress import progress_report
from tests.exams.builders import make_provision
from tests.factories import QuestionFactory, person, two_jurisdictions
from tests.practice.helpers import latest_version

pytestmark = pytest.mark.django_db

LAW = "《中华人民共和国安全生产法》"
#: session, user, profile; pool and cards by group; the progress line (cards, days, book,
#: answers today, daily count); the leaderboard switch.
QUERIES = 11


@dataclass
class History:
    worker: StaffProfile
    fire: list[Question]
    rules: list[Question]
    process: Question
    principals_only: Question


def card(staff, question, *, stability, in_book=False, seen=1, favourite=False):
    now = timezone.now()
    return PracticeCard.objects.create(
        staff=staff,
        question=question,
        due=now + timedelta(days=3),
        stability=stability,
        in_book=in_book,
        favourite=favourite,
        seen_count=seen,
        right_count=seen,
        last_answered_at=now if seen else None,
    )


def practised_on(staff, question, days_ago: int) -> None:
    day = timezone.localdate() - timedelta(days=days_ago)
    PracticeAnswer.objects.create(
        client_id=uuid.uuid4(),
        staff=staff,
        question=question,
        question_version=latest_version(question.pk),
        response=["A"],
        correct=True,
        source=AnswerSource.PRACTICE,
        answered_at=timezone.make_aware(datetime.combine(day, time(9))),
    )


@pytest.fixture
def history(db) -> History:
    places = two_jurisdictions()
    provision = make_provision()
    worker = person("甲员工", enterprise=places.a, level=Level.OPERATOR, specialty="process")
    j1 = places.j1
    fire = [
        QuestionFactory(jurisdiction=j1, topics=["消防安全"], source_provision=provision)
        for _ in range(3)
    ]
    rules = [QuestionFactory(jurisdiction=j1, topics=["法律法规"]) for _ in range(2)]
    process = QuestionFactory(jurisdiction=j1, specialties=[Specialty.PROCESS])
    principals_only = QuestionFactory(
        jurisdiction=j1, levels=[Level.PRINCIPAL], topics=["安全领导力"]
    )
    QuestionFactory(jurisdiction=places.j2, topics=["消防安全"])  # another bank
    card(worker, fire[0], stability=30.0)  # mastered
    card(worker, fire[1], stability=30.0, in_book=True)  # stable but wrong lately
    card(worker, rules[0], stability=2.0)
    card(worker, fire[2], stability=None, seen=0, favourite=True)  # starred, never answered
    card(worker, principals_only, stability=40.0)  # practised before a change of level
    for days_ago in (1, 2, 4):
        practised_on(worker, fire[0], days_ago)
    return History(worker, fire, rules, process, principals_only)


def test_progress_by_topic_and_by_regulation(history):
    report = progress_report(history.worker)
    line = report.line
    assert (line.streak, line.seen, line.mastered, line.in_book) == (2, 4, 2, 1)
    assert report.total == 7
    assert report.by_topic == (
        BreakdownRow("消防安全", total=3, seen=2, mastered=1),
        BreakdownRow("法律法规", total=2, seen=1, mastered=0),
        BreakdownRow("安全领导力", total=1, seen=1, mastered=1),
        BreakdownRow("工艺", total=1, seen=0, mastered=0),
    )
    assert report.by_regulation == (
        BreakdownRow("未关联法规", total=4, seen=2, mastered=1),
        BreakdownRow(LAW, total=3, seen=2, mastered=1),
    )


def test_the_page_shows_charts_and_tables_without_script(client, history):
    client.force_login(history.worker.user)
    response = client.get(reverse("practice:progress"))
    assert response.status_code == 200
    body = response.content.decode()
    main = body.split("<main", 1)[1].split("</main>", 1)[0]
    assert main.count("<svg") == 2 and "<script" not in main
    assert '<th scope="row">消防安全</th><td>3</td><td>2</td><td>1</td>' in body
    assert f'<th scope="row">{LAW}</th><td>3</td><td>2</td><td>1</td>' in body
    assert (
        'data-figure="streak"><p class="muted">连续练习</p><p class="figure"><strong>2</strong>'
        in body
    )


def test_someone_with_no_history_sees_the_pool_and_no_chart(client, history):
    newcomer = person("甲新人", enterprise=history.worker.enterprise)
    report = progress_report(newcomer)
    assert report.line.seen == 0 and report.total == 6
    client.force_login(newcomer.user)
    body = client.get(reverse("practice:progress")).content.decode()
    assert "<svg" not in body and "还没有练习记录" in body


def test_the_page_costs_the_same_queries_for_any_history(client, history):
    client.force_login(history.worker.user)
    counts = []
    for more in (0, 20):
        # More questions, each practised, in new topics: the same queries.
        for n in range(more):
            question = QuestionFactory(
                jurisdiction=history.fire[0].jurisdiction, topics=[f"知识点{n}"]
            )
            card(history.worker, question, stability=float(n))
            practised_on(history.worker, question, days_ago=n % 7)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("practice:progress"))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts == [QUERIES, QUERIES], [q["sql"] for q in queries.captured_queries]


def test_regulators_may_not_open_it(client, history):
    regulator = person("甲区监管", regulator=True, jurisdiction=history.fire[0].jurisdiction)
    client.force_login(regulator.user)
    assert client.get(reverse("practice:progress")).status_code == 403
