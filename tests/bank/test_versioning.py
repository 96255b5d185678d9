"""An edit updates v1 while no attempt used it; once frozen, an edit makes v2 and v1 stays."""

from __future__ import annotations

import pytest

from assessments.bank.versioning import freeze_all
from tests.bank.conftest import login
from tests.bank.forms_data import question_post
from tests.bank.urls import snippet_url

pytestmark = pytest.mark.django_db


def edit(client, question, **changes):
    response = client.post(snippet_url("edit", question.pk), question_post(question, **changes))
    assert response.status_code == 302, response.content.decode()[:2000]
    question.refresh_from_db()
    return question


def test_editing_an_unused_question_updates_its_only_version(client, bank):
    login(client, bank.manager_a)
    question = edit(client, bank.own_a, stem="改写后的题干：合成车间的主要危险是什么？")
    versions = list(question.versions.order_by("number"))
    assert [v.number for v in versions] == [1]
    assert versions[0].content["stem"] == "改写后的题干：合成车间的主要危险是什么？"
    assert versions[0].created_by is None  # v1 was made by the factory, updated in place


def test_after_an_attempt_used_v1_an_edit_makes_v2_and_v1_is_kept(client, bank):
    question = bank.own_a
    v1 = question.versions.get(number=1)
    original = dict(v1.content)
    freeze_all([v1.pk])
    login(client, bank.manager_a)
    edit(client, question, stem="新版题干：合成车间最主要的危险是什么？", answer_text="B")
    v1.refresh_from_db()
    assert v1.content == original
    v2 = question.versions.get(number=2)
    assert v2.content["stem"] == "新版题干：合成车间最主要的危险是什么？"
    assert v2.content["answer"] == ["B"]
    assert v2.created_by == bank.manager_a.user
    assert v2.used_at is None


def test_the_editor_warns_that_saving_a_used_question_makes_a_new_version(client, bank):
    freeze_all([bank.own_a.versions.get(number=1).pk])
    login(client, bank.manager_a)
    page = client.get(snippet_url("edit", bank.own_a.pk)).content.decode()
    assert "生成新版本 v2" in page


def test_tag_only_changes_make_no_new_version(client, bank):
    freeze_all([bank.own_a.versions.get(number=1).pk])
    login(client, bank.manager_a)
    question = edit(client, bank.own_a, topics="动火作业、特殊作业")
    assert question.topics == ["动火作业", "特殊作业"]
    assert question.versions.count() == 1
