"""Search latency, HNSW recall and indexer throughput on all national laws (~26k articles).

    .venv/bin/python benchmarks/search_latency.py [--rounds 5] [--sample 256]

Runs in its own database (`safetykb_bench` on the embedded server, migrated on first
use), so the demo database is untouched. Every law of the offline statute database is
chunked exactly as the indexer chunks a regulation page and written to the same chunk
table, with vectors from a disk cache under var/bench/ (the first run embeds ~50k chunks
and pieces: most of an hour on two cores; reruns take a minute). Then, in one run:

- p50/p95 latency of the hybrid query with and without the query embedding, of the bare
  pgvector HNSW query and of the bare lexical (ts_rank) query on the same table;
- HNSW recall@10 against exact search, for the bare query and for the filtered arm;
- embedding throughput of the indexer (chunk, segment, embed, write) against a bare
  `model.encode` of the same texts.

Targets (2 cores): hybrid p95 ≤ 50 ms without the query embedding, recall@10 ≥ 0.95,
indexer ≥ 90 % of bare encode throughput.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
BENCH_DB = "safetykb_bench"
CACHE_DIR = ROOT / "var" / "bench" / "embeddings"
QUERY_FILES = [
    ROOT.parent / "shared" / "eval" / "retrieval-dev.jsonl",
    ROOT / "benchmarks" / "retrieval-statutes.jsonl",
]
OBJECT_ID_BASE = 10_000_000  # synthetic source ids, far from real page ids
TARGETS = {"hybrid_p95_ms": 50.0, "recall": 0.95, "throughput_ratio": 0.90}


def use_bench_database() -> None:
    """Point Django at BENCH_DB on the embedded server, creating it if needed."""
    sys.path[:0] = [str(ROOT), str(ROOT / "site")]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safetykb.settings.dev")
    if os.environ.get("DATABASE_URL"):
        sys.exit("search_latency uses the embedded server; unset DATABASE_URL")
    import psycopg

    from safetykb.database import start_embedded_server

    socket_dir = start_embedded_server(ROOT / "var" / "pgdata")
    with psycopg.connect(host=socket_dir, user="postgres", dbname="postgres", autocommit=True) as c:
        if not c.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB]).fetchone():
            c.execute(f'CREATE DATABASE "{BENCH_DB}"')
    os.environ["DATABASE_URL"] = f"postgres://postgres@{quote(socket_dir, safe='')}/{BENCH_DB}"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def law_drafts(limit: int | None = None):
    """SourceDrafts for every law in the statute database (or the first ``limit``), as the
    indexer would build them."""
    from content.search.sources import SourceDrafts, provision_drafts
    from importers.regulation_loader import provision_anchors
    from importers.statutes import list_laws, read_law, statute_db_path

    db_path = statute_db_path()
    drafts = []
    for number, law in enumerate(list_laws(db_path)[:limit]):
        record = read_law(db_path, law.law_id)
        anchors = provision_anchors(record.provisions)
        provisions = [
            _Provision(number * 10_000 + i, anchor, p.label, p.heading, p.text, p.depth)
            for i, (p, anchor) in enumerate(zip(record.provisions, anchors, strict=True))
        ]
        drafts.append(
            SourceDrafts(
                source_type="regulation",
                model_label="regulations.regulationpage",
                object_id=OBJECT_ID_BASE + number,
                version=None,
                chunks=tuple(
                    provision_drafts(record.title, f"/bench/{law.law_id}/", "", provisions)
                ),
                status=record.status,
                level=record.level,
                authority=record.authority,
                tags=record.tags,
                issue_date=record.issue_date,
                effective_date=record.effective_date,
            )
        )
    return drafts


class _Provision:
    def __init__(self, pk, anchor, label, heading, text, depth):
        self.pk, self.anchor, self.label, self.heading, self.text, self.depth = (
            pk,
            anchor,
            label,
            heading,
            text,
            depth,
        )


def build_index(drafts, embedder, cache) -> None:
    """Fill the cache, then (re)write the bench chunk table if its content differs."""
    from django.db import transaction
    from tqdm import tqdm

    from content.search import lexemes
    from content.search.indexing import _rows
    from content.search.models import Chunk
    from content.search.sources import embedding_input

    texts = [embedding_input(d) for source in drafts for d in source.chunks]
    missing = cache.missing(texts)
    if missing:
        print(f"→ embedding {len(missing)} of {len(texts)} texts into {cache.folder} …")
        with tqdm(total=len(missing), unit="chunk") as bar:
            cache.fill(
                missing, lambda part: embedder.encode(part, batch_size=32), progress=bar.update
            )
    # Rows of this embedder with vectors: after a model change (or the migration that
    # drops vectors) the row count alone would still match.
    current = Chunk.objects.filter(model_name=embedder.name, embedding__isnull=False)
    if current.count() == len(texts) == Chunk.objects.count() and lexemes.corpus()[0]:
        print(f"→ bench index up to date: {len(texts)} rows")
        return
    print(f"→ writing {len(texts)} rows …")
    with transaction.atomic():
        Chunk.objects.all().delete()
        for source in tqdm(drafts, unit="law"):
            rows, by_hash = _rows(source, embedder.name)
            vectors = cache.get([by_hash[row.content_hash] for row in rows])
            for row, vector in zip(rows, vectors, strict=True):
                row.embedding = vector
            Chunk.objects.bulk_create(rows, batch_size=1000)
        lexemes.rebuild()


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))]


def timed(fn, rounds):
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="timed runs per query")
    parser.add_argument("--sample", type=int, default=256, help="texts for the throughput test")
    parser.add_argument(
        "--laws",
        type=int,
        default=None,
        help="index only the first N laws (a before/after comparison without an hour of embedding)",
    )
    args = parser.parse_args()
    use_bench_database()

    from django.db import connection, transaction

    from content.search.arms import EF_SEARCH
    from content.search.embedding_cache import EmbeddingCache
    from content.search.glossary_store import active_glossary
    from content.search.querying import search
    from content.search.segment import query_terms, to_tsquery_string
    from content.search.vectors import active_embedder

    embedder = active_embedder()
    cache = EmbeddingCache(CACHE_DIR, embedder.name, embedder.dimension)
    drafts = law_drafts(args.laws)
    build_index(drafts, embedder, cache)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE kbsearch_chunk")
        cursor.execute("SELECT count(*), count(*) FILTER (WHERE piece) FROM kbsearch_chunk")
        rows, pieces = cursor.fetchone()
    articles = sum(1 for s in drafts for d in s.chunks if not d.piece)
    print(f"laws {len(drafts)} · chunks {rows} ({articles} whole, {pieces} pieces)\n")

    queries = [
        json.loads(line)["query"]
        for path in QUERY_FILES
        if path.exists()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    active_glossary()
    vectors = {q: embedder.encode_query(q) for q in queries}
    from content.search.glossary import expand_query

    expanded = {
        q: embedder.encode_query(expand_query(q, active_glossary()).expanded_text) for q in queries
    }

    def bare_hnsw(vector, limit=10, exact=False):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT set_config('hnsw.ef_search', %s, true)", [str(EF_SEARCH)])
            if exact:
                cursor.execute("SET LOCAL enable_indexscan = off")
            cursor.execute(
                "SELECT id FROM kbsearch_chunk ORDER BY embedding <=> %s::vector LIMIT %s",
                [str(list(map(float, vector))), limit],
            )
            return [r[0] for r in cursor.fetchall()]

    def bare_lexical(query):
        tsquery = to_tsquery_string(query_terms(query))
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id FROM kbsearch_chunk WHERE search_vector @@ to_tsquery('simple', %s)"
                " ORDER BY ts_rank(search_vector, to_tsquery('simple', %s)) DESC LIMIT 10",
                [tsquery, tsquery],
            )
            return cursor.fetchall()

    for q in queries[:5]:  # warm caches and the plan cache
        search(q, query_vector=expanded[q])
        search(q)
    timings = {
        "hybrid, with query embedding": [],
        "hybrid, query vector given": [],
        "bare HNSW (pgvector)": [],
        "bare lexical (ts_rank)": [],
        "query embedding alone": [],
    }
    for q in queries:
        timings["hybrid, with query embedding"] += timed(lambda q=q: search(q), args.rounds)
        timings["hybrid, query vector given"] += timed(
            lambda q=q: search(q, query_vector=expanded[q]), args.rounds
        )
        timings["bare HNSW (pgvector)"] += timed(lambda q=q: bare_hnsw(vectors[q]), args.rounds)
        timings["bare lexical (ts_rank)"] += timed(lambda q=q: bare_lexical(q), args.rounds)
        timings["query embedding alone"] += timed(lambda q=q: embedder.encode_query(q), args.rounds)

    base = statistics.median(timings["bare HNSW (pgvector)"])
    print(f"## latency over {len(queries)} queries × {args.rounds} runs (ms)")
    print(f"{'':32}{'p50':>8}{'p95':>8}   p50 vs bare HNSW")
    for name, samples in timings.items():
        p50, p95 = percentile(samples, 50), percentile(samples, 95)
        print(f"{name:32}{p50:>8.1f}{p95:>8.1f}   {p50 / base:>5.1f}×")
    hybrid_p95 = percentile(timings["hybrid, query vector given"], 95)
    print_breakdown(queries, expanded, search, args.rounds)

    recalls, arm_recalls = [], []
    from content.search.arms import vector_ranking
    from content.search.models import Chunk
    from content.search.vectors import active_model_name

    for q in queries:
        exact = set(bare_hnsw(vectors[q], exact=True))
        recalls.append(len(exact & set(bare_hnsw(vectors[q]))) / 10)
        with transaction.atomic():
            filtered = Chunk.objects.filter(status="in_force")
            approx = vector_ranking(filtered, expanded[q], 10, {})
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_indexscan = off")
            exact_arm = set(
                filtered.filter(model_name=active_model_name())
                .order_by(_distance(expanded[q]))
                .values_list("pk", flat=True)[:10]
            )
        arm_recalls.append(len(exact_arm & set(approx)) / 10)
    recall, arm_recall = statistics.mean(recalls), statistics.mean(arm_recalls)
    print(f"\n## HNSW recall@10 vs exact (ef_search={EF_SEARCH})")
    print(f"bare query            {recall:.3f}")
    print(f"filtered vector arm   {arm_recall:.3f}  (status in force, current model)")

    ratio = throughput(drafts, embedder, args.sample)

    print("\n## targets")
    checks = [
        (
            "hybrid p95 without query embedding ≤ 50 ms",
            hybrid_p95 <= TARGETS["hybrid_p95_ms"],
            f"{hybrid_p95:.1f} ms",
        ),
        (
            "HNSW recall@10 ≥ 0.95",
            min(recall, arm_recall) >= TARGETS["recall"],
            f"{min(recall, arm_recall):.3f}",
        ),
        (
            "indexer embedding ≥ 90 % of bare encode",
            ratio >= TARGETS["throughput_ratio"],
            f"{ratio:.0%}",
        ),
    ]
    for label, ok, value in checks:
        print(f"{'met    ' if ok else 'NOT met'}  {label}: {value}")
    return 0


# Which step of a search a statement belongs to, by what only its SQL holds (first match).
STATEMENT_KINDS = (
    ("ts_rank", "lexical arm"),
    ("kbsearch_lexemestat", "lexical arm: term weights"),
    ("LATERAL", "shown texts and cosines"),
    ("<=>", "vector arm"),
)


def print_breakdown(queries, vectors, search, rounds: int) -> None:
    """Where the time of a hybrid search (query vector given) goes: each kind of SQL
    statement, timed around its execution, and the rest (Python: jieba, the glossary,
    fusion, the re-score, building the results)."""
    from django.db import connection

    spent: dict[str, list[float]] = {}
    totals: list[float] = []

    def timed_statement(execute, sql, params, many, context):
        kind = next((name for marker, name in STATEMENT_KINDS if marker in sql), "other SQL")
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent.setdefault(kind, []).append((time.perf_counter() - started) * 1000)

    with connection.execute_wrapper(timed_statement):
        for q in queries:
            totals += timed(lambda q=q: search(q, query_vector=vectors[q]), rounds)
    searches = len(totals)
    whole = sum(totals) / searches
    print("\n## where a hybrid search's time goes (query vector given, mean ms per search)")
    rows = [(name, sum(samples) / searches) for name, samples in spent.items()]
    rows.append(("Python (the rest)", whole - sum(ms for _, ms in rows)))
    for name, ms in sorted(rows, key=lambda row: -row[1]):
        print(f"{name:32}{ms:>8.1f}   {ms / whole:>4.0%}")
    print(f"{'whole search':32}{whole:>8.1f}")


def _distance(vector):
    from pgvector.django import CosineDistance

    return CosineDistance("embedding", vector)


def throughput(drafts, embedder, sample: int) -> float:
    """Chunks per second: the indexer's whole write path vs a bare encode, same texts."""
    from django.db import transaction

    from content.search.indexing import _fill_embeddings, _rows
    from content.search.models import Chunk
    from content.search.sources import SourceDrafts, embedding_input

    # A slice of real chunks from the middle of the corpus, as one synthetic source.
    every = [d for s in drafts for d in s.chunks]
    start = min(20_000, max(0, len(every) - sample))
    chunks = [
        dataclasses.replace(d, anchor=f"t{i}")  # one synthetic source: anchors must differ
        for i, d in enumerate(every[start : start + sample])
    ]
    source = SourceDrafts(
        source_type="regulation",
        model_label="regulations.regulationpage",
        object_id=OBJECT_ID_BASE - 1,
        version=None,
        chunks=tuple(chunks),
    )
    texts = [embedding_input(d) for d in chunks]

    def bare():
        embedder.encode(texts, batch_size=32)

    def embedding_step():
        rows, by_hash = _rows(source, embedder.name)
        started = time.perf_counter()
        _fill_embeddings(rows, by_hash, embedder, reuse=False)
        return (time.perf_counter() - started) * 1000

    def indexer():
        with transaction.atomic():
            rows, by_hash = _rows(source, embedder.name)
            _fill_embeddings(rows, by_hash, embedder, reuse=False)
            Chunk.objects.bulk_create(rows, batch_size=500)
            transaction.set_rollback(True)

    bare()  # warm up
    results = {"bare encode": [], "indexer embedding step": [], "indexer, whole write": []}
    for _ in range(2):  # alternate, best of two, so neither profits from a warmer machine
        results["bare encode"] += timed(bare, 1)
        results["indexer embedding step"].append(embedding_step())
        results["indexer, whole write"] += timed(indexer, 1)
    best = {name: min(samples) for name, samples in results.items()}
    print(f"\n## embedding throughput on {len(texts)} chunks")
    for name, ms in best.items():
        ratio = best["bare encode"] / ms
        print(
            f"{name:24}{len(texts) / (ms / 1000):>8.1f} chunks/s  {ms / 1000:>6.1f} s  {ratio:>5.0%}"
        )
    print("(whole write = chunk, segment with jieba, hash, embed, insert with HNSW upkeep)")
    return best["bare encode"] / best["indexer embedding step"]


if __name__ == "__main__":
    raise SystemExit(main())
