"""常见问法: an editor's phrasing pulls its provision up and is never shown as text."""

import pytest

from content.search.models import Chunk, CommonPhrasing
from content.search.querying import related_provisions, search

from .builders import STORAGE, make_indexed_safety_law

pytestmark = pytest.mark.django_db

# How a worker put it, sharing no word with the provision that answers it.
ASKED = "头回进厂的娃娃兵咋安排"
# The provision an editor says answers it (the fake embedder ranks 第二十八条 first by chance).
TARGET, TARGET_TEXT = "第二十七条", STORAGE


@pytest.fixture
def law(page_tree):
    return make_indexed_safety_law()


def _first(query: str, **kwargs):
    hits = search(query, **kwargs).hits
    return hits[0] if hits else None


def _add(law, committed, text: str = ASKED) -> CommonPhrasing:
    with committed():  # the signal re-indexes the page after commit
        return CommonPhrasing.objects.create(text=text, provision=law.provisions.get(label=TARGET))


def test_a_phrasing_pulls_its_provision_to_the_top(law, committed) -> None:
    before = search(ASKED)
    assert not before.found
    assert not before.hits or before.hits[0].provision != TARGET

    _add(law, committed)
    after = search(ASKED)

    assert after.hits[0].provision == TARGET
    # The vector arm finds it; lexically its words are unseen in whole chunks, so carry
    # no IDF weight until lexemes.py counts phrasing chunks too (see the report).
    assert after.hits[0].vector_rank == 1
    assert after.found
    # One hit for the provision: the phrasing groups with it, never a hit of its own.
    assert [h.provision for h in after.hits].count(TARGET) == 1


def test_a_phrasing_is_never_shown_as_text(client, law, committed) -> None:
    _add(law, committed)

    [hit] = search(ASKED, limit=1).hits
    assert hit.text == TARGET_TEXT
    page = client.get("/search/", {"q": ASKED}).content.decode()
    body = client.get("/api/search/", {"q": ASKED}).json()
    assert (
        TARGET_TEXT in page and page.count(ASKED) == page.count(f'value="{ASKED}"') + 1
    )  # <title>
    assert all(ASKED not in r["text"] for r in body["results"])
    other = law.provisions.get(label="第二十六条")
    assert all(ASKED not in h.text for h in related_provisions(provision_id=other.pk, limit=5))


def test_deleting_or_disabling_the_phrasing_removes_its_effect(law, committed) -> None:
    phrasing = _add(law, committed)
    assert Chunk.objects.filter(phrasing=True, piece=True).count() == 1

    with committed():
        phrasing.live = False
        phrasing.save()
    assert not Chunk.objects.filter(phrasing=True).exists()
    with committed():
        phrasing.live = True
        phrasing.save()
    assert _first(ASKED).provision == TARGET

    with committed():
        phrasing.delete()
    assert not Chunk.objects.filter(phrasing=True).exists()
    assert not search(ASKED).found


def test_benchmarks_can_search_without_phrasings(law, committed) -> None:
    _add(law, committed)

    without = search(ASKED, phrasings=False)
    assert not without.found
    assert not without.hits or without.hits[0].provision != TARGET


def test_phrasing_chunks_point_where_their_provision_does(law, committed) -> None:
    _add(law, committed)

    phrasing = Chunk.objects.get(phrasing=True)
    whole = Chunk.objects.get(provision_id=phrasing.provision_id, piece=False)
    assert (phrasing.object_id, phrasing.anchor, phrasing.url, phrasing.heading_path) == (
        whole.object_id,
        whole.anchor,
        whole.url,
        whole.heading_path,
    )
    assert phrasing.embedding is not None and phrasing.text == ASKED
