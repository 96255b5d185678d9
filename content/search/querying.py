"""Hybrid retrieval over the chunk table: a vector arm, a lexical arm, RRF, one fetch.

The arms are arms.py's:

- vector arm: the query (with glossary terms added) embedded, nearest chunks of the
  active model by cosine distance through the HNSW index;
- lexical arm: jieba `cut_for_search` terms of the query and of its glossary terms, ORed
  into a `simple` tsquery (quoted lexemes: user input is never tsquery syntax) to pick
  candidates, ranked by Σ IDF × ts_rank per term over the weighted tsvector
  (text > headings > title);
- both rankings collapsed to provisions and fused by `ranking.fuse_provisions` (weighted,
  windowed RRF with k = 60, a half vote more for a clear lexical leader, a re-score that
  reads each candidate's wording (rescoring.py), national and local provisions mixed in
  the top 5); each hit keeps its rank in each arm.

Only chunks in scope are ranked: public ones (enterprise_id null) plus those of the
enterprises the asker may see. Unpublished content has no chunks at all.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

import numpy as np
from django.db import transaction
from django.db.models import Q, QuerySet

from .arms import lexical_ranking, provision_group, vector_ranking
from .asking import asks_district, asks_method, number_unstated
from .confidence import (
    Confidence,
    cjk_share,
    is_found,
    is_vague,
    names_standard,
    quantity_gap,
)
from .everyday import everyday_similarity
from .everyday_store import active_everyday_questions
from .exact import NamedLookup, exact_chunks, named_document_ids, unmatched_note
from .fusion import collapse
from .glossary import expand_query
from .glossary_store import active_glossary
from .models import Chunk, SourceType
from .ranking import fuse_provisions, is_local
from .references import parse_reference
from .segment import query_terms, sanitize_query
from .shown import HEAVY_FIELDS, ShownAs
from .standards import Standard, named_standard, nearest_standard
from .standards_store import active_standards
from .vectors import TextEmbedder, active_embedder, active_model_name

logger = logging.getLogger("safetykb.search")

MAX_QUERY_CHARS = 200  # longer input is cut (at a character, never mid-surrogate)
DEFAULT_LIMIT = 10
MAX_LIMIT = 50
CANDIDATES = 60  # chunks per arm; several chunks of one provision collapse into one
IN_FORCE = "in_force"

# What the vector arm embeds when the glossary added terms: the query with the terms
# appended ("expanded"), the query alone ("original"), or the mean of both vectors
# ("mean"). Measured in benchmarks/README.md (query-side expansion).
VECTOR_QUERY: Literal["expanded", "original", "mean"] = "expanded"

Mode = Literal["hybrid", "vector", "lexical"]
MODES: tuple[Mode, ...] = ("hybrid", "vector", "lexical")


@dataclass(frozen=True, slots=True)
class SearchFilters:
    """Empty tuples mean "any"; by default only provisions in force (现行有效)."""

    source_types: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    statuses: tuple[str, ...] = (IN_FORCE,)
    authority: str = ""
    tag: str = ""


@dataclass(frozen=True, slots=True)
class SearchScope:
    """Whose private chunks the asker may see besides public ones; None: everyone's."""

    enterprise_ids: frozenset[int] | None = frozenset()


PUBLIC = SearchScope()


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One provision (or item, or article section) and why it ranked: each arm's 1-based rank."""

    chunk_id: int
    source_type: str
    document: str
    provision: str
    path: str
    url: str
    text: str
    score: float
    vector_rank: int | None
    lexical_rank: int | None
    object_id: int
    provision_id: int | None
    anchor: str
    status: str
    level: str
    authority: str
    exact: bool = False  # the query named this provision ("安全生产法第二十八条")
    # What the re-score weighed (rescoring.FEATURES → value), empty when it did not run.
    rescore_features: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True, slots=True)
