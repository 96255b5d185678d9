"""The search page, the JSON API and related provisions, as a client sees them."""

import re

import pytest

from content.search import indexing
from content.search.models import Chunk
from content.search.rescoring import FEATURES
from content.search.standards_store import clear_standards_cache

from .builders import make_catalogue_item, make_regulation

pytestmark = pytest.mark.django_db

TRAINING = "未经安全生产教育和培训合格的从业人员，不得上岗作业。"
PENALTY = (
    "生产经营单位未按照规定对从业人员进行安全生产教育和培训的，责令限期改正，处十万元以下的罚款。"
)


@pytest.fixture
def law(page_tree):
    page = make_regulation(
        "中华人民共和国安全生产法",
        [("第二十八条", "", TRAINING), ("第九十七条", "", PENALTY)],
    )
    indexing.index_regulation(page.pk)
    return page


@pytest.fixture
def draft(page_tree):
    """A page that was published, indexed, then unpublished: never to be seen again."""
    page = make_regulation(
        "未公开的内部规定", [("第一条", "", "从业人员未经培训不得上岗作业的内部规定。")]
    )
    indexing.index_regulation(page.pk)
    page.unpublish()
    indexing.index_regulation(page.pk)
    return page


def test_api_shape(client, law) -> None:
    response = client.get("/api/search/", {"q": "没经过培训能不能直接上岗干活", "limit": 1})

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {
        "query",
        "found",
        "standard",
        "reference_note",
        "number_unstated",
        "method_asked",
        "vague",
        "results",
    }
    assert body["reference_note"] == "" and body["number_unstated"] is False
    assert body["method_asked"] is False and body["vague"] is False
    assert body["standard"] is None  # found: no standard is named
    assert body["query"] == "没经过培训能不能直接上岗干活"
    [hit] = body["results"]
    assert set(hit) == {
        "document",
        "provision",
        "path",
        "url",
        "text",
        "score",
        "source_type",
        "exact",
    }
    assert hit["document"] == "中华人民共和国安全生产法"
    assert hit["provision"] == "第二十八条"
    assert hit["path"] == "中华人民共和国安全生产法 › 第二十八条"
    assert hit["url"] == f"http://testserver{law.url}#art-1"
    assert hit["text"] == TRAINING
    assert hit["source_type"] == "regulation"
    assert isinstance(hit["score"], float) and hit["score"] > 0


def test_api_explain_adds_the_ranks(client, law) -> None:
    hit = client.get("/api/search/", {"q": "培训 上岗", "explain": "1"}).json()["results"][0]

    assert {"vector_rank", "lexical_rank"} <= set(hit)
    # and what the re-score weighed: each arm's rank as 1 / rank, the wording held, and
    # what the question asks for (no consequence, no number) against what the text says
    weighed = hit["rescore"]
    assert set(weighed) == set(FEATURES)
    assert weighed["penalty_asked"] == weighed["quantity_unstated"] == 0
    assert weighed["vector"] == pytest.approx(1 / hit["vector_rank"], abs=1e-4)
    assert weighed["lexical"] == pytest.approx(1 / hit["lexical_rank"], abs=1e-4)
    assert 0 < weighed["pair_coverage"] <= 1
    plain = client.get("/api/search/", {"q": "培训 上岗"}).json()["results"][0]
    assert "rescore" not in plain and "vector_rank" not in plain


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "   "}, {"q": "\u200b"}])
def test_api_empty_query_is_a_400_in_chinese(client, law, params) -> None:
    response = client.get("/api/search/", params)

    assert response.status_code == 400
    assert response.json()["error"] == "请输入要搜索的内容"


def test_api_bad_type_is_a_400(client, law) -> None:
    response = client.get("/api/search/", {"q": "培训", "type": "secret"})

    assert response.status_code == 400
    assert "type 参数无效" in response.json()["error"]


@pytest.mark.parametrize(("limit", "most"), [("0", 1), ("-5", 1), ("abc", 10), ("1000", 50)])
def test_api_limit_is_clamped(client, law, limit, most) -> None:
    response = client.get("/api/search/", {"q": "培训", "limit": limit})

    assert response.status_code == 200
    assert 1 <= len(response.json()["results"]) <= most


