"""What the second embedder (ensemble.py) costs a query and an indexing run.

    .venv/bin/python benchmarks/ensemble_cost.py [--rounds 3]

No database: every query of the tuning sets is embedded, interleaved query by query,
by the sentence model alone (what a search paid before) and by the joined embedder (the
sentence model, then e5); then the demo's provision texts as the indexer embeds them, in
its batches. Prints p50 / p95 per query, seconds per 100 chunks, and their ratios.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_latency import percentile
from search_quality import HARD_SET, NOTICE_SET, OWN_SET, TUNE_2_SET, setup_django

PASSAGES = 200


def queries() -> list[str]:
    rows = []
    for path in (OWN_SET, NOTICE_SET, HARD_SET, TUNE_2_SET):
        rows += [json.loads(line)["query"] for line in path.read_text().splitlines() if line]
    return rows


def passages() -> list[str]:
    """Provision texts of the six laws as shipped (no database needed)."""
    from importers.statutes import SAFETY_LAWS, list_laws, read_law, statute_db_path

    db_path = statute_db_path()
    texts = []
    for law in list_laws(db_path, SAFETY_LAWS):
        texts += [p.text for p in read_law(db_path, law.law_id).provisions if p.text]
    return texts[:PASSAGES]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    setup_django()
    from content.search.embedder import default_model_path, get_embedder
    from content.search.vectors import search_embedder

    alone = get_embedder(default_model_path())
    joined = search_embedder(default_model_path())
    texts = queries()
    alone.encode_query("预热")
    joined.encode_query("预热")
    times: dict[str, list[float]] = {"m3e-small alone": [], "joined": []}
    for _ in range(args.rounds):
        for text in texts:
            for label, embedder in (("m3e-small alone", alone), ("joined", joined)):
                started = time.perf_counter()
                embedder.encode_query(text)
                times[label].append((time.perf_counter() - started) * 1000)
    print(f"{len(texts)} queries × {args.rounds}, embedding the query (ms)")
    print(f"{'':<18}{'p50':>8}{'p95':>8}")
    for label, values in times.items():
        print(f"{label:<18}{percentile(values, 50):>8.1f}{percentile(values, 95):>8.1f}")
    base, now = times["m3e-small alone"], times["joined"]
    print(
        f"{'ratio':<18}{percentile(now, 50) / percentile(base, 50):>7.2f}×"
        f"{percentile(now, 95) / percentile(base, 95):>7.2f}×\n"
    )

    chunks = passages()
    seconds = {}
    for label, embedder in (("m3e-small alone", alone), ("joined", joined)):
        started = time.perf_counter()
        embedder.encode(chunks, batch_size=32)
        seconds[label] = time.perf_counter() - started
    print(f"indexing {len(chunks)} provision texts (s per 100)")
    for label, value in seconds.items():
        print(f"{label:<18}{value / len(chunks) * 100:>8.1f}")
    print(f"{'ratio':<18}{seconds['joined'] / seconds['m3e-small alone']:>7.2f}×")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