class SearchResults:
    """A query's hits; `terms` are the lexical terms (for highlighting)."""

    query: str
    hits: tuple[SearchHit, ...]
    terms: tuple[str, ...] = ()
    added_terms: tuple[str, ...] = ()
    mode: Mode = "hybrid"
    vector_available: bool = True
    truncated: bool = False
    # False when nothing in the list answers the question (confidence.py): the page then
    # says so and shows the hits as the nearest few.
    found: bool = True
    confidence: Confidence = field(default_factory=Confidence)
    # The technical standard (outside the corpus) a question names (standard_named), or
    # sits nearest on a list judged not found or lacking the number asked for
    # (confidence.names_standard), as where the answer is likely to be.
    standard: Standard | None = None
    standard_named: bool = False
    # A law's article the question named and the index does not hold (exact.unmatched_note).
    reference_note: str = ""
    timings: dict[str, float] = field(default_factory=dict, compare=False)

    @property
    def vague(self) -> bool:
        """The question holds only words every provision uses (confidence.is_vague): the
        page asks which task or thing is meant."""
        return is_vague(self.confidence)

    @property
    def number_unstated(self) -> bool:
        """A list judged found whose first hits state no number where the question asks
        for one (asking.number_unstated): the page says the figure is not among them."""
        return self.found and number_unstated(self.query, [hit.text for hit in self.hits])


def search(
    query: str,
    *,
    limit: int = DEFAULT_LIMIT,
    filters: SearchFilters = SearchFilters(),
    scope: SearchScope = PUBLIC,
    mode: Mode = "hybrid",
    expand: bool = True,
    embedder: TextEmbedder | None = None,
    query_vector: np.ndarray | None = None,
    phrasings: bool = True,
    bank_phrasings: bool = True,
    rescore: bool = True,
) -> SearchResults:
    """Search the index. Raises segment.EmptyQueryError (message for the user) on empty input.

    `query_vector` skips embedding the query (benchmarks measure the rest alone).
    `phrasings=False` leaves editors' 常见问法 out (the quality benchmarks: they are
    added from the search log, where the benchmarks' own questions may have been typed);
    the question bank's phrasings stay, like any other content, unless `bank_phrasings=False`
    (benchmarks compare).
    `rescore=False` keeps the fused order (rescoring.py; benchmarks and tests compare).
    """
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}")
    limit = clamp_limit(limit)
    cleaned = sanitize_query(query, MAX_QUERY_CHARS)
    truncated = len(" ".join(query.split())) > len(cleaned)
    expansion = expand_query(cleaned, active_glossary() if expand else ())
    terms = _lexical_terms(cleaned, expansion.added_terms)

    vector = query_vector
    vector_available = True
    everyday: float | None = None
    standard_similarity: float | None = None
    standard: Standard | None = None
    if mode != "lexical":
        try:
            model = embedder or active_embedder()
            if vector is None:
                vector = _query_vector(model, cleaned, expansion.expanded_text)
            everyday = everyday_similarity(model, vector, active_everyday_questions())
            standard_similarity, standard = nearest_standard(model, vector, active_standards())
        except Exception:  # a missing/broken model must not take search down: lexical only
            logger.exception("查询向量计算失败，本次仅使用关键词检索")
            vector_available = vector is not None

    candidates = _scoped(Chunk.objects.all(), filters, scope)
    if not phrasings:
        candidates = candidates.exclude(phrasing=True, from_bank=False)
    if not bank_phrasings:
        candidates = candidates.filter(from_bank=False)
    chunk_rankings: dict[str, list[int]] = {}
    groups: dict[int, tuple] = {}
    lexical_scores: dict[int, float] = {}
    distances: dict[int, float] = {}
    levels: dict[int, str] = {}
    coverage: list[float] = []
    unseen: list[float] = []
    specificity: list[float] = []
    shown_as = ShownAs(vector if mode != "lexical" else None, active_model_name())
    with transaction.atomic():
        if mode != "lexical" and vector is not None:
            chunk_rankings["vector"] = vector_ranking(
                candidates, vector, CANDIDATES, groups, distances, levels
            )
        if mode != "vector" and terms:
            chunk_rankings["lexical"] = lexical_ranking(
                candidates,
                terms,
                CANDIDATES,
                groups,
                lexical_scores,
                levels,
                coverage,
                unseen,
                specificity,
            )
        fused, shown = fuse_provisions(
            chunk_rankings,
            groups,
            limit,
            lexical_scores,
            levels,
            lexical_coverage=coverage[0] if coverage else None,
            named_documents=named_document_ids(cleaned),
            passage_texts=shown_as.texts if rescore else None,
            passage_scopes=shown_as.scopes if rescore else None,
            passage_similarities=shown_as.similarities if rescore else None,
            query_text=expansion.expanded_text,
        )
        rows = shown_as.rows(shown.values())
        reference = parse_reference(cleaned)
        lookup = exact_chunks(reference, candidates) if reference else NamedLookup()
        named = lookup.chunks
        reference_note = unmatched_note(reference, lookup) if reference else ""
    ranked = [
        _hit(
            rows[shown[h.key]],
            h.score,
            h.ranks.get("vector"),
            h.ranks.get("lexical"),
            rescore_features=h.features,
        )
        for h in fused
    ]
    hits = _named_first(named, ranked, limit)
    similarities = _provision_similarities(chunk_rankings.get("vector", []), groups, distances)
    confidence = Confidence(
        vector_similarity=similarities[0] if similarities else None,
        lexical_coverage=coverage[0] if coverage else (0.0 if terms and mode != "vector" else None),
        exact=bool(named),
        vector_margin=similarities[0] - similarities[1] if len(similarities) > 1 else None,
        unseen_share=unseen[0] if unseen else None,
        arms_agree=_arms_agree(chunk_rankings, groups),
        glossary=bool(expansion.added_terms),
        query_chars=len(cleaned),
        cjk_share=cjk_share(cleaned),
        quantity_gap=quantity_gap(cleaned, hits[0].text if hits else ""),
        district_asked=bool(hits) and asks_district(cleaned) and is_local(hits[0].level),
        method_asked=asks_method(cleaned),
        everyday_similarity=everyday,
        standard_similarity=standard_similarity,
        specificity=specificity[0] if specificity else None,
    )
    found = bool(hits) and is_found(confidence)
    # A standard the question names is pointed to whatever the list holds: its text is
    # not here, however near some provision comes.
    named_outside = named_standard(cleaned, active_standards())
    results = SearchResults(
        query=cleaned,
        hits=hits,
        terms=tuple(terms),
        added_terms=expansion.added_terms,
        mode=mode,
        vector_available=vector_available,
        truncated=truncated,
        found=found,
        confidence=confidence,
        standard_named=named_outside is not None,
        reference_note=reference_note,
    )
    pointed = names_standard(confidence, found, results.number_unstated)
    return replace(results, standard=named_outside or (standard if pointed else None))


