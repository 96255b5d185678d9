"""Reciprocal-rank fusion and collapsing, with hand-computed scores."""

import pytest

from content.search.fusion import FusedHit, collapse, reciprocal_rank_fusion


def test_hand_computed_scores_and_order() -> None:
    hits = reciprocal_rank_fusion({"lexical": ["a", "b", "c"], "vector": ["b", "d"]})

    assert [h.key for h in hits] == ["b", "a", "d", "c"]
    assert hits[0].score == pytest.approx(1 / 62 + 1 / 61)  # b: lexical 2, vector 1
    assert hits[1].score == pytest.approx(1 / 61)  # a: lexical 1
    assert hits[2].score == pytest.approx(1 / 62)  # d: vector 2
    assert hits[3].score == pytest.approx(1 / 63)  # c: lexical 3


def test_ranks_are_one_based_and_missing_arms_absent() -> None:
    hits = {h.key: h for h in reciprocal_rank_fusion({"lexical": ["a", "b"], "vector": ["b"]})}

    assert hits["a"].ranks == {"lexical": 1}
    assert hits["b"].ranks == {"lexical": 2, "vector": 1}
    assert hits["b"].best_rank == 1


def test_custom_k() -> None:
    [hit] = reciprocal_rank_fusion({"lexical": ["a"], "vector": ["a"]}, k=1)

    assert hit.score == pytest.approx(1.0)  # 1/2 + 1/2


def test_equal_scores_go_to_the_better_best_rank() -> None:
    # k=0: x = 1 + 1 = 2; p = 1/2 + 1/2 = 1.0 exactly; q = 1/1 = 1.0. q was first in an
    # arm, p only second, so q wins although "p" < "q".
    hits = reciprocal_rank_fusion({"a": ["x", "p"], "b": ["x", "p"], "c": ["q"]}, k=0)

    assert [h.key for h in hits] == ["x", "q", "p"]
    assert hits[1].score == hits[2].score == 1.0


def test_equal_scores_and_best_ranks_go_to_the_smaller_key() -> None:
    hits = reciprocal_rank_fusion({"lexical": ["zeta"], "vector": ["alpha"]})

    assert [h.key for h in hits] == ["alpha", "zeta"]


def test_scores_of_equal_rank_sets_are_bit_equal_whatever_the_arm_order() -> None:
    # Same multiset of ranks {1, 2, 3} reached through different arms.
    rankings = {"a": ["m", "n", "o"], "b": ["n", "o", "m"], "c": ["o", "m", "n"]}
    hits = reciprocal_rank_fusion(rankings)

    assert hits[0].score == hits[1].score == hits[2].score
    assert [h.key for h in hits] == ["m", "n", "o"]


def test_result_does_not_depend_on_arm_insertion_order() -> None:
    forward = reciprocal_rank_fusion({"lexical": [3, 1, 2], "vector": [2, 4, 1]})
    backward = reciprocal_rank_fusion({"vector": [2, 4, 1], "lexical": [3, 1, 2]})

    assert forward == backward


def test_repeated_key_in_one_arm_counts_at_its_first_rank() -> None:
    [hit] = reciprocal_rank_fusion({"lexical": ["a", "a", "a"]})

    assert hit.ranks == {"lexical": 1}
    assert hit.score == pytest.approx(1 / 61)


def test_tuple_keys() -> None:
    hits = reciprocal_rank_fusion({"lexical": [(2, "p-1")], "vector": [(1, "p-3")]})

    assert [h.key for h in hits] == [(1, "p-3"), (2, "p-1")]


def test_limit() -> None:
    rankings = {"lexical": ["a", "b", "c"]}

    assert [h.key for h in reciprocal_rank_fusion(rankings, limit=2)] == ["a", "b"]
    assert reciprocal_rank_fusion(rankings, limit=0) == []


def test_empty_inputs() -> None:
    assert reciprocal_rank_fusion({}) == []
    assert reciprocal_rank_fusion({"lexical": [], "vector": []}) == []


