"""The second look at the fused list: a linear re-score of each provision, pure Python.

RRF (fusion.py) keeps only ranks and rewards agreement: a provision both arms rank 4th
beats the one the vector arm ranks 1st and the lexical arm 12th, and nothing in it reads
the provision's wording. The re-score adds what the ranks leave out:

- how sharply each arm prefers the provision (1 / its rank in that arm, 0 when unranked),
  besides its place in the RRF list (1 / position);
- how much of the question's wording the provision holds, counted in pairs of adjacent
  ideographs (``pair_coverage``): a worker's 动火证 shares 动火 with 动火作业 where jieba
  cuts them into different words, and no pair needs a dictionary. Each pair is weighed by
  how few of the listed provisions hold it, so the pairs every candidate shares
  (安全, 生产) count little and nothing about the whole index has to be kept;
- whether the provision states a penalty (罚款, 吊销, 刑事责任…) and whether the question
  asks about consequences (会怎么样, 罚多少, 担什么责…): a penalty clause restates the duty
  it punishes in the duty's words, so without this a question about the duty (押车的要不要
  考证) finds the clause that fines its breach, and one about the fine finds the duty;
- whether the question asks for a number (多久, 几个人) the provision does not state in
  the measure asked (asking.number_unstated: a fine does not answer 多久);
- whether the provision's law is confined to a field (特种设备, 职业病…: its scope terms)
  the question names nothing of: where a specific law repeats the general law's duty
  (培训, 安全管理人员…), a question in no particular field is the general law's.
- whether the provision is local (work points, local rules) and the question points at
  the district's documents (区里哪一条提的, 文件里说…): a worker who says where he heard
  a rule is asking what that document says, not what the law says in the same words.
- how close the question's vector is to the provision's own text, in standard deviations
  from the list's mean (``relative_similarities``): the vector arm's rank often comes from
  one sentence piece, and 1 / rank keeps neither how near the whole provision is nor how
  far ahead of the rest it stands.

The weights are fitted by ``benchmarks/rescore_model.py --fit`` (pairwise logistic
regression on the tuning sets, each set's figures taken from a fit on the others) and
frozen here, so nothing is learned at run time. Figures in benchmarks/README.md.
"""

from __future__ import annotations

import math
import re
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import replace
from typing import TypeVar

from .asking import (
    asks_consequence,
    asks_district,
    number_unstated,
    outside_scope,
    states_penalty,
)
from .fusion import FusedHit

Key = TypeVar("Key", bound=Hashable)

# Fitted on the tuning sets by benchmarks/rescore_model.py --fit (C = 1); the order is
# FEATURES'.
FEATURES = (
    "fused",
    "vector",
    "lexical",
    "pair_coverage",
    "penalty_asked",
    "penalty_unasked",
    "quantity_unstated",
    "outside_scope",
    "district_asked",
    "relative_similarity",
)
WEIGHTS = (0.968, 2.635, 2.129, 8.62, 1.567, -2.158, -1.886, -1.165, 5.641, 0.741)
# The arms whose ranks are features; a provision no arm ranked scores 0 for that arm.
ARMS = ("vector", "lexical")

_IDEOGRAPH_RUNS = re.compile(r"[\u4e00-\u9fff]+")
# The last features: what the question asks for against what the provision says.
NOTHING_ASKED = (0.0, 0.0, 0.0, 0.0, 0.0)


def ideograph_pairs(text: str) -> frozenset[str]:
    """Every two adjacent CJK ideographs of ``text`` (runs split at anything else)."""
    return frozenset(
        run[i : i + 2] for run in _IDEOGRAPH_RUNS.findall(text) for i in range(len(run) - 1)
    )


def pair_coverage(query: str, texts: Sequence[str]) -> list[float]:
    """For each text, the share of the query's ideograph pairs it holds, weighed by rarity
    among ``texts``: idf(pair) = ln((n + 1) / (texts holding it + 0.5)).

    A query without two adjacent ideographs covers nothing: every share is 0.
    """
    wanted = ideograph_pairs(query)
    # Two ideographs side by side in the text are in one run: a substring test is the
    # same as intersecting with the text's pairs, without building them (~50 provisions).
    held = [frozenset(pair for pair in wanted if pair in text) for text in texts]
    holders: dict[str, int] = {}
    for pairs in held:
        for pair in pairs:
            holders[pair] = holders.get(pair, 0) + 1
    n = len(texts)
    weight = {pair: math.log((n + 1) / (holders.get(pair, 0) + 0.5)) for pair in wanted}
    total = math.fsum(weight.values())
    if not total:
        return [0.0] * n
    return [math.fsum(weight[pair] for pair in pairs) / total for pairs in held]


