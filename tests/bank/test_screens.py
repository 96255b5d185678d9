"""Every bank screen renders for the people who use it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.bank.conftest import login
from tests.bank.urls import bulk_url, snippet_url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["manager_a", "editor"])
def test_bank_screens_render(client, bank, who):
    login(client, getattr(bank, who))
    own = bank.own_a.pk
    for url in (
        reverse("wagtailadmin_home"),
        snippet_url("list"),
        snippet_url("add"),
        snippet_url("edit", own),
        snippet_url("inspect", bank.shared.pk),
        snippet_url("history", own),
        snippet_url("delete", own),
        bulk_url("retire", own),
        bulk_url("tag", own),
        reverse("assessments_question_import"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url


def test_inspect_shows_the_question_readably(client, bank):
    login(client, bank.manager_a)
    page = client.get(snippet_url("inspect", bank.shared.pk)).content.decode()
    assert "A. 气体检测" in page and "未标注（全员适用）" in page and "共享题库" in page
    assert "预览（含答案与解析）" in page
    assert snippet_url("edit", bank.shared.pk) not in page
