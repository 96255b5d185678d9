"""The provision-level fusion policy (content/search/ranking.py), without a database: a
clear lexical leader gets a half vote more, and the top 5 mixes national and local
provisions."""

import pytest

from content.search.fusion import FusedHit, clear_lead, mix_tiers
from content.search.ranking import LEXICAL_LEAD_RATIO, LOW_COVERAGE, fuse_provisions


@pytest.mark.parametrize(
    ("scores", "ratio", "expected"),
    [
        ([3.0, 2.0], 1.25, True),
        ([2.5, 2.0], 1.25, True),  # exactly the ratio
        ([2.4, 2.0], 1.25, False),
        ([3.0], 1.25, False),  # nothing to beat
        ([], 1.25, False),
        ([0.0, 0.0], 1.25, False),
        ([1.0, 0.0], 1.25, True),
    ],
)
def test_clear_lead(scores, ratio, expected) -> None:
    assert clear_lead(scores, ratio) is expected


def test_a_ratio_below_one_is_refused() -> None:
    with pytest.raises(ValueError):
        clear_lead([2.0, 1.0], 0.9)


def _provisions(ids):
    return {pk: ("regulation", 1, f"p{pk}") for pk in ids}


# Provision 1 holds the question's rare phrase: lexical first, vector only 6th. Provision
# 2 is lexical 2nd and vector 1st, so plain (windowed) RRF puts it first.
LEXICAL = [1, 2, 3, 4]
VECTOR = [2, 5, 6, 7, 8, 1]


def _first(lexical_scores) -> str:
    fused, _ = fuse_provisions(
        {"lexical": LEXICAL, "vector": VECTOR}, _provisions(range(1, 9)), 5, lexical_scores
    )
    return fused[0].key[2]


def test_a_clear_lexical_leader_comes_first() -> None:
    assert _first({1: 2.0 * LEXICAL_LEAD_RATIO, 2: 2.0, 3: 1.0, 4: 0.5}) == "p1"


def test_without_a_clear_lead_agreement_of_both_arms_wins() -> None:
    assert _first({1: 2.1, 2: 2.0, 3: 1.0, 4: 0.5}) == "p2"


def test_lexical_only_search_is_unchanged_by_the_lead() -> None:
    fused, _ = fuse_provisions(
        {"lexical": LEXICAL}, _provisions(LEXICAL), 5, {1: 9.0, 2: 1.0, 3: 0.5, 4: 0.1}
    )
    assert [hit.key[2] for hit in fused] == ["p1", "p2", "p3", "p4"]
    assert all("lexical_lead" not in hit.ranks for hit in fused)


# --- questions in other words than the text's ----------------------------------------

# The vector arm's 1st to 7th are provisions 11–17; the lexical arm ranks 21–30 with the
# vector arm's 7th (17) at its 10th place.
WORDS_LEXICAL = [21, 22, 23, 24, 25, 26, 27, 28, 29, 17]
WORDS_VECTOR = [11, 12, 13, 14, 15, 16, 17]


def _ordered(coverage: float | None) -> list[int]:
    fused, _ = fuse_provisions(
        {"lexical": WORDS_LEXICAL, "vector": WORDS_VECTOR},
        {pk: ("regulation", 1, pk) for pk in WORDS_LEXICAL + WORDS_VECTOR},
        10,
        lexical_coverage=coverage,
    )
    return [hit.key[2] for hit in fused]


def test_when_the_lexical_arm_holds_little_of_the_query_the_vector_arm_leads() -> None:
    low = _ordered(LOW_COVERAGE / 2)
    assert low[0] == 17  # both arms rank it, low as they do
    assert low.index(11) < low.index(21)  # the vector arm's first before the lexical arm's
    assert 11 not in _ordered(None)  # which the usual half vote leaves out of the top 10


def test_a_query_the_lexical_arm_covers_keeps_the_usual_vote() -> None:
    assert _ordered(LOW_COVERAGE) == _ordered(None)
    assert _ordered(None)[0] == 21


def test_the_provisions_of_a_named_law_come_first_in_fused_order() -> None:
    groups = {1: ("regulation", 7, "a"), 2: ("regulation", 8, "b"), 3: ("regulation", 8, "c")}
    groups[4] = ("catalogue", 8, "")  # object id 8 of another source type is no page
    rankings = {"lexical": [1, 4, 2, 3], "vector": [1, 2, 4, 3]}
    fused, _ = fuse_provisions(rankings, groups, 10, named_documents=frozenset({8}))
    assert [hit.key for hit in fused] == [groups[2], groups[3], groups[1], groups[4]]