def test_api_type_filter(client, law, page_tree) -> None:
    item = make_catalogue_item("用火直接加热的涂料用树脂生产工艺", "明火加热，易引发火灾。")
    indexing.index_catalogue_item(item.pk)

    results = client.get("/api/search/", {"q": "明火加热 培训", "type": "catalogue"}).json()[
        "results"
    ]

    assert results and {r["source_type"] for r in results} == {"catalogue"}


def test_api_long_and_hostile_queries(client, law) -> None:
    for q in ("培训" * 1000, "' OR 1=1; -- & | ! :* <->", "\\\"'"):
        response = client.get("/api/search/", {"q": q})
        assert response.status_code == 200, q
    assert len(client.get("/api/search/", {"q": "培" * 2000}).json()["query"]) == 200


def test_unpublished_content_never_appears(client, law, draft) -> None:
    api = client.get("/api/search/", {"q": "内部规定 从业人员未经培训不得上岗作业", "limit": 50})
    page = client.get("/search/", {"q": "内部规定 从业人员未经培训不得上岗作业"})

    assert "未公开的内部规定" not in api.content.decode()
    assert "未公开的内部规定" not in page.content.decode()
    assert not Chunk.objects.filter(object_id=draft.pk).exists()


def test_search_page_shows_highlighted_hits_with_path_and_anchor(client, law) -> None:
    response = client.get("/search/", {"q": "没经过培训能不能直接上岗干活"})

    html = response.content.decode()
    assert response.status_code == 200
    # Links go through the search log's open endpoint, which redirects to the anchor.
    opened = client.get(re.search(r'class="hit-title" href="([^"]+)"', html).group(1))
    assert opened["Location"] == f"{law.url}#art-1"
    assert "中华人民共和国安全生产法 › 第二十八条" in html
    assert "<mark>培训</mark>" in html
    assert "已补充法规用语" in html


def test_search_page_messages(client, law) -> None:
    empty = client.get("/search/", {"q": " "}).content.decode()
    nothing = client.get("/search/", {"q": "zzqx", "type": "culture"}).content.decode()
    fresh = client.get("/search/").content.decode()

    assert "请输入要搜索的内容" in empty
    assert "没有找到相关内容" in nothing
    assert "请输入要搜索的内容" not in fresh and "没有找到" not in fresh


def test_search_page_escapes_the_query(client, law) -> None:
    html = client.get("/search/", {"q": "<script>alert(1)</script>"}).content.decode()

    assert "<script>alert(1)</script>" not in html


def test_search_page_query_count(client, law, django_assert_max_num_queries) -> None:
    client.get("/search/", {"q": "培训"})  # warm caches (glossary, corpus, facets)
    # the index's readiness count, search's 8 (test_querying), the search log's INSERT in
    # its savepoint
    with django_assert_max_num_queries(12):
        response = client.get("/search/", {"q": "没经过培训能不能直接上岗干活"})
    assert response.status_code == 200
    assert "第二十八条" in response.content.decode()


def test_related_provisions_fragment_and_json(client, law, monkeypatch) -> None:
    from content.search import querying, vectors

    def no_model():
        raise AssertionError("related provisions must not load the model")

    monkeypatch.setattr(vectors, "active_embedder", no_model)
    monkeypatch.setattr(querying, "active_embedder", no_model)
    provision = law.provisions.get(label="第二十八条")

    fragment = client.get(f"/search/related/provision/{provision.pk}/").content.decode()
    data = client.get(f"/search/related/provision/{provision.pk}/", {"format": "json"}).json()

    assert "第九十七条" in fragment and "第二十八条" not in fragment
    assert [r["provision"] for r in data["results"]] == ["第九十七条"]


def test_related_for_unknown_things(client, law) -> None:
    assert "暂无相关条款" in client.get("/search/related/provision/999999/").content.decode()
    assert client.get("/search/related/nonsense/1/").status_code == 404


def test_regulation_page_offers_related_provisions(client, law) -> None:
    response = client.get(law.url)
    assert response.status_code == 200
    html = response.content.decode()

    provision = law.provisions.get(label="第二十八条")
    assert f'data-related-url="/search/related/provision/{provision.pk}/"' in html
    assert "kbsearch/related.js" in html


