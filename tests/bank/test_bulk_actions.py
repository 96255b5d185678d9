"""Bulk 停用 and 添加标签, and deletion that never removes a question an attempt used."""

from __future__ import annotations

import pytest
from wagtail.models import ModelLogEntry

from assessments.bank.versioning import freeze_all
from assessments.models import Question, QuestionStatus
from tests.bank.conftest import login
from tests.bank.urls import bulk_url, snippet_url
from tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db


def test_bulk_retire_retires_and_never_deletes(client, bank):
    second = QuestionFactory(enterprise=bank.a, stem="甲企业第二题？")
    login(client, bank.manager_a)
    url = bulk_url("retire", bank.own_a.pk, second.pk, next_url=snippet_url("list"))
    page = client.get(url).content.decode()
    assert "确定停用以下 2 道试题" in page
    response = client.post(url)
    assert response.status_code == 302
    assert set(
        Question.objects.filter(pk__in=[bank.own_a.pk, second.pk]).values_list("status", flat=True)
    ) == {QuestionStatus.RETIRED}
    assert ModelLogEntry.objects.filter(action="assessments.question.retire").count() == 2
    assert bank.own_a.versions.count() == 1  # no content change, no new version


def test_bulk_retire_skips_banks_the_user_cannot_manage(client, bank):
    login(client, bank.manager_a)
    url = bulk_url("retire", bank.own_a.pk, bank.shared.pk)
    page = client.get(url).content.decode()
    assert "不会停用" in page  # the shared question is listed as out of reach
    client.post(url)
    statuses = dict(Question.objects.values_list("pk", "status"))
    assert statuses[bank.own_a.pk] == QuestionStatus.RETIRED
    assert statuses[bank.shared.pk] == QuestionStatus.ACTIVE


def test_bulk_actions_with_another_enterprises_question_are_a_404(client, bank):
    login(client, bank.manager_a)
    for action in ("retire", "tag", "delete"):
        url = bulk_url(action, bank.own_a.pk, bank.own_b.pk)
        assert client.get(url).status_code == 404, action
        assert client.post(url).status_code == 404, action
    assert set(Question.objects.values_list("status", flat=True)) == {QuestionStatus.ACTIVE}
    assert Question.objects.filter(pk__in=[bank.own_a.pk, bank.own_b.pk]).count() == 2


def test_bulk_tag_adds_topics_and_levels_and_keeps_existing_tags(client, bank):
    Question.objects.filter(pk=bank.own_a.pk).update(topics=["动火作业"], levels=["operator"])
    login(client, bank.manager_a)
    url = bulk_url("tag", bank.own_a.pk, bank.shared.pk)
    response = client.post(url, {"topics": "特殊作业、动火作业", "levels": ["team_leader"]})
    assert response.status_code == 302
    own_a, shared = Question.objects.get(pk=bank.own_a.pk), Question.objects.get(pk=bank.shared.pk)
    assert own_a.topics == ["动火作业", "特殊作业"]
    assert own_a.levels == ["operator", "team_leader"]
    assert shared.topics == []  # read-only for an enterprise manager


def test_bulk_tag_needs_at_least_one_tag(client, bank):
    login(client, bank.manager_a)
    response = client.post(bulk_url("tag", bank.own_a.pk), {"topics": ""})
    assert "请至少填写一项要添加的标签" in response.content.decode()


def test_a_used_question_cannot_be_deleted_but_can_be_retired(client, bank):
    freeze_all([bank.own_a.versions.get().pk])
    login(client, bank.manager_a)
    response = client.post(snippet_url("delete", bank.own_a.pk))
    assert response.status_code == 302
    assert response["Location"] == snippet_url("inspect", bank.own_a.pk)
    client.post(bulk_url("delete", bank.own_a.pk))
    assert Question.objects.filter(pk=bank.own_a.pk).exists()
    page = client.get(snippet_url("list")).content.decode()
    assert snippet_url("delete", bank.own_a.pk) not in page
    client.post(bulk_url("retire", bank.own_a.pk))
    assert Question.objects.get(pk=bank.own_a.pk).status == QuestionStatus.RETIRED


def test_an_unused_question_of_ones_own_bank_can_be_deleted(client, bank):
    login(client, bank.manager_a)
    response = client.post(snippet_url("delete", bank.own_a.pk))
    assert response.status_code == 302
    assert not Question.objects.filter(pk=bank.own_a.pk).exists()


def test_bulk_delete_leaves_other_banks_alone(client, bank):
    login(client, bank.manager_b)
    client.post(bulk_url("delete", bank.shared.pk, bank.own_b.pk))
    remaining = set(Question.objects.values_list("pk", flat=True))
    assert {bank.own_a.pk, bank.shared.pk} <= remaining
    assert bank.own_b.pk not in remaining
    (entry,) = ModelLogEntry.objects.filter(action="wagtail.delete")
    assert (entry.object_id, entry.user) == (str(bank.own_b.pk), bank.manager_b.user)