def related_provisions(
    *,
    provision_id: int | None = None,
    source: tuple[str, int] | None = None,
    limit: int = 5,
    scope: SearchScope = PUBLIC,
) -> tuple[SearchHit, ...]:
    """Regulation provisions nearest to a provision's (or a source's) stored embedding.

    Uses the vector already in the index: no model load, two queries.
    """
    model = active_model_name()
    origin = _scoped(Chunk.objects.all(), SearchFilters(statuses=()), scope).filter(
        model_name=model, embedding__isnull=False
    )
    if provision_id is not None:
        origin = origin.filter(provision_id=provision_id)
    elif source is not None:
        origin = origin.filter(source_type=source[0], object_id=source[1])
    else:
        raise ValueError("give provision_id or source")
    first = origin.order_by("ordinal").values("pk", "embedding", "source_type", "object_id").first()
    if first is None:
        return ()
    candidates = _scoped(
        Chunk.objects.exclude(source_type=first["source_type"], object_id=first["object_id"])
        if provision_id is None
        else Chunk.objects.exclude(provision_id=provision_id),
        SearchFilters(source_types=(SourceType.REGULATION,)),
        scope,
    ).filter(phrasing=False)  # a 常见问法 is never shown as text
    groups: dict[int, tuple] = {}
    distances: dict[int, float] = {}
    with transaction.atomic():
        ranking = vector_ranking(candidates, first["embedding"], limit * 4, groups, distances)
        kept = collapse(ranking, group_key=groups.__getitem__, limit=limit)
        rows = Chunk.objects.defer(*HEAVY_FIELDS).in_bulk(kept)
    return tuple(_hit(rows[pk], 1.0 - distances[pk], rank, None) for rank, pk in enumerate(kept, 1))


