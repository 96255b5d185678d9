"""The practice pages: what a worker sees, what never reaches the browser before an
answer, and who may open what (another person's card or answer is a 404)."""

from __future__ import annotations

import json
import re
import uuid

import pytest
from django.urls import reverse

from assessments.models import Question, QuestionVersion
from practice.models import PracticeAnswer, PracticeCard
from tests.exams.builders import LEAK_MARKERS, make_provision
from tests.exams.conftest import world
from tests.exams.test_answer_leak import KEY_WORDS
from tests.practice.helpers import answer_item

pytestmark = pytest.mark.django_db

#: The daily page for any number of questions: session, user, profile, settings, answers
#: today, cards, the pool, the workplace's hazards (two), open papers, the screens (two),
#: progress and the layout.
QUERIES = 17

__all__ = ["world"]  # the exams' two-jurisdiction world fixture


def post_json(client, name, payload):
    return client.post(
        reverse(f"practice:{name}"), data=json.dumps(payload), content_type="application/json"
    )


def shown_question_ids(body: str) -> list[int]:
    return [int(n) for n in re.findall(r'data-question-id="(\d+)"', body)]


def test_nothing_before_an_answer_carries_the_key(client, world):
    client.force_login(world.worker_a.user)
    bodies = []
    daily = client.get(reverse("practice:daily"))
    assert daily.status_code == 200
    bodies.append(("daily", daily.content.decode()))
    question_ids = shown_question_ids(bodies[0][1])
    assert len(question_ids) == 5
    client.post(reverse("practice:favourite", args=[question_ids[0]]), {"on": "1"})
    bodies.append(("book", client.get(reverse("practice:book")).content.decode()))
    card = PracticeCard.objects.get(staff=world.worker_a)
    bodies.append(("redo", client.get(reverse("practice:redo", args=[card.pk])).content.decode()))
    bodies.append(("home", client.get(reverse("oversight:my_home")).content.decode()))
    for where, body in bodies:
        for marker in (*LEAK_MARKERS, *KEY_WORDS):
            assert marker not in body, f"{marker!r} leaked in {where}"
    assert reverse("practice:daily") in bodies[-1][1]  # the home links to 每日一练

    # The markers are real: the reply to an answer carries them.
    reply = post_json(client, "answer", answer_item(question_ids[0], correct=False)).json()
    assert reply["explanation"].startswith(LEAK_MARKERS[0])


def test_an_answer_says_right_or_wrong_with_the_explanation_and_the_provision(client, world):
    provision = make_provision()
    Question.objects.update(source_provision=provision)
    QuestionVersion.objects.update(source_provision=provision)
    client.force_login(world.worker_a.user)
    question_id = shown_question_ids(client.get(reverse("practice:daily")).content.decode())[0]
    reply = post_json(client, "answer", answer_item(question_id, correct=True))
    data = reply.json()
    assert reply.status_code == 200 and data["correct"]
    assert data["provision_title"] == "《中华人民共和国安全生产法》第二十八条"
    assert data["provision_url"] == provision.get_absolute_url()
    page = client.get(reverse("practice:feedback", args=[data["client_id"]]))
    assert "回答正确" in page.content.decode()
    assert f'href="{provision.get_absolute_url()}"' in page.content.decode()
    # Answered questions leave today's set.
    assert question_id not in shown_question_ids(
        client.get(reverse("practice:daily")).content.decode()
    )


def test_a_plain_form_answer_works_without_javascript(client, world):
    client.force_login(world.worker_a.user)
    item = answer_item(
        shown_question_ids(client.get(reverse("practice:daily")).content.decode())[0], correct=False
    )
    response = client.post(
        reverse("practice:answer"),
        {
            "question_id": item["question_id"],
            "version_id": item["version_id"],
            "response": item["response"],
        },
    )
    answer = PracticeAnswer.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("practice:feedback", args=[answer.client_id])
    assert "回答错误" in client.get(response["Location"]).content.decode()


def test_sync_returns_a_result_per_answer(client, world):
    client.force_login(world.worker_a.user)
    ids = shown_question_ids(client.get(reverse("practice:daily")).content.decode())
    items = [answer_item(ids[0], correct=True), answer_item(ids[1], correct=False)]
    data = post_json(client, "sync", {"answers": items + items[:1]}).json()
    assert [r["ok"] for r in data["results"]] == [True, True, True]
    assert PracticeAnswer.objects.count() == 2
    assert post_json(client, "sync", {"answers": "x"}).status_code == 400


