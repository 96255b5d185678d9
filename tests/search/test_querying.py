"""Hybrid search: filters, one hit per provision, ranks, scope and hostile input."""

import numpy as np
import pytest

from content.search import indexing
from content.search.models import Chunk
from content.search.querying import MAX_QUERY_CHARS, SearchFilters, SearchScope, search
from content.search.rescoring import relative_similarities
from content.search.segment import EmptyQueryError
from content.search.vectors import active_embedder

from .builders import make_catalogue_item, make_regulation

pytestmark = pytest.mark.django_db

TRAINING = "未经安全生产教育和培训合格的从业人员，不得上岗作业。"
LONG = "".join(f"第{i}句：危险化学品仓库应当设置明显标志并专人管理。" for i in range(30))


@pytest.fixture
def library(page_tree):
    """Two laws in force, one repealed rule, a catalogue item; all indexed."""
    pages = {
        "law": make_regulation(
            "中华人民共和国安全生产法",
            [("第二十八条", "", TRAINING), ("第四十一条", "", LONG)],
            tags=["社会法"],
        ),
        "fire": make_regulation(
            "中华人民共和国消防法",
            [("第二十一条", "", "禁止在具有火灾、爆炸危险的场所吸烟、使用明火。")],
            authority="消防救援局",
            tags=["行政法"],
        ),
        "old": make_regulation(
            "旧的培训规定",
            [("第一条", "", "从业人员未经培训不得上岗作业，旧规定。")],
            status="repealed",
            level="departmental_rule",
        ),
    }
    for page in pages.values():
        indexing.index_regulation(page.pk)
    item = make_catalogue_item("用火直接加热的涂料用树脂生产工艺", "明火加热，易引发火灾。")
    indexing.index_catalogue_item(item.pk)
    pages["item"] = item
    return pages


def test_finds_the_provision_with_both_ranks(library) -> None:
    results = search("没经过培训能不能直接上岗干活")

    top = results.hits[0]
    assert (top.document, top.provision) == ("中华人民共和国安全生产法", "第二十八条")
    assert top.text == TRAINING and top.url == f"{library['law'].url}#{top.anchor}"
    assert top.vector_rank == 1 and top.lexical_rank == 1
    assert "未经安全生产教育和培训" in results.added_terms  # glossary expansion


def test_the_search_reports_what_the_not_found_model_reads(library) -> None:
    asked = search("没经过培训能不能直接上岗干活").confidence
    gibberish = search("asdkjhqwe").confidence

    assert asked.arms_agree and asked.glossary and asked.unseen_share is not None
    assert asked.unseen_share < 1.0 and asked.cjk_share == 1.0
    assert asked.vector_margin is not None and asked.vector_margin >= 0.0
    assert gibberish.unseen_share == 1.0 and gibberish.cjk_share == 0.0
    assert not gibberish.arms_agree and not gibberish.glossary


def test_only_provisions_in_force_by_default(library) -> None:
    documents = {h.document for h in search("从业人员培训上岗").hits}
    everything = {
        h.document for h in search("从业人员培训上岗", filters=SearchFilters(statuses=())).hits
    }

    assert "旧的培训规定" not in documents
    assert "旧的培训规定" in everything


@pytest.mark.parametrize(
    ("filters", "documents"),
    [
        (
            SearchFilters(source_types=("catalogue",)),
            {"淘汰落后危险化学品安全生产工艺技术设备目录"},
        ),
        (SearchFilters(authority="消防救援局"), {"中华人民共和国消防法"}),
        (SearchFilters(tag="行政法"), {"中华人民共和国消防法"}),
        (SearchFilters(levels=("departmental_rule",), statuses=("repealed",)), {"旧的培训规定"}),
    ],
)
def test_filters(library, filters, documents) -> None:
    hits = search("火灾 明火 培训 上岗", filters=filters).hits

    assert hits and {h.document for h in hits} == documents


def test_one_hit_per_provision_although_pieces_match_too(library) -> None:
    hits = search("危险化学品仓库设置明显标志", limit=10).hits

    keys = [(h.object_id, h.anchor) for h in hits]
    assert len(keys) == len(set(keys))
    assert Chunk.objects.filter(provision_label="第四十一条").count() > 2  # whole + pieces


