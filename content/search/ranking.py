"""Provision-level fusion policy: how the two arms' chunk rankings become one list.

Pure Python (no ORM), so every rule is unit-tested without a database: rankings are
collapsed to provisions, fused with weighted, windowed RRF (fusion.py), a clear lexical
leader gets a half vote more, the fused list is re-scored (rescoring.py; the caller
supplies the candidates' texts), and the head of the list mixes national and local
provisions. Each constant says why it has its value; the figures are in
benchmarks/README.md.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from .fusion import DEFAULT_K, FusedHit, clear_lead, collapse, mix_tiers, reciprocal_rank_fusion
from .rescoring import asked_signals, pair_coverage, relative_similarities, rescore

# Provisions per arm that take part in the fusion: a provision ranked 50th by one arm and
# 40th by the other should not beat one that an arm ranked first.
RANK_WINDOW = 30
# A provision's identity in the fusion: (source type, object id, anchor), built by the
# caller (arms.provision_group); only hashed and ordered here.
ProvisionKey = tuple[Any, ...]
# Ranks that vote for the head of the list (fusion.py): the lexical top 10 and the vector
# top 5; lower ranks only order the tail. With plain RRF a provision ranked 2nd and 12th
# beat the one an arm ranked 1st; on the dev set, our statute questions and our notice
# questions (84 in all) hit@1 went 0.655 → 0.702 and MRR 0.754 → 0.793, better on each
# set (benchmarks/README.md).
VOTE_WINDOWS = {"lexical": 10, "vector": 5}
# Weighted RRF: m3e-small's ranking is the weaker arm on every set we measured (dev set
# hit@1 0.56 vs 0.88 lexical), so its votes count half (benchmarks/README.md has the
# figures for 0.4–1.0).
ARM_WEIGHTS = {"lexical": 1.0, "vector": 0.5, "lexical_lead": 0.5}
# Questions in other words than the text's. When the lexical arm's best chunk holds less
# than LOW_COVERAGE of the query's IDF mass (arms.share_of_query), the words the
# lexical arm ranked by are mostly not the question's, and the vector arm votes in full
# with a wider window. Chosen on the hard tuning set (retrieval-tune-hard.jsonl: hit@5
# 0.567 → 0.667, hit@1 0.300 → 0.333) at a small cost on the easier sets (110 questions:
# hit@1 0.745 → 0.727, hit@5 0.964 → 0.973); thresholds 0.3–0.7 and weights 1.0–1.5 in
# benchmarks/README.md.
LOW_COVERAGE = 0.5
LOW_COVERAGE_WEIGHTS = {**ARM_WEIGHTS, "vector": 1.0}
LOW_COVERAGE_WINDOWS = {"lexical": 10, "vector": 10}
# A lexical leader: when the lexical arm's first provision scores at least this many times
# its second (a rare phrase of the question in one provision only, as 边建边批 or 谁检查、
# 谁签名), it gets a third vote ("lexical_lead", weight 0.5): RRF's reward for agreement
# otherwise lets a provision both arms rank middling pass it. Chosen on the dev, statute
# and notice sets (hit@1 0.738 → 0.762 over 84 questions, no hit@5 lost; 1.2–1.3 equal),
# then checked on the held-out set: 0.654 → 0.731 (benchmarks/README.md).
LEXICAL_LEAD_RATIO = 1.25
# National law and local requirements side by side: when the top 5 holds no provision of
# one tier and an arm ranks one within its top 8, the best such provision takes the 5th
# place. A worker asking "应急预案演练" gets the six laws' drill articles and also the
# district's own work point on emergency plans (lexical 16th, vector 6th before). Chosen
# on the dev, statute and notice sets (hit@5 over 84: 0.929 → 0.964, no hit@1 changed,
# no hit pushed out of the top 5; depth 6: 0.952, 10: pushed a statute answer out), then
# checked on the held-out set: hit@5 0.923 → 0.962 (benchmarks/README.md).
TIER_HEAD, TIER_DEPTH = 5, 8
NATIONAL, LOCAL = "national", "local"
REGULATION = "regulation"  # SourceType.REGULATION (models.py; this module imports no ORM)
LEVEL_TIERS = {
    **dict.fromkeys(
        (
            "constitution",
            "law",
            "administrative_regulation",
            "departmental_rule",
            "national_standard",
            "industry_standard",
        ),
        NATIONAL,
    ),
    **dict.fromkeys(("local_regulation", "local_rule", "normative_document", "work_points"), LOCAL),
}


def is_local(level: str | None) -> bool:
    """A provision of the district's (or province's) own documents, by its page's level."""
    return LEVEL_TIERS.get(level or "") == LOCAL