def clamp_limit(limit: int | str | None, default: int = DEFAULT_LIMIT) -> int:
    """A page size between 1 and MAX_LIMIT; anything unparsable is the default."""
    try:
        value = int(limit) if limit not in (None, "") else default
    except (TypeError, ValueError):
        value = default
    return max(1, min(MAX_LIMIT, value))


# --- internals -------------------------------------------------------------------------


def _query_vector(embedder: TextEmbedder, query: str, expanded: str) -> np.ndarray:
    if expanded == query or VECTOR_QUERY == "expanded":
        return embedder.encode_query(expanded)
    if VECTOR_QUERY == "original":
        return embedder.encode_query(query)
    both = embedder.encode([query, expanded]).mean(axis=0)
    return both / (np.linalg.norm(both) or 1.0)


def _lexical_terms(query: str, added_terms: Sequence[str]) -> list[str]:
    terms: dict[str, None] = dict.fromkeys(query_terms(query))
    for added in added_terms:
        terms.update(dict.fromkeys(query_terms(added)))
    return list(terms)


def _scoped(queryset: QuerySet[Chunk], filters: SearchFilters, scope: SearchScope):
    if scope.enterprise_ids is not None:
        queryset = queryset.filter(
            Q(enterprise_id__isnull=True) | Q(enterprise_id__in=sorted(scope.enterprise_ids))
        )
    if filters.source_types:
        queryset = queryset.filter(source_type__in=filters.source_types)
    if filters.levels:
        queryset = queryset.filter(level__in=filters.levels)
    if filters.statuses:
        queryset = queryset.filter(status__in=filters.statuses)
    if filters.authority:
        queryset = queryset.filter(authority=filters.authority)
    if filters.tag:
        queryset = queryset.filter(tags__contains=[filters.tag])
    return queryset


def _provision_similarities(
    ranking: Sequence[int], groups: dict[int, tuple], distances: dict[int, float]
) -> list[float]:
    """Cosine similarity of the best chunk of each provision, best first (the margin
    between the first two provisions is a confidence signal)."""
    return [1.0 - distances[pk] for pk in collapse(ranking, group_key=groups.__getitem__)]


def _arms_agree(chunk_rankings: dict[str, list[int]], groups: dict[int, tuple]) -> bool:
    """Whether both arms put the same provision first."""
    rankings = [ranking for ranking in chunk_rankings.values() if ranking]
    return len(rankings) == 2 and len({groups[ranking[0]] for ranking in rankings}) == 1


def _named_first(
    named: Sequence[Chunk], ranked: list[SearchHit], limit: int
) -> tuple[SearchHit, ...]:
    """The provisions the query named, then the ranked list without them, cut to ``limit``."""
    if not named:
        return tuple(ranked)
    by_group = {provision_group(h.source_type, h.object_id, h.anchor): h for h in ranked}
    first = []
    for chunk in named:
        ranked_hit = by_group.pop(
            provision_group(chunk.source_type, chunk.object_id, chunk.anchor), None
        )
        score = ranked_hit.score if ranked_hit else 0.0
        vector_rank = ranked_hit.vector_rank if ranked_hit else None
        lexical_rank = ranked_hit.lexical_rank if ranked_hit else None
        first.append(replace(_hit(chunk, score, vector_rank, lexical_rank), exact=True))
    rest = [h for h in ranked if provision_group(h.source_type, h.object_id, h.anchor) in by_group]
    return tuple(first + rest)[:limit]


def _hit(
    chunk: Chunk,
    score: float,
    vector_rank: int | None,
    lexical_rank: int | None,
    rescore_features: tuple[tuple[str, float], ...] = (),
):
    return SearchHit(
        chunk_id=chunk.pk,
        source_type=chunk.source_type,
        document=chunk.document_title,
        provision=chunk.provision_label,
        path=chunk.heading_path,
        url=chunk.url,
        text=chunk.text,
        score=round(score, 6),
        vector_rank=vector_rank,
        lexical_rank=lexical_rank,
        object_id=chunk.object_id,
        provision_id=chunk.provision_id,
        anchor=chunk.anchor,
        status=chunk.status,
        level=chunk.level,
        authority=chunk.authority,
        rescore_features=rescore_features,
    )