def test_a_hit_found_through_a_sentence_piece_shows_its_whole_provision(page_tree) -> None:
    # 第三条 is long enough to get sentence pieces; the query matches only its last sentence.
    sentences = [f"第{i}项：危险化学品仓库应当设置明显标志并专人管理。" for i in range(8)]
    target = "剧毒化学品实行双人收发、双人保管制度。"
    make_regulation("危险化学品管理办法", [("第三条", "", "".join(sentences) + target)])
    indexing.reindex_all()
    assert Chunk.objects.filter(provision_label="第三条", piece=True).exists()

    [hit] = [h for h in search("双人收发 双人保管", mode="lexical").hits if h.provision == "第三条"]

    assert target in hit.text and sentences[0] in hit.text  # the provision, not the piece
    assert not Chunk.objects.get(pk=hit.chunk_id).piece


def test_limit_is_clamped(library) -> None:
    assert len(search("培训", limit=0).hits) <= 1
    assert len(search("培训", limit=10_000).hits) <= 50


@pytest.mark.parametrize("query", ["", "   ", "\x00\u200b"])
def test_empty_query_is_a_clear_error(library, query) -> None:
    with pytest.raises(EmptyQueryError, match="请输入要搜索的内容"):
        search(query)


def test_punctuation_only_query_is_answered_as_not_found(library) -> None:
    """Punctuation is not an empty query: it has no lexical terms, so only the vector arm
    answers, and its nearest chunks are shown as not found (没有找到直接相关的条款)."""
    results = search("？？！！")

    assert results.terms == () and results.found is False
    assert all(hit.lexical_rank is None for hit in results.hits)
    assert search("？？！！", mode="lexical").hits == ()


def test_a_2000_character_query_is_cut_safely(library) -> None:
    results = search("培训" * 1000)

    assert len(results.query) == MAX_QUERY_CHARS and results.truncated
    assert results.hits


@pytest.mark.parametrize(
    "query",
    [
        "' OR 1=1 --",
        "培训 & | ! <-> :* ()",
        "安全'); DROP TABLE kbsearch_chunk; --",
        "\\'\"\"''\\\\",
        "a:* & !b",
        "🔥" * 300,
    ],
)
def test_tsquery_operators_and_quotes_cannot_break_anything(library, query) -> None:
    search(query)

    assert Chunk.objects.exists()


def test_nothing_found_gives_no_hits(library) -> None:
    results = search("zzqx", filters=SearchFilters(source_types=("culture",)))

    assert results.hits == ()


def test_private_chunks_only_reach_their_enterprise(library) -> None:
    Chunk.objects.filter(provision_label="第二十一条").update(enterprise_id=77)

    def documents(scope):
        return {h.document for h in search("吸烟 明火", scope=scope).hits}

    assert "中华人民共和国消防法" not in documents(SearchScope())
    assert "中华人民共和国消防法" not in documents(SearchScope(frozenset({5})))
    assert "中华人民共和国消防法" in documents(SearchScope(frozenset({77})))
    assert "中华人民共和国消防法" in documents(SearchScope(None))


def test_vector_only_and_lexical_only_modes(library) -> None:
    vector = search("没经过培训能不能直接上岗干活", mode="vector").hits
    lexical = search("没经过培训能不能直接上岗干活", mode="lexical").hits

    assert all(h.lexical_rank is None for h in vector)
    assert all(h.vector_rank is None for h in lexical)


def test_search_without_a_model_falls_back_to_lexical(library, monkeypatch) -> None:
    from content.search import querying

    def broken():
        raise RuntimeError("no model")

    monkeypatch.setattr(querying, "active_embedder", broken)
    results = search("未经安全生产教育和培训")

    assert not results.vector_available
    assert results.hits[0].provision == "第二十八条"


def test_search_runs_a_fixed_number_of_queries(library, django_assert_max_num_queries) -> None:
    search("培训")  # warm the glossary and corpus caches
    # savepoint, HNSW settings, vector arm, term weights, lexical arm, the candidates' texts
    # as shown (a sentence piece as its whole provision) for the re-score, the shown rows,
    # release
    with django_assert_max_num_queries(8):
        search("没经过培训能不能直接上岗干活")