def fuse_provisions(
    chunk_rankings: dict[str, list[int]],
    groups: dict[int, ProvisionKey],
    limit: int,
    lexical_scores: dict[int, float] | None = None,
    levels: dict[int, str] | None = None,
    lexical_coverage: float | None = None,
    named_documents: frozenset[int] = frozenset(),
    passage_texts: Callable[[Sequence[int]], Mapping[int, str]] | None = None,
    passage_scopes: Callable[[Sequence[int]], Mapping[int, str]] | None = None,
    passage_similarities: Callable[[Sequence[int]], Mapping[int, float | None]] | None = None,
    query_text: str = "",
) -> tuple[list[FusedHit[ProvisionKey]], dict[ProvisionKey, int]]:
    """RRF over provisions, and the chunk to show for each.

    Each arm's chunk ranking is first collapsed to provisions (a provision ranks where its
    best chunk or piece does), so a provision found by one arm through a sentence piece
    and by the other through its whole text gets both ranks. The chunk shown is the one
    behind the provision's better arm rank (the lexical one on a tie: it holds the words).
    A clear lexical leader (LEXICAL_LEAD_RATIO) gets the extra "lexical_lead" vote, and
    the top 5 mixes national and local provisions (TIER_HEAD); both only in hybrid mode.
    A low ``lexical_coverage`` (LOW_COVERAGE) gives the vector arm the full vote. When the
    question names documents (``named_documents``: object ids of regulation pages), their
    provisions come first, each group in fused order: "安全生产法对培训有什么要求" is asked
    of that law.

    With ``passage_texts`` (chunk ids → their text, fetched by the caller) a hybrid list is
    re-scored (rescoring.py) against ``query_text`` before the tiers are mixed;
    ``passage_scopes`` (chunk ids → their law's scope terms) adds the field each is in,
    ``passage_similarities`` (chunk ids → the question's cosine with that text) how near
    each is to the question.
    """
    rankings: dict[str, list[ProvisionKey]] = {}
    best: dict[ProvisionKey, tuple[int, int, int]] = {}  # group → (rank, arm order, chunk pk)
    for order, arm in enumerate(("lexical", "vector")):
        if arm not in chunk_rankings:
            continue
        chunks = collapse(chunk_rankings[arm], group_key=groups.__getitem__, limit=RANK_WINDOW)
        rankings[arm] = [groups[pk] for pk in chunks]
        if arm == "lexical" and "vector" in chunk_rankings and _leads(chunks, lexical_scores):
            rankings["lexical_lead"] = rankings[arm][:1]
        for rank, pk in enumerate(chunks, start=1):
            candidate = (rank, order, pk)
            if groups[pk] not in best or candidate < best[groups[pk]]:
                best[groups[pk]] = candidate
    weights, windows = vote(lexical_coverage)
    fused = reciprocal_rank_fusion(rankings, k=DEFAULT_K, weights=weights, windows=windows)
    hybrid = {"lexical", "vector"} <= rankings.keys()
    if hybrid and passage_texts is not None and fused:
        shown = [best[hit.key][2] for hit in fused]
        texts = passage_texts(shown)
        passages = [texts.get(pk, "") for pk in shown]
        scope_of = passage_scopes(shown) if passage_scopes else {}
        scopes = [scope_of.get(pk, "") for pk in shown]
        local = [is_local((levels or {}).get(pk)) for pk in shown]
        keys = [hit.key for hit in fused]
        signals = asked_signals(query_text, passages, scopes, local)
        similarity_of = passage_similarities(shown) if passage_similarities else {}
        similarities = relative_similarities([similarity_of.get(pk) for pk in shown])
        fused = rescore(
            fused,
            dict(zip(keys, pair_coverage(query_text, passages), strict=True)),
            asked=dict(zip(keys, signals, strict=True)),
            similarity=dict(zip(keys, similarities, strict=True)),
        )
    if hybrid and levels:
        tier_by_group = {groups[pk]: LEVEL_TIERS.get(level) for pk, level in levels.items()}
        fused = mix_tiers(
            fused, tier_by_group.get, (LOCAL, NATIONAL), head=TIER_HEAD, depth=TIER_DEPTH
        )
    if named_documents:
        fused = sorted(fused, key=lambda hit: not _in_documents(hit.key, named_documents))
    fused = fused[:limit]
    return fused, {hit.key: best[hit.key][2] for hit in fused}


def vote(lexical_coverage: float | None) -> tuple[dict[str, float], dict[str, int]]:
    """The arms' weights and vote windows for a query whose best lexical chunk holds
    ``lexical_coverage`` of its IDF mass (None: unknown, the usual vote)."""
    if lexical_coverage is not None and lexical_coverage < LOW_COVERAGE:
        return LOW_COVERAGE_WEIGHTS, LOW_COVERAGE_WINDOWS
    return ARM_WEIGHTS, VOTE_WINDOWS


def _in_documents(key: ProvisionKey, documents: frozenset[int]) -> bool:
    return key[0] == REGULATION and key[1] in documents


def _leads(chunks: list[int], lexical_scores: dict[int, float] | None) -> bool:
    """The first provision of a collapsed lexical ranking clearly beats the second
    (collapsing keeps each provision's best chunk, so the scores are best first)."""
    scores = [(lexical_scores or {}).get(pk, 0.0) for pk in chunks[:2]]
    return clear_lead(scores, LEXICAL_LEAD_RATIO)
