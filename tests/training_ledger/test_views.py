"""The ledger's pages: who sees what (out of scope is a 404), recording through the form,
signing as the trainer, correcting, and what a person sees about themselves."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from safetykb.signatures.models import Signature, SignCapacity
from tests.factories import TEST_PASSWORD, person
from tests.training_ledger.conftest import TODAY, record
from training.models import HoursEntry, TrainingSession

pytestmark = pytest.mark.django_db


def as_user(client, profile):
    client.force_login(profile.user)
    return client


@pytest.fixture
def session(world):
    return record(world, world.workers[:2], password=TEST_PASSWORD)


def urls_of(world, session):
    entry = session.entries.first()
    return {
        "session": reverse("training:session", args=[session.pk]),
        "sign": reverse("training:session_sign", args=[session.pk]),
        "evidence": reverse("training:session_evidence", args=[session.pk]),
        "correct": reverse("training:entry_correct", args=[entry.pk]),
        "person": reverse("training:person_hours", args=[entry.staff_id]),
        "compliance": reverse("training:compliance", args=[world.a.pk]),
        "list": reverse("training:ledger") + f"?enterprise={world.a.pk}",
    }


@pytest.mark.parametrize("who", ["manager_b", "regulator_2", "outsider_worker"])
def test_every_page_of_another_scope_is_a_404(client, world, session, who):
    profile = world.worker_b if who == "outsider_worker" else getattr(world, who)
    as_user(client, profile)
    for name, url in urls_of(world, session).items():
        recorder_only = name in ("evidence", "correct")
        if (who == "outsider_worker" and (recorder_only or name in ("compliance", "list"))) or (
            who == "regulator_2" and recorder_only
        ):
            continue  # the role never gets these pages at all: a 403 (tested below)
        response = client.post(url) if name in ("sign", "evidence") else client.get(url)
        assert response.status_code == 404, (who, name)
    assert TrainingSession.objects.count() == 1 and Signature.objects.count() == 1


def test_a_worker_sees_their_own_hours_and_sessions_but_not_a_colleagues(client, world, session):
    me, colleague = world.workers[0], world.workers[5]
    as_user(client, me)
    page = client.get(reverse("training:my_hours"), follow=True).content.decode()
    assert "年度安全再培训" in page and "4" in page
    assert client.get(reverse("training:session", args=[session.pk])).status_code == 200
    assert client.get(reverse("training:person_hours", args=[colleague.pk])).status_code == 404
    as_user(client, colleague)  # did not attend
    assert client.get(reverse("training:session", args=[session.pk])).status_code == 404
    for url in (reverse("training:ledger"), reverse("training:compliance", args=[world.a.pk])):
        assert client.get(url).status_code == 403
    assert client.get(reverse("training:session_new")).status_code == 403


def test_principals_and_regulators_read_but_do_not_record(client, world, session):
    for profile in (world.principal_a, world.regulator_1):
        as_user(client, profile)
        for name, url in urls_of(world, session).items():
            if name in ("sign", "evidence", "correct"):
                continue
            assert client.get(url).status_code == 200, (profile, name)
        assert client.get(reverse("training:session_new")).status_code == 403
        assert client.get(urls_of(world, session)["correct"]).status_code == 403
        assert client.get(reverse("training:session_import")).status_code == 403


def test_a_manager_records_a_session_for_people_picked_from_the_roster(client, world):
    as_user(client, world.manager_a)
    page = client.get(reverse("training:session_new"), {"department": world.workshop.pk})
    assert page.status_code == 200 and "工人10" in page.content.decode()
    chosen = world.workers[:4]
    response = client.post(
        reverse("training:session_new"),
        {
            "kind": "refresher",
            "title": "动火作业安全培训",
            "starts_on": (TODAY() - dt.timedelta(days=1)).isoformat(),
            "hours_per_day": "4",
            "trainer_name": "外聘讲师 刘工",
            "attendees": [p.pk for p in chosen],
            "password": TEST_PASSWORD,
        },
    )
    session = TrainingSession.objects.get(title="动火作业安全培训")
    assert response.status_code == 302
    assert set(session.entries.values_list("staff_id", flat=True)) == {p.pk for p in chosen}
    page = client.get(reverse("training:session", args=[session.pk])).content.decode()
    assert "录入人" in page and "内容未改动" in page and "外部讲师或机构" in page


def test_a_refusal_is_shown_in_chinese_and_nothing_is_written(client, world):
    as_user(client, world.manager_a)
    response = client.post(
        reverse("training:session_new"),
        {
            "kind": "refresher",
            "title": "超时培训",
            "starts_on": TODAY().isoformat(),
            "hours_per_day": "12",
            "trainer_name": "王老师",
            "attendees": [world.workers[0].pk],
            "password": TEST_PASSWORD,
        },
    )
    assert response.status_code == 400
    assert "超过每人每天 8 学时的上限" in response.content.decode()
    assert not TrainingSession.objects.exists()


def test_an_internal_trainer_signs_as_trainer(client, world):
    trainer = person("内训师", enterprise=world.a, hire_date=dt.date(2015, 1, 1))
    session = record(world, world.workers[:2], password=TEST_PASSWORD, trainer=trainer.user)
    as_user(client, trainer)
    page = client.get(reverse("training:session", args=[session.pk])).content.decode()
    assert "以“培训人”身份签名" in page
    wrong = client.post(reverse("training:session_sign", args=[session.pk]), {"password": "x"})
    assert wrong.status_code == 400 and "密码不正确" in wrong.content.decode()
    response = client.post(
        reverse("training:session_sign", args=[session.pk]), {"password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    capacities = set(Signature.objects.for_object(session).values_list("capacity", flat=True))
    assert capacities == {SignCapacity.RECORDER, SignCapacity.TRAINER}
    as_user(client, world.manager_a)
    page = client.get(reverse("training:session", args=[session.pk])).content.decode()
    assert "培训人" in page and page.count("内容未改动") == 2


def test_a_correction_through_the_page_shows_in_the_persons_timeline(client, world, session):
    entry = session.entries.get(staff=world.workers[0])
    as_user(client, world.manager_a)
    response = client.post(
        reverse("training:entry_correct", args=[entry.pk]),
        {"on": entry.on.isoformat(), "hours": "2", "reason": "核对签到表：提前离场"},
    )
    assert response.status_code == 302
    assert HoursEntry.objects.filter(corrects=entry, hours=Decimal(2)).exists()
    as_user(client, world.workers[0])
    page = client.get(reverse("training:person_hours", args=[world.workers[0].pk])).content
    assert "核对签到表：提前离场" in page.decode()
    record_page = client.get(reverse("training:staff", args=[world.workers[0].pk])).content
    assert "核对签到表：提前离场" in record_page.decode()
