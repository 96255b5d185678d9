"""What the indexer writes: chunks per provision, heading paths, pieces, hashes, models."""

import pytest

from content.search import indexing
from content.search.models import Chunk, LexemeStat, SourceType
from content.search.vectors import use_embedder

from .builders import FakeEmbedder, make_catalogue_item, make_regulation

pytestmark = pytest.mark.django_db

LONG_ARTICLE = "".join(
    f"第{i}句说明危险化学品仓库的管理要求和储存条件。" for i in range(20)
)  # ≈ 500 chars


@pytest.fixture
def law(page_tree):
    return make_regulation(
        "中华人民共和国测试安全法",
        [
            ("第一条", "", "为了加强安全生产工作，制定本法。"),
            ("第二条", "", LONG_ARTICLE),
        ],
        tags=["行政法"],
    )


def test_one_chunk_per_provision_with_path_anchor_and_metadata(law) -> None:
    outcome = indexing.index_regulation(law.pk)

    first = Chunk.objects.get(object_id=law.pk, provision_label="第一条", piece=False)
    assert outcome.written == Chunk.objects.filter(object_id=law.pk).count()
    assert first.text == "为了加强安全生产工作，制定本法。"
    assert first.heading_path == "中华人民共和国测试安全法 › 第一条"
    assert first.url == f"{law.url}#{first.anchor}"
    assert first.provision_id == law.provisions.get(label="第一条").pk
    assert (first.source_type, first.status, first.level) == ("regulation", "in_force", "law")
    assert first.tags == ["行政法"]
    assert first.enterprise_id is None
    assert "安全" in first.lexical_text.split() and first.embedding is not None


def test_long_provision_gets_sentence_pieces_cut_at_sentence_ends(law) -> None:
    indexing.index_regulation(law.pk)

    whole = Chunk.objects.filter(object_id=law.pk, provision_label="第二条", piece=False)
    pieces = Chunk.objects.filter(object_id=law.pk, provision_label="第二条", piece=True)
    assert len(whole) == 2 and "".join(c.text for c in whole.order_by("ordinal")) == LONG_ARTICLE
    assert pieces.count() >= 4
    assert all(p.text.endswith("。") and len(p.text) <= 120 for p in pieces)
    assert {p.anchor for p in pieces} == {whole[0].anchor}


def test_notice_items_carry_their_heading_sentence(seed_notice) -> None:
    item = Chunk.objects.get(object_id=seed_notice.pk, provision_label="（八）", piece=False)

    assert item.text.startswith("加强节假日、重要活动等特殊时段安全生产工作。深刻汲取")
    assert item.heading_path.endswith(
        "四、 细抓风险预判机制建设 › （八） 加强节假日、重要活动等特殊时段安全生产工作"
    )


def test_unchanged_chunks_are_never_re_embedded(law, fake_embedder) -> None:
    indexing.index_regulation(law.pk)
    first_run = len(fake_embedder.encoded)

    again = indexing.index_regulation(law.pk)

    assert first_run > 0
    assert again.embedded == 0 and len(fake_embedder.encoded) == first_run


def test_an_edited_provision_is_the_only_one_re_embedded(law, fake_embedder) -> None:
    indexing.index_regulation(law.pk)
    fake_embedder.encoded.clear()
    make_regulation(  # re-import: a new revision of the same page, published
        law.title,
        [
            ("第一条", "", "为了加强安全生产工作，保障从业人员安全，制定本法。"),
            ("第二条", "", LONG_ARTICLE),
        ],
        source_key=law.source_key,
    )

    outcome = indexing.index_regulation(law.pk)

    assert fake_embedder.encoded == ["为了加强安全生产工作，保障从业人员安全，制定本法。"]
    assert outcome.embedded == 1


def test_a_model_change_re_embeds_everything_and_never_mixes(law) -> None:
    indexing.index_regulation(law.pk)
    count = Chunk.objects.count()
    other = FakeEmbedder(name="fake-bigrams-2")

    with use_embedder(other):
        outcome = indexing.reindex_all()

    assert outcome.embedded == count
    assert set(Chunk.objects.values_list("model_name", flat=True)) == {"fake-bigrams-2"}
    assert indexing.stale_chunk_count("fake-bigrams-2") == 0


def test_unpublished_source_is_removed_instead_of_indexed(law) -> None:
    indexing.index_regulation(law.pk)
    law.unpublish()

    outcome = indexing.index_regulation(law.pk)

    assert outcome.removed > 0
    assert not Chunk.objects.filter(object_id=law.pk).exists()


def test_lexeme_counts_follow_the_index(law) -> None:
    indexing.index_regulation(law.pk)
    counted = dict(LexemeStat.objects.values_list("lexeme", "chunks"))

    assert counted["加强"] == 1  # 第一条 only; pieces are not counted
    indexing.remove_source(SourceType.REGULATION, law.pk)
    assert not LexemeStat.objects.exists()


def test_catalogue_item_is_one_chunk_linking_to_its_page(page_tree) -> None:
    item = make_catalogue_item("采用氨冷冻盐水的氯气液化工艺", "易形成三氯化氮，发生爆炸。")

    indexing.index_catalogue_item(item.pk)

    chunk = Chunk.objects.get(source_type=SourceType.CATALOGUE, object_id=item.pk)
    assert chunk.text.startswith("采用氨冷冻盐水的氯气液化工艺（工艺技术，淘汰）")
    assert "主要安全风险：易形成三氯化氮，发生爆炸。" in chunk.text
    assert chunk.url == item.get_absolute_url()
    assert chunk.provision_label == "第一批第1项"


def test_culture_page_is_chunked_by_section(page_tree) -> None:
    from content.culture.models import CulturePage
    from safetykb.demo.pages import ensure_culture_articles

    ensure_culture_articles()
    page = CulturePage.objects.get(slug="safety-culture-plan")

    indexing.index_culture_page(page.pk)

    chunks = Chunk.objects.filter(object_id=page.pk, piece=False).order_by("anchor")
    labels = [c.provision_label for c in chunks]
    assert labels[0] == "摘要" and "一、从“主要负责人的承诺”开始" in labels
    callout = chunks.get(provision_label="二、班组是安全文化落地的最小单元")
    assert "要点：考核不合格的员工" in callout.text
    assert "<p>" not in callout.text


def test_reindex_all_drops_chunks_of_vanished_sources(law) -> None:
    indexing.index_regulation(law.pk)
    Chunk.objects.filter(object_id=law.pk).update(object_id=999_999)

    outcome = indexing.reindex_all()

    assert outcome.removed > 0
    assert not Chunk.objects.filter(object_id=999_999).exists()
    assert Chunk.objects.filter(object_id=law.pk).exists()
