"""Reciprocal-rank fusion of several rankings (lexical, vector…) into one, pure Python.

score(key) = Σ over arms that ranked it of weight(arm) / (k + rank), rank counted from 1
(every weight is 1 unless given). Each hit keeps its rank per arm, so a result can say
why it ranked.

An arm may be given a vote window: its ranks beyond the window do not vote for the head
of the list. Keys some arm ranked within its window come first, by their windowed score;
the rest follow by their full score. Plain RRF rewards agreement so much that a key two
arms ranked 2nd and 12th beats the one an arm ranked 1st; a window keeps a weak arm's
middling ranks from doing that, without dropping any key from the list.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

Key = TypeVar("Key", bound=Hashable)
Hit = TypeVar("Hit")

DEFAULT_K = 60


@dataclass(frozen=True, slots=True)
class FusedHit(Generic[Key]):
    """A fused result: `ranks` maps arm name to 1-based rank; arms that missed it are absent."""

    key: Key
    score: float
    ranks: dict[str, int]
    tail_score: float = 0.0  # the score counting every rank, windows ignored
    # The re-score's inputs by name (rescoring.FEATURES), when it ran: for ``explain``.
    features: tuple[tuple[str, float], ...] = ()

    @property
    def best_rank(self) -> int:
        return min(self.ranks.values())


def reciprocal_rank_fusion(
    rankings: Mapping[str, Sequence[Key]],
    k: int = DEFAULT_K,
    limit: int | None = None,
    weights: Mapping[str, float] | None = None,
    windows: Mapping[str, int] | None = None,
) -> list[FusedHit[Key]]:
    """Fuse best-first rankings by arm name; best first.

    Ties go to the better best rank, then to the smaller key, so keys must be mutually
    orderable (ids, or tuples of ids). A key repeated within one arm counts at its first rank.
    `weights` scales an arm's contributions (weighted RRF); arms not named weigh 1.
    `windows` limits which ranks of an arm vote for the head (see the module docstring);
    arms not named vote with every rank.
    """
    if k < 0:
        raise ValueError("k must not be negative")
    if limit is not None and limit < 0:
        raise ValueError("limit must not be negative")
    weights = weights or {}
    if any(w < 0 for w in weights.values()):
        raise ValueError("weights must not be negative")
    windows = windows or {}
    if any(w < 1 for w in windows.values()):
        raise ValueError("windows must be at least 1")
    ranks: dict[Key, dict[str, int]] = {}
    for arm, ranking in rankings.items():
        for rank, key in enumerate(ranking, start=1):
            ranks.setdefault(key, {}).setdefault(arm, rank)

    def score(by_arm: dict[str, int], windowed: bool) -> float:
        # fsum is exact, so equal rank sets give bit-equal scores whatever the arm order.
        return math.fsum(
            weights.get(arm, 1.0) / (k + rank)
            for arm, rank in by_arm.items()
            if not windowed or rank <= windows.get(arm, rank)
        )

    hits = [
        FusedHit(key, score(by_arm, True), by_arm, score(by_arm, False))
        for key, by_arm in ranks.items()
    ]
    hits.sort(key=lambda h: (-h.score, -h.tail_score, h.best_rank, h.key))
    return hits if limit is None else hits[:limit]


def mix_tiers(
    hits: Sequence[FusedHit[Key]],
    tier_of: Callable[[Key], str | None],
    tiers: Sequence[str],
    head: int,
    depth: int,
) -> list[FusedHit[Key]]:
    """Make the first `head` hits hold each of `tiers` when a credible hit of it exists.

    For each tier missing from the head, the best later hit of that tier that some arm
    ranked within `depth` joins the head; the last head hit that the head can spare (its
    tier still held by another, or no tier of `tiers`) steps down to just after the head.
    Nothing is dropped; with no such hit, nothing moves. Hits keep their fused order
    within the head and within the rest.
    """
    if head < 1 or depth < 1:
        raise ValueError("head and depth must be at least 1")
    position = {id(hit): index for index, hit in enumerate(hits)}
    result = list(hits)
    for tier in tiers:
        top = result[:head]
        if len(top) < head or any(tier_of(hit.key) == tier for hit in top):
            continue
        found = next(
            (h for h in result[head:] if tier_of(h.key) == tier and h.best_rank <= depth), None
        )
        spare = next((h for h in reversed(top) if _can_spare(h, top, tier_of, tiers)), None)
        if found is None or spare is None:
            continue
        new_top = sorted(
            [h for h in top if h is not spare] + [found], key=lambda h: position[id(h)]
        )
        rest = [h for h in result[head:] if h is not found]
        result = new_top + sorted([spare, *rest], key=lambda h: position[id(h)])
    return result


def _can_spare(
    hit: FusedHit[Key],
    top: Sequence[FusedHit[Key]],
    tier_of: Callable[[Key], str | None],
    tiers: Sequence[str],
) -> bool:
    tier = tier_of(hit.key)
    return tier not in tiers or sum(tier_of(other.key) == tier for other in top) > 1


def clear_lead(scores: Sequence[float], ratio: float) -> bool:
    """Whether the first of best-first `scores` beats the runner-up by `ratio` or more.

    A lone score is no lead: there is nothing to beat. Non-positive scores never lead.
    """
    if ratio < 1:
        raise ValueError("ratio must be at least 1")
    if len(scores) < 2 or scores[0] <= 0:
        return False
    return scores[1] <= 0 or scores[0] >= ratio * scores[1]


def collapse(
    hits: Iterable[Hit], group_key: Callable[[Hit], Hashable], limit: int | None = None
) -> list[Hit]:
    """Keep the first (best) hit of each group, in order, e.g. one hit per provision.

    `hits` must already be best first. Apply the page limit here rather than in
    `reciprocal_rank_fusion`, or several chunks of one provision eat the page.
    """
    seen: set[Hashable] = set()
    kept: list[Hit] = []
    for hit in hits:
        if limit is not None and len(kept) >= limit:
            break
        group = group_key(hit)
        if group not in seen:
            seen.add(group)
            kept.append(hit)
    return kept