def test_bad_input_gets_a_chinese_message(client, world):
    client.force_login(world.worker_a.user)
    reply = post_json(
        client,
        "answer",
        {"client_id": "nope", "question_id": 1, "version_id": 1, "response": ["A"]},
    )
    assert reply.status_code == 400 and "client_id" in reply.json()["error"]
    foreign = Question.objects.filter(jurisdiction=world.j2).first()
    reply = post_json(client, "answer", answer_item(foreign.pk, correct=True))
    assert reply.status_code == 400 and "不在您的题库中" in reply.json()["error"]


def test_another_persons_card_answer_and_favourite_are_404(client, world):
    client.force_login(world.worker_a.user)
    ids = shown_question_ids(client.get(reverse("practice:daily")).content.decode())
    data = post_json(client, "answer", answer_item(ids[0], correct=False)).json()
    card = PracticeCard.objects.get(staff=world.worker_a)

    client.force_login(world.colleague_a.user)
    assert client.get(reverse("practice:redo", args=[card.pk])).status_code == 404
    assert client.get(reverse("practice:feedback", args=[data["client_id"]])).status_code == 404
    reused = answer_item(ids[0], correct=True, client_id=data["client_id"])
    assert post_json(client, "answer", reused).status_code == 404
    assert client.get(reverse("practice:feedback", args=[uuid.uuid4()])).status_code == 404

    client.force_login(world.worker_c.user)  # another jurisdiction's bank
    assert client.post(reverse("practice:favourite", args=[ids[0]]), {"on": "1"}).status_code == 404
    assert PracticeCard.objects.filter(staff=world.worker_c).count() == 0


@pytest.mark.parametrize("who", ["worker_a", "safety_manager_a", "principal_a"])
def test_workers_and_managers_may_practise(client, world, who):
    client.force_login(getattr(world, who).user)
    assert client.get(reverse("practice:daily")).status_code == 200


def test_regulators_editors_and_strangers_may_not(client, world):
    assert client.get(reverse("practice:daily")).status_code == 302  # to the login page
    assert post_json(client, "answer", {}).status_code == 401
    for who in ("regulator_1", "editor"):
        client.force_login(getattr(world, who).user)
        assert client.get(reverse("practice:daily")).status_code == 403
        assert client.get(reverse("practice:book")).status_code == 403
        assert post_json(client, "sync", {"answers": []}).status_code == 403


def test_the_book_says_today_for_what_is_due_today_and_the_date_otherwise(client, world):
    from datetime import timedelta

    from django.utils import timezone

    from assessments.models import Question

    first, second, third = Question.objects.filter(jurisdiction=world.j1).order_by("pk")[:3]
    tonight = timezone.localtime().replace(hour=23, minute=30)  # later today, at any hour
    for question, due in (
        (first, tonight),
        (second, tonight - timedelta(days=3)),  # overdue
        (third, tonight + timedelta(days=2)),
    ):
        PracticeCard.objects.create(
            staff=world.worker_a, question=question, due=due, in_book=True, wrong_count=1
        )
    client.force_login(world.worker_a.user)
    body = client.get(reverse("practice:book")).content.decode()
    assert body.count("下次复习 今天") == 2
    later = timezone.localdate(tonight + timedelta(days=2))
    assert f"下次复习 {later.month}月{later.day}日" in body


def test_a_book_question_on_an_open_paper_waits_for_the_exam_to_end(client, world):
    from assessments.exams.services.papers import start_attempt

    client.force_login(world.worker_a.user)
    attempt = start_attempt(world.exam_a.assignments.get(staff=world.worker_a))
    on_paper = attempt.slots.values_list("question_version__question_id", flat=True)[0]
    card = PracticeCard.objects.create(
        staff=world.worker_a, question_id=on_paper, due=attempt.started_at, in_book=True
    )
    response = client.get(reverse("practice:redo", args=[card.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("practice:book")
    page = client.get(response["Location"]).content.decode()
    assert "考试结束后才能练习" in page


def test_the_daily_page_costs_the_same_queries_for_any_daily_count(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from practice.models import PracticeSettings

    client.force_login(world.worker_a.user)
    counts = []
    for daily_count in (2, 8):
        PracticeSettings.objects.update_or_create(
            enterprise=world.a, defaults={"daily_count": daily_count}
        )
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("practice:daily"))
        assert response.status_code == 200
        assert len(shown_question_ids(response.content.decode())) == daily_count
        counts.append(len(queries))
    assert counts == [QUERIES, QUERIES], counts
