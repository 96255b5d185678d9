"""Weighted RRF (the extension the hybrid search uses), with hand-computed scores."""

import pytest

from content.search.fusion import reciprocal_rank_fusion


def test_weights_scale_an_arms_votes() -> None:
    hits = reciprocal_rank_fusion(
        {"lexical": ["a", "b"], "vector": ["b", "a"]}, weights={"vector": 0.5}
    )

    assert [h.key for h in hits] == ["a", "b"]
    assert hits[0].score == pytest.approx(1 / 61 + 0.5 / 62)
    assert hits[1].score == pytest.approx(1 / 62 + 0.5 / 61)


def test_unnamed_arms_weigh_one_and_no_weights_is_plain_rrf() -> None:
    plain = reciprocal_rank_fusion({"lexical": ["a"], "vector": ["b"]})
    weighted = reciprocal_rank_fusion({"lexical": ["a"], "vector": ["b"]}, weights={"other": 3})

    assert [(h.key, h.score) for h in plain] == [(h.key, h.score) for h in weighted]


def test_negative_weights_are_refused() -> None:
    with pytest.raises(ValueError):
        reciprocal_rank_fusion({"lexical": ["a"]}, weights={"lexical": -1})
