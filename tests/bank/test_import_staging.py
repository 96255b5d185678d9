"""Staged uploads do not stay forever: expired after 24 h, deleted by the tick and on 取消."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.urls import reverse

from assessments.models import Question, QuestionImport
from importers import staging
from tests.bank.conftest import login
from tests.bank.files import MIXED_ROWS, bank_xlsx, upload

pytestmark = pytest.mark.django_db

UPLOAD = reverse("assessments_question_import")
CONFIRM = reverse("assessments_question_import_confirm")
DISCARD = reverse("assessments_question_import_discard")
DAY = 24 * 3600


def staged_file(token: str) -> Path:
    return Path(settings.MEDIA_ROOT) / "import-staging" / token


def age(path: Path, seconds: float) -> None:
    """Make ``path`` look ``seconds`` old."""
    then = time.time() - seconds
    os.utime(path, (then, then))


def preview_token(client, bank) -> str:
    response = client.post(
        UPLOAD, {"file": upload("bank.xlsx", bank_xlsx(MIXED_ROWS[:2])), "target": f"e{bank.a.pk}"}
    )
    assert response.status_code == 200
    return response.context["token"]


def counts():
    return Question.objects.count(), QuestionImport.objects.count()


def test_confirming_an_expired_preview_says_so_and_writes_nothing(client, bank):
    login(client, bank.manager_a)
    token = preview_token(client, bank)
    age(staged_file(token), DAY + 60)
    before = counts()

    response = client.post(CONFIRM, {"token": token})

    assert response.status_code == 302 and response["Location"] == UPLOAD
    shown = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("预览已过期：上传的文件超过 24 小时未确认" in message for message in shown)
    assert counts() == before
    assert not staged_file(token).exists()


def test_a_preview_younger_than_a_day_still_confirms(client, bank):
    login(client, bank.manager_a)
    token = preview_token(client, bank)
    age(staged_file(token), DAY - 600)
    response = client.post(CONFIRM, {"token": token})
    assert response.status_code == 302 and QuestionImport.objects.count() == 1


def test_the_minute_tick_deletes_uploads_older_than_a_day(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    session: dict = {}
    old = staging.stage(session, "old.xlsx", b"old")
    fresh = staging.stage(session, "fresh.xlsx", b"fresh")
    age(staged_file(old), DAY + 60)
    age(staged_file(fresh), 3600)

    call_command("tick")

    assert not staged_file(old).exists()
    assert staged_file(fresh).exists()


def test_cancelling_a_preview_deletes_the_upload(client, bank):
    login(client, bank.manager_a)
    token = preview_token(client, bank)
    assert staged_file(token).exists()
    response = client.post(DISCARD, {"token": token})
    assert response.status_code == 302 and response["Location"] == UPLOAD
    assert not staged_file(token).exists()
    client.post(CONFIRM, {"token": token})
    assert counts() == (4, 0)


def test_another_user_cannot_cancel_my_upload(client, bank):
    from django.test import Client

    login(client, bank.manager_a)
    token = preview_token(client, bank)
    login(Client(), bank.manager_b).post(DISCARD, {"token": token})
    assert staged_file(token).exists()