def test_a_law_confined_to_a_field_counts_as_outside_a_question_naming_none_of_it(
    library,
) -> None:
    """The field an editor gives a law (RegulationPage.scope_terms) reaches the re-score
    at once, without reindexing: a question naming nothing of it finds the law outside."""
    fire = library["fire"]
    type(fire).objects.filter(pk=fire.pk).update(scope_terms="消防 火灾")

    def outside(query: str) -> dict[str, float]:
        return {
            hit.document: dict(hit.rescore_features)["outside_scope"] for hit in search(query).hits
        }

    assert outside("车间里能不能吸烟，培训上岗") == {
        "中华人民共和国安全生产法": 0.0,  # no field: the general law is never outside
        "中华人民共和国消防法": 1.0,
        "淘汰落后危险化学品安全生产工艺技术设备目录": 0.0,
    }
    assert outside("车间里能不能吸烟，会不会引起火灾")["中华人民共和国消防法"] == 0.0


def test_a_question_pointing_at_the_district_marks_the_local_provisions(library) -> None:
    """A worker who says 区里 or 文件里 asks what the district's own documents say: the
    re-score is told which listed provisions are local (by the page's level)."""
    points = make_regulation(
        "上党区安全生产监管工作要点",
        [("（三）", "", "督促企业落实新员工岗前培训，新工人未经培训合格不得上岗作业。")],
        level="work_points",
        authority="长治市上党区应急管理局",
    )
    indexing.index_regulation(points.pk)

    def district(query: str) -> dict[str, float]:
        return {
            hit.document: dict(hit.rescore_features)["district_asked"] for hit in search(query).hits
        }

    asked = district("区里文件说新工人没培训能上岗吗")
    assert asked["上党区安全生产监管工作要点"] == 1.0
    assert asked["中华人民共和国安全生产法"] == 0.0
    assert set(district("新工人没培训能上岗吗").values()) == {0.0}
    # The not-found model hears of it when such a document comes first.
    pointed = search("区里文件说要督促落实新员工岗前培训，是啥意思")
    assert pointed.hits[0].document == "上党区安全生产监管工作要点"
    assert pointed.confidence.district_asked
    assert not search("要督促落实新员工岗前培训，是啥意思").confidence.district_asked
    # The law first where the district's documents say nothing of what is asked.
    elsewhere = search("区里文件说危险化学品仓库要专人管理吗")
    assert elsewhere.hits[0].document == "中华人民共和国安全生产法"
    assert not elsewhere.confidence.district_asked


def test_the_rescore_weighs_how_near_each_shown_text_is_to_the_question(library) -> None:
    """The vector arm's rank may come from one sentence piece; the re-score also reads the
    question's cosine with the whole text shown, as standard deviations from the list's."""
    vector = active_embedder().encode_query("危险化学品仓库要有人专门管吗")
    hits = search("危险化学品仓库要有人专门管吗", query_vector=vector, limit=50).hits
    assert len(hits) >= 3
    shown = dict(
        Chunk.objects.filter(pk__in=[h.chunk_id for h in hits]).values_list("pk", "embedding")
    )
    cosines = [float(np.dot(vector, shown[h.chunk_id])) for h in hits]
    expected = relative_similarities(cosines)

    weighed = [dict(h.rescore_features)["relative_similarity"] for h in hits]
    assert weighed == pytest.approx(expected, abs=1e-4)
    # 第四十一条 is found through its pieces and shown whole: its whole text is weighed.
    assert hits[cosines.index(max(cosines))].provision == "第四十一条"
    assert max(weighed) > 1.0

    # A text whose vector is another model's (an index being rebuilt) is not weighed.
    Chunk.objects.filter(pk=hits[0].chunk_id).update(model_name="another-model")
    again = search("危险化学品仓库要有人专门管吗", query_vector=vector, limit=50).hits
    stale = [h for h in again if h.chunk_id == hits[0].chunk_id]
    assert len(stale) == 1 and dict(stale[0].rescore_features)["relative_similarity"] == 0.0
