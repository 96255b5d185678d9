"""Importing a sign-in sheet: upload → preview (nothing written) → confirm with the
password → one session; a broken file or a refused rule writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import TEST_PASSWORD
from tests.training_ledger.conftest import TODAY, record
from tests.training_ledger.test_signin_sheet import sheet
from training.models import HoursEntry, TrainingSession

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def fields(**overrides):
    values = {
        "kind": "drill",
        "title": "储罐区泄漏应急演练",
        "starts_on": (TODAY() - dt.timedelta(days=1)).isoformat(),
        "hours_per_day": "2",
        "trainer_name": "应急救援队",
    }
    values.update(overrides)
    return values


def upload(client, data: bytes, name="签到表.xlsx", **overrides):
    return client.post(
        reverse("training:session_import"),
        {**fields(**overrides), "sheet": SimpleUploadedFile(name, data, content_type=XLSX)},
    )


@pytest.fixture
def manager_client(client, world):
    client.force_login(world.manager_a.user)
    return client


def test_a_good_sheet_is_previewed_then_recorded(manager_client, world):
    data = sheet(("A0001", "工人1", ""), ("", "工人2", "0002"), ("A0099", "", ""))
    preview = upload(manager_client, data)
    page = preview.content.decode()
    assert preview.status_code == 200
    assert 'data-count="matched">2<' in page and "第 4 行：本企业没有工号为 A0099" in page
    assert not TrainingSession.objects.exists()  # nothing written yet
    token = preview.context["token"]
    wrong = manager_client.post(
        reverse("training:session_import_confirm"), {"token": token, "password": "x"}
    )
    assert wrong.status_code == 400 and not TrainingSession.objects.exists()
    done = manager_client.post(
        reverse("training:session_import_confirm"), {"token": token, "password": TEST_PASSWORD}
    )
    session = TrainingSession.objects.get()
    assert done.status_code == 302 and done.url == reverse("training:session", args=[session.pk])
    assert set(session.entries.values_list("staff__employee_no", flat=True)) == {"A0001", "A0002"}
    # The staged file is spent: confirming again writes nothing more.
    again = manager_client.post(
        reverse("training:session_import_confirm"), {"token": token, "password": TEST_PASSWORD}
    )
    assert again.status_code == 302 and TrainingSession.objects.count() == 1


def test_a_broken_file_gets_a_chinese_message_and_nothing_is_written(manager_client):
    response = upload(manager_client, b"PK\x03\x04 broken")
    assert response.status_code == 400
    assert "文件不是有效的 Excel（.xlsx）文件" in response.content.decode()
    response = upload(manager_client, b"x", name="签到表.csv")
    assert "签到表须为 Excel（.xlsx）文件" in response.content.decode()
    assert not TrainingSession.objects.exists() and not HoursEntry.objects.exists()


def test_a_rule_refused_at_confirmation_writes_nothing_at_all(manager_client, world):
    day = TODAY() - dt.timedelta(days=1)
    record(world, [world.workers[1]], starts_on=day, hours_per_day=7)
    preview = upload(manager_client, sheet(("A0001", "", ""), ("A0002", "", "")))
    response = manager_client.post(
        reverse("training:session_import_confirm"),
        {"token": preview.context["token"], "password": TEST_PASSWORD},
    )
    assert response.status_code == 400
    assert "超过每人每天 8 学时的上限" in response.content.decode()
    assert TrainingSession.objects.count() == 1  # only the earlier one
    assert not HoursEntry.objects.filter(staff=world.workers[0]).exists()


def test_another_users_staged_sheet_cannot_be_confirmed(client, world):
    client.force_login(world.manager_a.user)
    token = upload(client, sheet(("A0001", "", ""))).context["token"]
    client.force_login(world.manager_b.user)
    response = client.post(
        reverse("training:session_import_confirm"), {"token": token, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302 and not TrainingSession.objects.exists()


def test_the_template_downloads(manager_client):
    response = manager_client.get(reverse("training:signin_template"))
    assert response["Content-Type"] == XLSX and "attachment" in response["Content-Disposition"]
