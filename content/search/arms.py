"""The two arms' chunk rankings, in SQL: the vector arm (pgvector HNSW, cosine) and the
lexical arm (Σ IDF × ts_rank over the jieba lexemes, BM25-like). Each returns chunk ids,
best first, and fills in what the caller keeps of each chunk (its provision, level, score).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import QuerySet, Subquery
from django.db.models.expressions import RawSQL
from pgvector.django import CosineDistance

from . import lexemes
from .models import Chunk, SourceType
from .ranking import ProvisionKey
from .segment import to_tsquery_string
from .vectors import active_model_name

# HNSW candidate list: the default 40 is below querying.CANDIDATES; on all 378 laws (48k rows)
# 100 gave recall@10 0.943, 200 clears 0.95 for ~1 ms more (benchmarks/README.md).
EF_SEARCH = 200
# Lexical scoring, BM25-like: Σ over query terms of IDF × the term's own ts_rank (so
# frequency and text/heading/title weights count), over (1 − b + b · lexemes / mean).
LENGTH_NORMALISATION = 0.3
# Only terms in at most this many chunks select candidates; commoner ones (安全, 生产…)
# still score. It bounds the arm's work whatever the size of the index (all 378 laws:
# lexical arm p95 360 ms when every term selected, 40 ms now; benchmarks/README.md).
SELECTING_CHUNKS = 300
PRESELECT = 300  # chunks fully scored by the lexical arm
# ts_rank of one occurrence of a lexeme in the text (weight A): makes a term's ts_rank
# about 1 for one plain occurrence, more for repeats and less in headings or the title.
ONE_OCCURRENCE_RANK = 0.0607927


def provision_group(source_type: str, object_id: int, anchor: str) -> ProvisionKey:
    """One hit per provision; catalogue items and culture articles count as one each."""
    return (source_type, object_id, anchor if source_type == SourceType.REGULATION else "")


def vector_ranking(
    candidates: QuerySet[Chunk],
    vector: np.ndarray,
    count: int,
    groups: dict[int, ProvisionKey],
    distances: dict[int, float] | None = None,
    levels: dict[int, str] | None = None,
) -> list[int]:
    with connection.cursor() as cursor:
        # Transaction-local: relaxed iterative scans keep filtered queries from coming up
        # short; the order is restored below from the distances.
        cursor.execute(
            "SELECT set_config('hnsw.ef_search', %s, true),"
            " set_config('hnsw.iterative_scan', 'relaxed_order', true)",
            [str(max(EF_SEARCH, count))],
        )
    rows = list(
        candidates.filter(model_name=active_model_name(), embedding__isnull=False)
        .annotate(distance=CosineDistance("embedding", vector))
        .order_by("distance")
        .values_list("pk", "source_type", "object_id", "anchor", "distance", "level")[:count]
    )
    rows.sort(key=lambda row: (row[4], row[0]))
    for pk, source_type, object_id, anchor, distance, level in rows:
        groups[pk] = provision_group(source_type, object_id, anchor)
        if distances is not None:
            distances[pk] = float(distance)
        if levels is not None:
            levels[pk] = level
    return [row[0] for row in rows]


def lexical_ranking(
    candidates: QuerySet[Chunk],
    terms: Sequence[str],
    count: int,
    groups: dict[int, ProvisionKey],
    scores: dict[int, float] | None = None,
    levels: dict[int, str] | None = None,
    coverage: list[float] | None = None,
    unseen: list[float] | None = None,
    specificity: list[float] | None = None,
) -> list[int]:
    """Chunks by Σ IDF × ts_rank of each query term (plain ts_rank has no IDF: with ORed
    terms, three 处罚 outrank the one chunk that says 未批先建).

    Every term goes to PostgreSQL as one quoted lexeme (to_tsquery_string), as a bound
    parameter: nothing the user types is tsquery or SQL syntax.
    """
    weights = lexemes.term_weights(terms)
    if unseen is not None and terms:
        unseen.append((len(set(terms)) - len(weights)) / len(set(terms)))
    if specificity is not None and terms:
        rarest = max((weight.idf for weight in weights.values()), default=0.0)
        specificity.append(rarest / lexemes.unseen_idf())
    if not weights:
        return []
    _, mean_length = lexemes.corpus()
    # Rare terms pick the candidates (through the GIN index) and a cheap pre-score keeps
    # the PRESELECT best; only those get the full score. 安全, 生产… still score.
    by_rarity = sorted(weights, key=lambda t: weights[t].share)
    selecting = [t for t in by_rarity if weights[t].chunks <= SELECTING_CHUNKS] or by_rarity[:2]
    selector = to_tsquery_string(selecting)
    if not selector:
        return []
    pre_terms, pre_params = [], []
    for term in selecting:
        pre_terms.append("%s * (v.sv @@ to_tsquery('simple', %s))::int")
        pre_params += [weights[term].idf, to_tsquery_string([term])]
    preselected = (
        candidates.filter(search_vector=SearchQuery(selector, config="simple", search_type="raw"))
        .annotate(pre_score=RawSQL(_once(" + ".join(pre_terms)), pre_params))
        .order_by("-pre_score", "pk")
        .values("pk")[:PRESELECT]
    )
    matches, params = [], []
    for term, weight in weights.items():
        matches.append("%s * ts_rank(v.sv, to_tsquery('simple', %s))")
        params += [weight.idf / ONE_OCCURRENCE_RANK, to_tsquery_string([term])]
    score = RawSQL(
        _once(f"({' + '.join(matches)}) / (%s + %s * length(v.sv))"),
        (*params, 1 - LENGTH_NORMALISATION, LENGTH_NORMALISATION / mean_length),
    )
    # The IDF mass of the query's terms each row holds: the best row's share of the whole
    # query is the lexical arm's confidence (confidence.py), in the same query.
    held_terms, held_params = [], []
    for term, weight in weights.items():
        held_terms.append("%s * (v.sv @@ to_tsquery('simple', %s))::int")
        held_params += [weight.idf, to_tsquery_string([term])]
    rows = (
        Chunk.objects.filter(pk__in=Subquery(preselected))
        .annotate(lexical_score=score, held_idf=RawSQL(_once(" + ".join(held_terms)), held_params))
        .order_by("-lexical_score", "pk")
        .values_list(
            "pk", "source_type", "object_id", "anchor", "lexical_score", "level", "held_idf"
        )[:count]
    )
    ranking: list[int] = []
    for pk, source_type, object_id, anchor, lexical_score, level, held_idf in rows:
        groups[pk] = provision_group(source_type, object_id, anchor)
        if scores is not None:
            scores[pk] = float(lexical_score)
        if levels is not None:
            levels[pk] = level
        if coverage is not None and not ranking:
            coverage.append(share_of_query(float(held_idf), terms, weights))
        ranking.append(pk)
    return ranking


def _once(expression: str) -> str:
    """``expression`` over ``v.sv``, the row's search_vector read once.

    Each ``@@`` or ``ts_rank`` on the column fetches and copies the stored value again
    (none of them is compressed; the copy is the cost): twenty-odd times a row for a
    question with many terms, most of the lexical arm's time on all 378 laws. The
    subquery builds the value in memory once (``|| ''``; OFFSET 0 keeps the planner
    from inlining it) and every expression reads that.
    """
    return f"(SELECT {expression} FROM (SELECT search_vector || ''::tsvector AS sv OFFSET 0) v)"


def share_of_query(
    held_idf: float, terms: Sequence[str], weights: Mapping[str, lexemes.TermWeight]
) -> float:
    """``held_idf`` as a share of the query's IDF mass. A word the index never saw weighs
    the most (it matched nothing), so gibberish and questions about things the knowledge
    base does not cover score near 0."""
    unseen = len(set(terms)) - len(weights)
    total = sum(w.idf for w in weights.values()) + unseen * lexemes.unseen_idf()
    return held_idf / total if total else 0.0
