"""A query that names a provision opens with it, then the ranked list."""

from __future__ import annotations

import pytest

from content.search import indexing
from content.search.querying import SearchFilters, search

from .builders import make_regulation

pytestmark = pytest.mark.django_db

TRAINING = "生产经营单位应当对从业人员进行安全生产教育和培训，未经安全生产教育和培训合格的从业人员，不得上岗作业。"
FIRE = "消防产品的质量必须符合国家标准；没有国家标准的，必须符合行业标准。从业人员应当进行培训。"


@pytest.fixture
def laws(page_tree):
    safety = make_regulation(
        "中华人民共和国安全生产法",
        [
            ("第二十七条", "", "主要负责人和安全生产管理人员必须具备相应的安全生产知识。"),
            ("第二十八条", "", TRAINING),
        ],
    )
    fire = make_regulation(
        "中华人民共和国消防法",
        [
            ("第二十八条", "", "任何单位、个人不得损坏、挪用或者擅自拆除、停用消防设施、器材。"),
            ("第六十七条", "", FIRE),
        ],
    )
    for page in (safety, fire):
        indexing.index_regulation(page.pk)
    return safety, fire


def test_law_and_article_open_that_article_first(laws):
    hits = search("安全生产法第二十八条").hits
    assert (hits[0].document, hits[0].provision, hits[0].exact) == (
        "中华人民共和国安全生产法",
        "第二十八条",
        True,
    )
    assert sum(hit.exact for hit in hits) == 1
    assert len({(h.document, h.provision) for h in hits}) == len(hits)  # not listed twice


def test_a_short_name_and_arabic_number_resolve(laws):
    first = search("安法 28条").hits[0]
    assert (first.document, first.provision, first.exact) == (
        "中华人民共和国安全生产法",
        "第二十八条",
        True,
    )


@pytest.mark.parametrize(
    "query", ["安全生产法第二十八条第二款", "新安法第二十八条", "安全生产法第二十八条讲的啥"]
)
def test_everyday_ways_of_naming_an_article_open_it(laws, query):
    first = search(query).hits[0]
    assert (first.document, first.provision, first.exact) == (
        "中华人民共和国安全生产法",
        "第二十八条",
        True,
    )


def test_two_articles_named_together_both_come_first_in_the_order_asked(laws):
    hits = search("安全生产法第二十八条和第二十七条").hits
    assert [(h.provision, h.exact) for h in hits[:2]] == [
        ("第二十八条", True),
        ("第二十七条", True),
    ]


def test_a_bare_article_number_lists_that_article_of_each_law(laws):
    exact = [(h.document, h.provision) for h in search("第二十八条").hits if h.exact]
    assert sorted(exact) == [
        ("中华人民共和国安全生产法", "第二十八条"),
        ("中华人民共和国消防法", "第二十八条"),
    ]
    assert search("第二十八条").hits[1].exact  # both before the ranked list


def test_a_bare_article_number_puts_the_general_law_first(laws):
    """危险化学品安全法 sorts before 安全生产法 by title; a law confined to one field (its
    scope terms) comes after the law for every field all the same."""
    from content.regulations.models import RegulationPage

    chemicals = make_regulation(
        "中华人民共和国危险化学品安全法",
        [("第二十八条", "", "危险化学品生产企业应当建立安全生产责任制。")],
    )
    indexing.index_regulation(chemicals.pk)
    RegulationPage.objects.filter(pk=chemicals.pk).update(scope_terms="危险化学品")
    RegulationPage.objects.filter(title="中华人民共和国消防法").update(scope_terms="消防")

    exact = [h.document for h in search("第二十八条").hits if h.exact]
    assert exact == [
        "中华人民共和国安全生产法",
        "中华人民共和国危险化学品安全法",
        "中华人民共和国消防法",
    ]


def test_a_law_not_in_the_index_names_nothing(laws):
    assert not any(hit.exact for hit in search("道路交通安全法第二十八条").hits)


def test_ordinary_questions_are_ranked_as_before(laws):
    assert not any(hit.exact for hit in search("没经过培训能不能上岗").hits)


def test_the_api_marks_the_named_provision(client, laws):
    body = client.get("/api/search/", {"q": "安全生产法第二十八条"}).json()
    assert body["results"][0]["exact"] is True
    assert body["results"][0]["provision"] == "第二十八条"
    page = client.get("/search/", {"q": "安全生产法第二十八条"}).content.decode()
    assert "按条文编号查到" in page


def test_a_document_number_opens_the_document_and_its_item(laws):
    notice = make_regulation(
        "关于印发2024年安全生产工作要点的通知",
        [("（一）", "", "强化企业主要负责人安全培训。"), ("（十五）", "", "推进安全文化建设。")],
        level="work_points",
        doc_number="长上应急字〔2024〕22号",
    )
    indexing.index_regulation(notice.pk)

    first = search("长上应急字[2024]22号").hits[0]
    assert (first.document, first.provision, first.exact) == (notice.title, "（一）", True)
    item = search("长上应急字〔2024〕22号 （十五）").hits[0]
    assert (item.provision, item.exact) == ("（十五）", True)


def test_a_question_naming_a_law_lists_that_laws_provisions_first(laws):
    # 消防法 第六十七条 also speaks of 从业人员 and 培训; the question names 消防法.
    named = [hit.document for hit in search("消防法对从业人员培训有什么要求").hits]
    assert named[0] == "中华人民共和国消防法"
    assert named.index("中华人民共和国安全生产法") > max(
        i for i, doc in enumerate(named) if doc == "中华人民共和国消防法"
    )
    # Unnamed, the law whose text says it best leads.
    assert search("从业人员培训有什么要求").hits[0].document == "中华人民共和国安全生产法"
    # A short form names the law too, and nothing is marked as an exact lookup.
    short = search("安法对从业人员培训有什么要求").hits
    assert short[0].document == "中华人民共和国安全生产法"
    assert not any(hit.exact for hit in short)


@pytest.mark.parametrize(
    ("query", "note"),
    [
        ("安全生产法第1000条", "《中华人民共和国安全生产法》中没有第一千条"),
        ("安全生产法第二十八条和第九十九条", "《中华人民共和国安全生产法》中没有第九十九条"),
        ("道路交通安全法第二十八条", "本库未收录“道路交通安全法”"),
    ],
)
def test_an_article_the_index_does_not_hold_is_said_so_above_the_list(client, laws, query, note):
    page = client.get("/search/", {"q": query}).content.decode()
    api = client.get("/api/search/", {"q": query}).json()

    assert note in page
    assert note in api["reference_note"]
    assert note in search(query).reference_note


def test_no_note_when_the_article_is_held_or_only_filtered_out(laws):
    assert search("安全生产法第二十八条").reference_note == ""
    assert search("第二十八条").reference_note == ""  # no law named: nothing to deny
    # Filtered to the catalogue, the article is out of view, not missing.
    only_catalogue = SearchFilters(source_types=("catalogue",))
    assert search("安全生产法第二十八条", filters=only_catalogue).reference_note == ""
