"""The 题库 listing: menu, columns, and each filter."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from assessments.bank.services import save_question
from assessments.bank.versioning import freeze_all
from assessments.models import Question, QuestionImport
from tests.bank.conftest import login
from tests.bank.urls import snippet_url
from tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tagged(bank):
    """Three more questions of enterprise A, tagged differently."""
    return {
        "fill": QuestionFactory(
            enterprise=bank.a,
            type="fill",
            stem="填空题：天然气的主要成分是（ ）。",
            options=[],
            answer=["甲烷"],
            difficulty="hard",
            levels=["team_leader"],
            specialties=["process"],
            posts=["中控岗"],
            topics=["危险化学品"],
        ),
        "retired": QuestionFactory(
            enterprise=bank.a, stem="已停用的题：旧规定？", status="retired", topics=["动火作业"]
        ),
        "draft": QuestionFactory(
            enterprise=bank.a, stem="草稿题：新规定？", status="draft", posts=["合成岗"]
        ),
    }


def stems(client, **params) -> set[str]:
    response = client.get(snippet_url("list"), params)
    assert response.status_code == 200
    page = response.content.decode()
    return {q.stem for q in Question.objects.all() if q.stem[:20] in page}


def test_menu_shows_the_bank(client, bank):
    login(client, bank.manager_a)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert json.dumps({"name": "question-bank", "label": "题库"})[1:-1] in page


def test_columns_show_bank_basis_and_version(client, bank):
    freeze_all([bank.own_a.versions.get().pk])
    bank.own_a.stem = "甲企业题：合成车间最主要的危险是什么？"
    save_question(bank.own_a, user=None)
    Question.objects.filter(pk=bank.shared.pk).update(basis="《安全生产法》第二十八条")
    login(client, bank.manager_a)
    page = client.get(snippet_url("list")).content.decode()
    for heading in ("题干", "题型", "难度", "状态", "题库归属", "依据", "版本"):
        assert heading in page
    assert "共享题库" in page and "甲化工有限公司" in page
    assert "《安全生产法》第二十八条" in page
    assert "v2" in page


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"type": "fill"}, {"fill"}),
        ({"level": "team_leader"}, {"fill"}),
        ({"specialty": "process"}, {"fill"}),
        ({"post": "合成岗"}, {"draft"}),
        ({"topic": "动火作业"}, {"retired"}),
        ({"status": "retired"}, {"retired"}),
        ({"status": "draft"}, {"draft"}),
        ({"difficulty": "hard"}, {"fill"}),
    ],
)
def test_each_filter_narrows_the_listing(client, bank, tagged, params, expected):
    login(client, bank.manager_a)
    assert stems(client, **params) == {tagged[name].stem for name in expected}


def test_untagged_level_filter_finds_questions_for_everyone(client, bank, tagged):
    login(client, bank.manager_a)
    found = stems(client, level="__none__")
    assert tagged["fill"].stem not in found and bank.own_a.stem in found


def test_source_filters(client, bank, seed_notice):
    provision = seed_notice.provisions.get(label="（一）")
    Question.objects.filter(pk=bank.own_a.pk).update(source_provision=provision)
    login(client, bank.manager_a)
    assert stems(client, source="linked") == {bank.own_a.stem}
    assert bank.own_a.stem not in stems(client, source="unlinked")
    assert stems(client, regulation=str(seed_notice.pk)) == {bank.own_a.stem}


def test_filter_choices_only_name_what_the_user_sees(client, bank):
    QuestionFactory(enterprise=bank.b, stem="乙的题？", posts=["冻干岗"], topics=["无菌制剂"])
    login(client, bank.manager_a)
    page = client.get(snippet_url("list")).content.decode()
    assert "冻干岗" not in page and "无菌制剂" not in page and "乙制药有限公司" not in page


def test_import_batch_filter_lists_one_import(client, bank):
    batch = QuestionImport.objects.create(
        filename="x.xlsx", jurisdiction=bank.j1, enterprise=bank.a
    )
    Question.objects.filter(pk=bank.own_a.pk).update(import_batch=batch)
    login(client, bank.manager_a)
    assert stems(client, import_batch=batch.pk) == {bank.own_a.stem}


def test_listing_queries_do_not_grow_with_the_page(client, bank, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login(client, bank.manager_a)
    client.get(snippet_url("list"))  # warm caches (content types, permissions)
    with CaptureQueriesContext(connection) as few:
        response = client.get(snippet_url("list"))
    assert response.status_code == 200
    for n in range(20):
        QuestionFactory(enterprise=bank.a, stem=f"批量题{n}：动火作业要求？", topics=["动火作业"])
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(snippet_url("list"))
    assert response.status_code == 200
    assert "批量题19：动火作业要求？" in response.content.decode()