def test_catalogue_item_page_offers_related_provisions(client, law) -> None:
    item = make_catalogue_item("用火直接加热的涂料用树脂生产工艺", "明火加热，易引发火灾。")
    indexing.index_catalogue_item(item.pk)

    html = client.get(item.get_absolute_url()).content.decode()
    related = client.get(f"/search/related/catalogue/{item.pk}/", {"format": "json"}).json()

    assert f'data-related-url="/search/related/catalogue/{item.pk}/"' in html
    assert {r["document"] for r in related["results"]} == {"中华人民共和国安全生产法"}


def test_gibberish_says_nothing_relevant_was_found(client, law) -> None:
    body = client.get("/api/search/", {"q": "asdkjhqwe"}).json()
    assert body["found"] is False
    page = client.get("/search/", {"q": "asdkjhqwe"}).content.decode()
    assert "没有找到直接相关的条款" in page
    assert "找到 " not in page


NUMBER_NOTE = "前几条条款没有写明您问的具体数值"


def test_a_number_asked_for_and_not_in_the_first_hits_is_said(client, page_tree) -> None:
    """The list holds the duty (train before work) but not the hours asked for."""
    page = make_regulation("中华人民共和国安全生产法", [("第二十八条", "", TRAINING)])
    indexing.index_regulation(page.pk)
    asked = "未经安全生产教育和培训合格的从业人员上岗前要培训多少学时"

    body = client.get("/api/search/", {"q": asked}).json()
    assert body["found"] is True and body["number_unstated"] is True
    assert NUMBER_NOTE in client.get("/search/", {"q": asked}).content.decode()

    plain = "未经安全生产教育和培训合格的从业人员能不能上岗作业"
    assert client.get("/api/search/", {"q": plain}).json()["number_unstated"] is False
    assert NUMBER_NOTE not in client.get("/search/", {"q": plain}).content.decode()


def test_the_api_says_when_a_question_asks_for_a_technical_method(client, law) -> None:
    body = client.get("/api/search/", {"q": "反应釜的爆破片怎么选型"}).json()
    assert body["method_asked"] is True
    assert client.get("/api/search/", {"q": "爆破片要不要定期检查"}).json()["method_asked"] is False


def test_a_number_the_law_states_is_not_said_to_be_missing(client, law) -> None:
    body = client.get("/api/search/", {"q": "没培训就让工人上岗要罚多少钱"}).json()
    assert body["found"] is True
    assert "十万元" in " ".join(hit["text"] for hit in body["results"][:3])
    assert body["number_unstated"] is False


NAMED = "GB 30871-2022《危险化学品企业特殊作业安全规范》是技术标准，本库未收录其条文"


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("GB30871", False),  # the code alone: nothing here answers it
        (f"GB30871 {TRAINING}", True),  # the list answers, the standard is still out of reach
    ],
)
def test_a_standard_named_by_code_is_pointed_to_whatever_the_list_holds(
    client, law, query, found
) -> None:
    body = client.get("/api/search/", {"q": query}).json()
    page = client.get("/search/", {"q": query}).content.decode()

    assert body["found"] is found
    assert body["standard"] == {
        "code": "GB 30871-2022",
        "title": "危险化学品企业特殊作业安全规范",
        "named": True,
    }
    assert NAMED in page
    assert ("没有找到直接相关的条款" in page) is not found


def test_a_standard_imported_as_a_regulation_is_searched_not_pointed_to(client, law) -> None:
    page = make_regulation(
        "GB 30871-2022 危险化学品企业特殊作业安全规范",
        [("5.2", "动火作业分级", "固定动火区外的动火作业分为特级、一级和二级。")],
        level="national_standard",
    )
    indexing.index_regulation(page.pk)
    clear_standards_cache()

    body = client.get("/api/search/", {"q": "GB30871 动火作业分级"}).json()

    assert (body["standard"] or {}).get("code") != "GB 30871-2022"
    assert body["results"][0]["document"] == page.title


VAGUE_HINT = "问题比较笼统"


def test_a_question_of_words_every_provision_uses_is_asked_to_say_more(client, law) -> None:
    body = client.get("/api/search/", {"q": "安全"}).json()
    assert body["vague"] is True
    page = client.get("/search/", {"q": "安全"}).content.decode()
    assert VAGUE_HINT in page and "“安全”" in page

    for specific in ("罚款多少", "安全 asdkjhqwe"):  # a rarer word; a word never seen
        assert client.get("/api/search/", {"q": specific}).json()["vague"] is False
        assert VAGUE_HINT not in client.get("/search/", {"q": specific}).content.decode()
