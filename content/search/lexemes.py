"""Document frequencies of lexemes, for the lexical arm's IDF weights.

ts_rank knows nothing of how rare a word is, so with ORed query terms a chunk that says
处罚 three times outranks the one chunk that says 未批先建. `LexemeStat` counts, per
lexeme, the whole (non-piece) chunks holding it in their text or headings (tsvector
weights A and B); the indexer adjusts the counts as it replaces a source's rows, and a
full rebuild follows `reindex_all` and re-segmentation.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection

from .models import LexemeStat
from .process_cache import ProcessCache

_WHOLE_CHUNKS = "SELECT search_vector FROM kbsearch_chunk WHERE NOT piece"


def add_source(content_type_id: int, object_id: int, sign: int) -> None:
    """Add (sign 1) or subtract (sign -1) one source's current rows to the counts.

    Call inside the transaction that replaces the rows: subtract before deleting them,
    add after inserting the new ones.
    """
    if sign not in (1, -1):
        raise ValueError("sign must be 1 or -1")
    # ts_stat takes its query as text; both values are ints, so formatting is safe.
    source_rows = (
        f"{_WHOLE_CHUNKS} AND content_type_id = {int(content_type_id)} "
        f"AND object_id = {int(object_id)}"
    )
    with connection.cursor() as cursor:
        if sign > 0:
            cursor.execute(
                "INSERT INTO kbsearch_lexemestat (lexeme, chunks)"
                " SELECT word, ndoc FROM ts_stat(%s, 'AB')"
                " ON CONFLICT (lexeme) DO UPDATE"
                " SET chunks = kbsearch_lexemestat.chunks + EXCLUDED.chunks",
                [source_rows],
            )
        else:
            cursor.execute(
                "UPDATE kbsearch_lexemestat s SET chunks = GREATEST(s.chunks - t.ndoc, 0)"
                " FROM ts_stat(%s, 'AB') t WHERE s.lexeme = t.word",
                [source_rows],
            )
            cursor.execute("DELETE FROM kbsearch_lexemestat WHERE chunks = 0")


def rebuild() -> int:
    """Recount every lexeme from scratch; returns how many lexemes there are."""
    with connection.cursor() as cursor:
        cursor.execute("LOCK TABLE kbsearch_lexemestat IN EXCLUSIVE MODE")
        cursor.execute("DELETE FROM kbsearch_lexemestat")
        cursor.execute(
            "INSERT INTO kbsearch_lexemestat (lexeme, chunks)"
            " SELECT word, ndoc FROM ts_stat(%s, 'AB')",
            [_WHOLE_CHUNKS],
        )
        count = cursor.rowcount
    clear_cache()
    return count


@dataclass(frozen=True, slots=True)
class TermWeight:
    """A query term's BM25 IDF, ln(1 + (N − n + 0.5) / (n + 0.5)), share n / N and count n."""

    idf: float
    share: float
    chunks: int


def term_weights(terms: Iterable[str]) -> dict[str, TermWeight]:
    """Weights of the terms found in the index, in the given order; unseen terms are left out."""
    wanted = list(dict.fromkeys(terms))
    if not wanted:
        return {}
    total, _ = corpus()
    counts = dict(LexemeStat.objects.filter(lexeme__in=wanted).values_list("lexeme", "chunks"))
    return {
        term: TermWeight(
            idf=math.log(1 + (total - counts[term] + 0.5) / (counts[term] + 0.5)),
            share=counts[term] / max(total, 1),
            chunks=counts[term],
        )
        for term in wanted
        if counts.get(term)
    }


def unseen_idf() -> float:
    """The IDF of a term in no chunk: the weight of a query word the index cannot match."""
    total, _ = corpus()
    return math.log(1 + (total + 0.5) / 0.5)


def _load_corpus() -> tuple[int, float]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), coalesce(avg(length(search_vector)), 0)"
            " FROM kbsearch_chunk WHERE NOT piece"
        )
        total, mean_length = cursor.fetchone()
    return int(total), float(mean_length) or 1.0


_corpus = ProcessCache(_load_corpus)


def corpus() -> tuple[int, float]:
    """(number of whole chunks, their mean number of distinct lexemes), cached a minute."""
    return _corpus.get()


def clear_cache() -> None:
    _corpus.clear()
