"""A clear lexical leader gets a half vote more (``LEXICAL_LEAD_RATIO``): no database."""

import pytest

from content.search.fusion import clear_lead
from content.search.querying import LEXICAL_LEAD_RATIO, _fuse_provisions


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
    fused, _ = _fuse_provisions(
        {"lexical": LEXICAL, "vector": VECTOR}, _provisions(range(1, 9)), 5, lexical_scores
    )
    return fused[0].key[2]


def test_a_clear_lexical_leader_comes_first() -> None:
    assert _first({1: 2.0 * LEXICAL_LEAD_RATIO, 2: 2.0, 3: 1.0, 4: 0.5}) == "p1"


def test_without_a_clear_lead_agreement_of_both_arms_wins() -> None:
    assert _first({1: 2.1, 2: 2.0, 3: 1.0, 4: 0.5}) == "p2"


def test_lexical_only_search_is_unchanged_by_the_lead() -> None:
    fused, _ = _fuse_provisions(
        {"lexical": LEXICAL}, _provisions(LEXICAL), 5, {1: 9.0, 2: 1.0, 3: 0.5, 4: 0.1}
    )
    assert [hit.key[2] for hit in fused] == ["p1", "p2", "p3", "p4"]
    assert all("lexical_lead" not in hit.ranks for hit in fused)
