"""manage.py kb_search and reindex."""

import json

import pytest
from django.core.management import CommandError, call_command

from content.search import indexing
from content.search.models import Chunk

from .builders import make_regulation

pytestmark = pytest.mark.django_db


@pytest.fixture
def law(page_tree):
    page = make_regulation(
        "中华人民共和国安全生产法",
        [("第二十八条", "", "未经安全生产教育和培训合格的从业人员，不得上岗作业。")],
    )
    indexing.index_regulation(page.pk)
    return page


def test_kb_search_json(law, capsys) -> None:
    call_command("kb_search", "没经过培训能不能直接上岗干活", "--json", "--limit", "3")

    payload = json.loads(capsys.readouterr().out)
    assert payload["query"] == "没经过培训能不能直接上岗干活"
    assert payload["results"][0]["provision"] == "第二十八条"
    assert {"vector_rank", "lexical_rank"} <= set(payload["results"][0])


def test_kb_search_says_when_nothing_answers(law, client, capsys) -> None:
    """As the page and the API do: the message, then only the nearest few."""
    call_command("kb_search", "asdkjhqwe")
    text = capsys.readouterr().out

    call_command("kb_search", "asdkjhqwe", "--json")
    payload = json.loads(capsys.readouterr().out)

    assert "没有找到直接相关的条款" in text
    assert payload["found"] is False
    api = client.get("/api/search/", {"q": "asdkjhqwe", "explain": "1"}).json()
    assert set(payload) == set(api)
    assert [set(hit) for hit in payload["results"]] == [set(hit) for hit in api["results"]]


def test_kb_search_points_to_a_standard_the_question_names(law, capsys) -> None:
    call_command("kb_search", "GB/T 50493 可燃气体报警器装多高")
    text = capsys.readouterr().out

    assert "GB/T 50493-2019《石油化工可燃气体和有毒气体检测报警设计标准》是技术标准" in text


def test_kb_search_says_when_a_named_article_is_not_in_the_law(law, capsys) -> None:
    call_command("kb_search", "安全生产法第1000条")

    assert "《中华人民共和国安全生产法》中没有第一千条" in capsys.readouterr().out


def test_kb_search_says_when_the_number_asked_for_is_not_in_the_first_hits(law, capsys) -> None:
    call_command("kb_search", "未经安全生产教育和培训合格的从业人员上岗前要培训多少学时")
    assert "前几条条款没有写明您问的具体数值" in capsys.readouterr().out

    call_command("kb_search", "未经安全生产教育和培训合格的从业人员能不能上岗作业")
    assert "具体数值" not in capsys.readouterr().out


def test_kb_search_text_and_empty_query(law, capsys) -> None:
    call_command("kb_search", "上岗作业")
    assert "中华人民共和国安全生产法 › 第二十八条" in capsys.readouterr().out

    with pytest.raises(CommandError, match="请输入要搜索的内容"):
        call_command("kb_search", "  ")


def test_reindex_rebuilds_and_reports(law, capsys) -> None:
    Chunk.objects.all().delete()

    call_command("reindex", "--no-progress")

    assert Chunk.objects.filter(object_id=law.pk).exists()
    assert "索引完成" in capsys.readouterr().out
