"""Reciprocal-rank fusion of several rankings (lexical, vector…) into one, pure Python.

score(key) = Σ over arms that ranked it of weight(arm) / (k + rank), rank counted from 1
(every weight is 1 unless given). Each hit keeps its rank per arm, so a result can say
why it ranked.
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

    @property
    def best_rank(self) -> int:
        return min(self.ranks.values())


def reciprocal_rank_fusion(
    rankings: Mapping[str, Sequence[Key]],
    k: int = DEFAULT_K,
    limit: int | None = None,
    weights: Mapping[str, float] | None = None,
) -> list[FusedHit[Key]]:
    """Fuse best-first rankings by arm name; best first.

    Ties go to the better best rank, then to the smaller key, so keys must be mutually
    orderable (ids, or tuples of ids). A key repeated within one arm counts at its first rank.
    `weights` scales an arm's contributions (weighted RRF); arms not named weigh 1.
    """
    if k < 0:
        raise ValueError("k must not be negative")
    if limit is not None and limit < 0:
        raise ValueError("limit must not be negative")
    weights = weights or {}
    if any(w < 0 for w in weights.values()):
        raise ValueError("weights must not be negative")
    ranks: dict[Key, dict[str, int]] = {}
    for arm, ranking in rankings.items():
        for rank, key in enumerate(ranking, start=1):
            ranks.setdefault(key, {}).setdefault(arm, rank)
    # fsum is exact, so equal rank sets give bit-equal scores whatever the arm order.
    hits = [
        FusedHit(key, math.fsum(weights.get(a, 1.0) / (k + r) for a, r in by_arm.items()), by_arm)
        for key, by_arm in ranks.items()
    ]
    hits.sort(key=lambda h: (-h.score, h.best_rank, h.key))
    return hits if limit is None else hits[:limit]


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