def relative_similarities(similarities: Sequence[float | None]) -> list[float]:
    """Each similarity in standard deviations from the mean of those known; an unknown one
    (None: the passage has no vector of the active model) and a list without spread are 0.

    Standardised within the list, so the weight does not depend on how a model spreads its
    cosines (m3e's lie near 0.8, e5's near 0.9).
    """
    known = [value for value in similarities if value is not None]
    if len(known) < 2:
        return [0.0] * len(similarities)
    mean = math.fsum(known) / len(known)
    spread = math.sqrt(math.fsum((value - mean) ** 2 for value in known) / len(known))
    if spread < 1e-9:
        return [0.0] * len(similarities)
    return [0.0 if value is None else (value - mean) / spread for value in similarities]


def asked_signals(
    query: str,
    texts: Sequence[str],
    scopes: Sequence[str] | None = None,
    local: Sequence[bool] | None = None,
) -> list[tuple[float, float, float, float, float]]:
    """For each text: states a penalty the question asks about; states one it does not;
    states no number where the question asks for one; belongs to a law whose field (its
    scope terms in ``scopes``, "" for none) the question names nothing of; is a local
    provision (``local``) where the question points at the district's documents
    (asking.py)."""
    consequence = asks_consequence(query)
    district = asks_district(query)
    scopes = scopes if scopes is not None else [""] * len(texts)
    local = local if local is not None else [False] * len(texts)
    return [
        (
            float(consequence and states_penalty(text)),
            float(not consequence and states_penalty(text)),
            float(number_unstated(query, [text])),
            float(outside_scope(query, scope)),
            float(district and local_provision),
        )
        for text, scope, local_provision in zip(texts, scopes, local, strict=True)
    ]


def features(
    hits: Sequence[FusedHit[Key]],
    coverage: Mapping[Key, float],
    asked: Mapping[Key, tuple[float, ...]] | None = None,
    similarity: Mapping[Key, float] | None = None,
) -> list[tuple[float, ...]]:
    """Each hit's features, in FEATURES' order; ``hits`` in fused order (best first).

    ``asked`` maps a hit's key to its ``asked_signals``, ``similarity`` to its
    ``relative_similarities`` value; keys they lack score 0 on them."""
    asked = asked or {}
    similarity = similarity or {}
    return [
        (
            1.0 / position,
            *(1.0 / hit.ranks[arm] if arm in hit.ranks else 0.0 for arm in ARMS),
            coverage.get(hit.key, 0.0),
            *asked.get(hit.key, NOTHING_ASKED),
            similarity.get(hit.key, 0.0),
        )
        for position, hit in enumerate(hits, start=1)
    ]


def rescore(
    hits: Sequence[FusedHit[Key]],
    coverage: Mapping[Key, float],
    weights: Sequence[float] | None = None,
    asked: Mapping[Key, tuple[float, ...]] | None = None,
    similarity: Mapping[Key, float] | None = None,
) -> list[FusedHit[Key]]:
    """The hits by re-score, best first; each hit's ``score`` becomes its re-score and its
    ``features`` the values it was scored on.

    Ties keep the fused order. ``coverage`` maps a hit's key to its pair coverage
    (``pair_coverage``); keys it lacks count as covering nothing. ``weights`` default to
    WEIGHTS, read at each call (the fitting benchmark tries others).
    """
    weights = WEIGHTS if weights is None else weights
    if len(weights) != len(FEATURES):
        raise ValueError(f"need {len(FEATURES)} weights, got {len(weights)}")
    scored = [
        (math.fsum(w * x for w, x in zip(weights, row, strict=True)), position, hit, row)
        for position, (row, hit) in enumerate(
            zip(features(hits, coverage, asked, similarity), hits, strict=True)
        )
    ]
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [
        replace(hit, score=score, features=tuple(zip(FEATURES, row, strict=True)))
        for score, _, hit, row in scored
    ]
