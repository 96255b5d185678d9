"""What the workers' lexicon, the low-coverage vote and the named-law lookup cost a search.

    .venv/bin/python benchmarks/query_overhead.py [--rounds 5]

On the demo database, every answerable and unanswerable query of the tuning sets is
searched (hybrid, its query vector computed once beforehand, so only the search itself is
timed) in two configurations, interleaved query by query so that both share whatever
else the machine is doing:
- before: the glossary's first BEFORE_ENTRIES entries (the glossary before the lexicon),
  no named-law lookup, the usual vote whatever the lexical coverage;
- now: the whole glossary as the database holds it, the lookup, the low-coverage vote.
With --standards, "before" is today's search without the standards step only (no
nearest standard, no read of the active standards: standards.py), "now" is today's search.
With --fields, "before" is today's search without reading each candidate's law's field
(the re-score's query without its join to the regulation pages; every field blank).
Prints p50 / p95 of each and their ratio. The 378-law table of search_latency.py holds
the same per-query work plus the larger arms (benchmarks/README.md).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from contextlib import ExitStack
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_latency import percentile
from search_quality import HARD_SET, HOLDOUT_SET, NOTICE_SET, OWN_SET, setup_django

BEFORE_ENTRIES = 60  # DEFAULT_GLOSSARY's length before the lexicon was added


def queries() -> list[str]:
    rows = []
    for path in (OWN_SET, NOTICE_SET, HOLDOUT_SET, HARD_SET):
        rows += [json.loads(line)["query"] for line in path.read_text().splitlines() if line]
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--standards", action="store_true", help="before = today without the standards step"
    )
    parser.add_argument(
        "--fields", action="store_true", help="before = today without the laws' fields"
    )
    args = parser.parse_args()
    setup_django()
    from content.search import querying, ranking
    from content.search.glossary import DEFAULT_GLOSSARY, expand_query
    from content.search.glossary_store import active_glossary
    from content.search.vectors import active_embedder

    now_glossary = active_glossary()
    today = args.standards or args.fields
    before_glossary = now_glossary if today else DEFAULT_GLOSSARY[:BEFORE_ENTRIES]
    embedder = active_embedder()
    texts = queries()
    vectors = {
        (config, q): embedder.encode_query(expand_query(q, glossary).expanded_text)
        for q in texts
        for config, glossary in (("before", before_glossary), ("now", now_glossary))
    }

    def before() -> ExitStack:
        stack = ExitStack()
        if args.fields:
            # The same query without the join; the source type parameter is still bound.
            unjoined = querying._SHOWN_AS.replace(
                "COALESCE(page.scope_terms, '')", "left(%s, 0)"
            ).replace(
                "LEFT JOIN regulations_regulationpage page\n"
                "    ON c.source_type = %s AND page.page_ptr_id = c.object_id\n",
                "",
            )
            assert unjoined != querying._SHOWN_AS and "page." not in unjoined
            stack.enter_context(mock.patch.object(querying, "_SHOWN_AS", unjoined))
            return stack
        if args.standards:
            stack.enter_context(
                mock.patch.object(querying, "nearest_standard", lambda *a, **k: (None, None))
            )
            stack.enter_context(mock.patch.object(querying, "active_standards", tuple))
            return stack
        stack.enter_context(mock.patch.object(querying, "active_glossary", lambda: before_glossary))
        stack.enter_context(
            mock.patch.object(querying, "named_document_ids", lambda q: frozenset())
        )
        stack.enter_context(mock.patch.object(ranking, "LOW_COVERAGE", -1.0))
        return stack

    timings: dict[str, list[float]] = {"before": [], "now": []}
    for _ in range(args.rounds):
        for q in texts:
            for config in ("before", "now"):
                with before() if config == "before" else ExitStack():
                    started = time.perf_counter()
                    querying.search(q, query_vector=vectors[(config, q)], phrasings=False)
                    timings[config].append((time.perf_counter() - started) * 1000)
    print(f"{len(texts)} queries × {args.rounds} rounds, hybrid, query vector given (ms)")
    print(f"{'configuration':<14}{'p50':>8}{'p95':>8}{'mean':>8}")
    for config, values in timings.items():
        print(
            f"{config:<14}{statistics.median(values):>8.1f}{percentile(values, 95):>8.1f}"
            f"{statistics.fmean(values):>8.1f}"
        )
    ratio = statistics.median(timings["now"]) / statistics.median(timings["before"])
    ratio95 = percentile(timings["now"], 95) / percentile(timings["before"], 95)
    print(f"now ÷ before: p50 {ratio:.2f}×, p95 {ratio95:.2f}×")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