# --- national and local provisions in the top 5 ---------------------------------------


def _hits(*specs) -> list[FusedHit]:
    """(key, best rank) pairs, already in fused order."""
    return [FusedHit(key, 1.0 / n, {"lexical": rank}) for n, (key, rank) in enumerate(specs, 1)]


TIERS = {
    "law1": "national",
    "law2": "national",
    "law3": "national",
    "law4": "national",
    "law5": "national",
    "law6": "national",
    "wp1": "local",
    "wp2": "local",
    "cat": None,
}


def _order(hits, depth=8) -> list[str]:
    return [h.key for h in mix_tiers(hits, TIERS.get, ("local", "national"), head=5, depth=depth)]


def test_a_credible_local_provision_takes_the_fifth_place() -> None:
    hits = _hits(
        ("law1", 1),
        ("law2", 2),
        ("law3", 3),
        ("law4", 4),
        ("law5", 5),
        ("law6", 6),
        ("wp1", 7),
        ("wp2", 2),
    )
    # wp1 is the best local hit in the list (7th), ranked 7th by an arm: within depth 8.
    assert _order(hits) == ["law1", "law2", "law3", "law4", "wp1", "law5", "law6", "wp2"]


def test_nothing_moves_when_the_head_already_mixes_or_no_hit_is_credible() -> None:
    mixed = _hits(("law1", 1), ("wp1", 2), ("law2", 3), ("law3", 4), ("law4", 5), ("wp2", 6))
    assert _order(mixed) == [h.key for h in mixed]
    far = _hits(("law1", 1), ("law2", 2), ("law3", 3), ("law4", 4), ("law5", 5), ("wp1", 9))
    assert _order(far) == [h.key for h in far]
    short = _hits(("law1", 1), ("law2", 2))
    assert _order(short) == ["law1", "law2"]


def test_an_all_local_head_gets_a_national_provision() -> None:
    hits = _hits(("wp1", 1), ("wp2", 2), ("cat", 3), ("law1", 4))
    assert _order(hits) == ["wp1", "wp2", "cat", "law1"]  # already in the head
    hits = _hits(("wp1", 1), ("wp2", 2), ("cat", 3), ("cat2", 4), ("cat3", 5), ("law1", 8))
    assert _order(hits) == ["wp1", "wp2", "cat", "cat2", "law1", "cat3"]


def test_both_tiers_missing_each_get_a_place() -> None:
    hits = _hits(("c1", 1), ("c2", 2), ("c3", 3), ("c4", 4), ("c5", 5), ("law1", 6), ("wp1", 7))
    assert _order(hits) == ["c1", "c2", "c3", "law1", "wp1", "c4", "c5"]


def test_the_only_hit_of_a_tier_in_the_head_is_never_the_one_to_step_down() -> None:
    # law1 alone holds "national" in the head and sits last: c4 steps down instead.
    hits = _hits(("wp1", 1), ("c1", 2), ("c2", 3), ("wp2", 4), ("law1", 5), ("wp3", 6))
    assert _order(hits) == [h.key for h in hits]  # both tiers held: nothing moves
    hits = _hits(("c1", 1), ("c2", 2), ("c3", 3), ("c4", 4), ("law1", 5), ("wp1", 6))
    assert _order(hits) == ["c1", "c2", "c3", "law1", "wp1", "c4"]


def test_bad_head_or_depth_is_refused() -> None:
    with pytest.raises(ValueError):
        mix_tiers([], TIERS.get, ("local",), head=0, depth=8)


def test_fusion_mixes_tiers_in_hybrid_mode_only() -> None:
    # Six law provisions agree in both arms; the work point (7) is vector 6th only.
    lexical, vector = [1, 2, 3, 4, 5, 6], [1, 2, 3, 4, 5, 7]
    groups = _provisions(range(1, 8))
    levels = {pk: "law" for pk in range(1, 7)} | {7: "work_points"}
    fused, _ = fuse_provisions({"lexical": lexical, "vector": vector}, groups, 10, {}, levels)
    assert [hit.key[2] for hit in fused][:5] == ["p1", "p2", "p3", "p4", "p7"]
    fused, _ = fuse_provisions({"vector": vector}, groups, 10, {}, levels)
    assert [hit.key[2] for hit in fused][:5] == ["p1", "p2", "p3", "p4", "p5"]
