"""Previews: as a worker sees the question (never the answer), and with answer and 依据."""

from __future__ import annotations

import pytest

from assessments.models import Question
from tests.bank.conftest import login
from tests.bank.forms_data import question_post
from tests.bank.urls import preview_url, snippet_url
from tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db

EXPLANATION = "动火作业前必须进行可燃气体检测。"


def test_worker_view_shows_stem_and_options_but_never_the_answer(client, bank):
    login(client, bank.manager_a)
    page = client.get(preview_url(bank.shared.pk)).content.decode()
    assert bank.shared.stem in page
    for option in bank.shared.options:
        assert option["text"] in page
    assert 'type="radio"' in page
    assert EXPLANATION not in page
    assert "正确答案" not in page and "解析" not in page


def test_answer_view_marks_the_answer_and_shows_the_explanation(client, bank):
    login(client, bank.manager_a)
    page = client.get(preview_url(bank.shared.pk, "answer")).content.decode()
    assert "✓ 正确答案" in page and EXPLANATION in page
    assert "<strong>答案：</strong>A" in page


def test_unknown_preview_mode_is_a_404(client, bank):
    login(client, bank.manager_a)
    assert client.get(preview_url(bank.shared.pk, "cheat")).status_code == 404


def test_fill_and_true_false_previews_hide_their_answers(client, bank):
    fill = QuestionFactory(
        jurisdiction=bank.j1,
        type="fill",
        stem="天然气的主要成分是（ ）。",
        options=[],
        answer=["甲烷"],
    )
    login(client, bank.manager_a)
    page = client.get(preview_url(fill.pk)).content.decode()
    assert "甲烷" not in page and 'type="text"' in page
    assert "甲烷" in client.get(preview_url(fill.pk, "answer")).content.decode()


def test_basis_resolves_to_the_provision_and_the_answer_view_links_it(client, bank, seed_notice):
    provision = seed_notice.provisions.get(label="（一）")
    login(client, bank.manager_a)
    response = client.post(
        snippet_url("edit", bank.own_a.pk),
        question_post(bank.own_a, basis="长上应急字〔2024〕22号（一）"),
    )
    assert response.status_code == 302
    question = Question.objects.get(pk=bank.own_a.pk)
    assert question.source_provision == provision
    page = client.get(preview_url(question.pk, "answer")).content.decode()
    assert f"《{seed_notice.title}》（一）" in page
    assert provision.get_absolute_url() in page
    assert provision.get_absolute_url() not in client.get(preview_url(question.pk)).content.decode()


def test_wagtail_live_preview_renders_the_edited_form_data(client, bank):
    login(client, bank.manager_a)
    url = snippet_url("preview_on_edit", bank.own_a.pk)
    data = question_post(bank.own_a, stem="预览中的新题干？")
    assert client.post(url, data).json() == {"is_valid": True, "is_available": True}
    page = client.get(url).content.decode()
    assert "预览中的新题干？" in page and EXPLANATION not in page
    assert EXPLANATION in client.get(url + "?mode=answer").content.decode()
    assert Question.objects.get(pk=bank.own_a.pk).stem != "预览中的新题干？"
