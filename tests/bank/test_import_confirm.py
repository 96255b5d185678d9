"""Confirming an import: what the browser sends, big banks, and files with nothing to import."""

from __future__ import annotations

import random
import re

import pytest
from django.urls import reverse

from assessments.models import Question, QuestionImport
from tests.bank.conftest import login
from tests.bank.files import MIXED_ROWS, bank_xlsx, upload

pytestmark = pytest.mark.django_db

UPLOAD = reverse("assessments_question_import")
CONFIRM = reverse("assessments_question_import_confirm")

#: Characters for stems no two of which the duplicate check calls alike.
CHARACTERS = (
    "安全生产责任制度培训教育隐患排查治理应急预案演练危险化学品储存装卸运输使用动火受限空间高处作业"
)


def distinct_stems(count: int) -> list[str]:
    rng = random.Random(20241)
    return ["".join(rng.choices(CHARACTERS, k=24)) + "？" for _ in range(count)]


def browser_post(page: str) -> dict[str, list[str]]:
    """What a browser submits from the preview's confirm form: the hidden fields and the
    ticked, enabled checkboxes (Django's test client would post whatever we pass it)."""
    form = re.search(rf'<form method="post" action="{CONFIRM}">(.*?)</form>', page, re.S)
    assert form is not None
    data: dict[str, list[str]] = {}
    for tag in re.findall(r"<input\b[^>]*>", form.group(1)):
        name = re.search(r'name="([^"]+)"', tag)
        kind = re.search(r'type="([^"]+)"', tag).group(1)
        if name is None or "disabled" in tag:
            continue
        if kind == "checkbox" and not re.search(r"\bchecked\b", tag):
            continue
        data.setdefault(name.group(1), []).append(re.search(r'value="([^"]*)"', tag).group(1))
    return data


def test_a_bank_of_over_a_thousand_questions_can_be_confirmed(client, bank):
    rows = [{"题型": "判断题", "题干": stem, "答案": "正确"} for stem in distinct_stems(1001)]
    login(client, bank.manager_a)
    response = client.post(
        UPLOAD, {"file": upload("big.xlsx", bank_xlsx(rows)), "target": f"e{bank.a.pk}"}
    )
    assert response.status_code == 200
    assert response.context["preview"].valid_count == 1001
    data = browser_post(response.content.decode())
    data["excluded"] = [*data.get("excluded", []), "7"]  # the editor ticks 不导入 on no. 7

    response = client.post(CONFIRM, data)  # DATA_UPLOAD_MAX_NUMBER_FIELDS at its default

    assert response.status_code == 302
    batch = QuestionImport.objects.get()
    assert batch.question_count == 1000
    assert Question.objects.filter(import_batch=batch).count() == 1000
    assert not Question.objects.filter(stem=rows[6]["题干"]).exists()
    assert [entry["number"] for entry in batch.report] == [7]


def test_a_file_with_nothing_importable_cannot_be_confirmed(client, bank):
    login(client, bank.manager_a)
    bad_only = bank_xlsx(MIXED_ROWS[3:5])  # answer not among the options; 多选 with one answer
    response = client.post(
        UPLOAD, {"file": upload("bad.xlsx", bad_only), "target": f"e{bank.a.pk}"}
    )
    page = response.content.decode()
    button = re.search(r"<button[^>]*>确认导入所选题目</button>", page).group(0)
    assert "disabled" in button
    assert "文件中没有可导入的题目：每道题都有问题" in page
    before = (Question.objects.count(), QuestionImport.objects.count())

    # A forged confirmation is refused on the server, in Chinese, and writes nothing.
    forged = client.post(CONFIRM, {"token": response.context["token"]})
    assert forged.status_code == 200
    assert "文件中没有可导入的题目：每道题都有问题" in forged.content.decode()
    assert (Question.objects.count(), QuestionImport.objects.count()) == before


def test_a_file_with_something_importable_has_an_enabled_button(client, bank):
    login(client, bank.manager_a)
    response = client.post(
        UPLOAD, {"file": upload("mixed.xlsx", bank_xlsx(MIXED_ROWS)), "target": f"e{bank.a.pk}"}
    )
    button = re.search(r"<button[^>]*>确认导入所选题目</button>", response.content.decode())
    assert "disabled" not in button.group(0)