def test_a_window_stops_middling_ranks_from_outvoting_a_first_place() -> None:
    # Plain RRF: "b" (lexical 2, vector 12) beats "a", which lexical ranked first and
    # vector not at all. With vector voting only with its top 5, "a" leads again.
    vector = [f"v{i}" for i in range(1, 12)] + ["b"]
    rankings = {"lexical": ["a", "b", "c"], "vector": vector}

    plain = reciprocal_rank_fusion(rankings)
    windowed = reciprocal_rank_fusion(rankings, windows={"vector": 5})

    assert [h.key for h in plain][:2] == ["b", "a"]
    assert [h.key for h in windowed][:3] == ["a", "v1", "b"]  # v1: 1/61 > b: 1/62
    b = next(h for h in windowed if h.key == "b")
    assert b.score == pytest.approx(1 / 62)  # its vector rank 12 no longer votes …
    assert b.tail_score == pytest.approx(1 / 62 + 1 / 72)  # … but still counts in the tail
    assert b.ranks == {"lexical": 2, "vector": 12}


def test_keys_outside_every_window_follow_in_full_score_order_and_none_is_dropped() -> None:
    rankings = {"lexical": ["a", "b", "c", "d"], "vector": ["e", "d", "c"]}

    hits = reciprocal_rank_fusion(rankings, windows={"lexical": 1, "vector": 1})

    # a and e vote in their windows; the rest are ordered by their full scores:
    # d = 1/64 + 1/62, c = 1/63 + 1/63, b = 1/62.
    assert [h.key for h in hits] == ["a", "e", "d", "c", "b"]
    assert [h.score > 0 for h in hits] == [True, True, False, False, False]


@pytest.mark.parametrize("kwargs", [{"k": -1}, {"limit": -1}, {"windows": {"vector": 0}}])
def test_rejects_negative_parameters(kwargs: dict) -> None:
    with pytest.raises(ValueError):
        reciprocal_rank_fusion({"lexical": ["a"]}, **kwargs)


def hit(key: tuple[int, str], score: float) -> FusedHit[tuple[int, str]]:
    return FusedHit(key=key, score=score, ranks={"lexical": 1})


def test_collapse_keeps_the_first_hit_of_each_group_in_order() -> None:
    hits = [hit((1, "a"), 0.9), hit((1, "b"), 0.8), hit((2, "a"), 0.7), hit((1, "c"), 0.6)]

    kept = collapse(hits, group_key=lambda h: h.key[0])

    assert kept == [hits[0], hits[2]]


def test_collapse_limit_counts_groups_not_hits() -> None:
    hits = [hit((1, "a"), 0.9), hit((1, "b"), 0.8), hit((2, "a"), 0.7), hit((3, "a"), 0.6)]

    kept = collapse(hits, group_key=lambda h: h.key[0], limit=2)

    assert [h.key for h in kept] == [(1, "a"), (2, "a")]


def test_collapse_accepts_any_iterable_and_empty() -> None:
    assert collapse(iter([]), group_key=lambda h: h) == []
    assert collapse(iter("abca"), group_key=str.upper) == ["a", "b", "c"]


def test_fusion_then_collapse_gives_one_hit_per_provision() -> None:
    # Keys are (provision_id, chunk ordinal); the provision's best chunk stands for it.
    rankings = {
        "lexical": [(7, 1), (7, 0), (9, 0)],
        "vector": [(9, 0), (7, 0), (8, 0)],
    }

    fused = reciprocal_rank_fusion(rankings)
    kept = collapse(fused, group_key=lambda h: h.key[0])

    assert [h.key for h in kept] == [(9, 0), (7, 0), (8, 0)]
    # (9, 0): 1/63 + 1/61; (7, 0): 1/62 + 1/62; (7, 1): 1/61 only.
    assert kept[0].score == pytest.approx(1 / 63 + 1 / 61)
    assert kept[1].score == pytest.approx(2 / 62)
