"""Search quality at scale: the statute questions on all 378 laws against the demo library.

    .venv/bin/python benchmarks/search_scale.py

The question sets are judged against the demo library (the notice, six laws, the
catalogue). A bureau that loads every national law gives each question hundreds of
look-alike provisions to lose to. This takes every question of the statute, tuning and
held-out sets whose expected text is in the 378-law table that `search_latency.py`
builds (run that first), and searches each twice, with the same code: on that table
(`safetykb_bench`) and on the demo database. Each side runs in its own process (one
database per Django process); both embed the question as search does. Nothing is chosen
here: it reports hit@1, hit@5 and MRR@10 per set, side by side.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETS = (
    "statutes",
    "tune-2",
    "tune-hard",
    "holdout",
    "holdout-150",
    "fresh",
)


def cases() -> list[dict]:
    rows = []
    for name in SETS:
        path = ROOT / "benchmarks" / f"retrieval-{name}.jsonl"
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and (row := json.loads(line)).get("expect"):
                rows.append({"set": name, "query": row["query"], "expect": row["expect"]})
    return rows


def side(where: str) -> None:
    """Print one JSON line: each case's rank on this side (None: not in the top 10), or
    "absent" on the bench table when no whole provision there holds the expected text."""
    sys.path[:0] = [str(ROOT / "benchmarks"), str(ROOT), str(ROOT / "site")]
    if where == "bench":
        from search_latency import use_bench_database

        use_bench_database()
    else:
        from search_quality import setup_django

        setup_django()
    from content.search.models import Chunk
    from content.search.querying import search

    ranks: list[int | str | None] = []
    for case in cases():
        if where == "bench" and not (
            Chunk.objects.filter(piece=False, text__contains=case["expect"]).exists()
        ):
            ranks.append("absent")
            continue
        hits = search(case["query"], phrasings=False).hits
        ranks.append(next((i for i, h in enumerate(hits, 1) if case["expect"] in h.text), None))
    print(json.dumps(ranks))


def metrics(ranks: list) -> tuple[float, float, float]:
    n = len(ranks) or 1
    return (
        sum(r == 1 for r in ranks) / n,
        sum(1 for r in ranks if r and r <= 5) / n,
        sum(1 / r for r in ranks if r) / n,
    )


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--side":
        side(sys.argv[2])
        return 0
    runs = {}
    for where in ("bench", "demo"):
        print(f"→ searching on the {where} database …", file=sys.stderr, flush=True)
        done = subprocess.run(
            [sys.executable, __file__, "--side", where],
            capture_output=True,
            text=True,
            check=True,
        )
        runs[where] = json.loads(done.stdout.strip().splitlines()[-1])
    rows = cases()
    kept = [i for i, rank in enumerate(runs["bench"]) if rank != "absent"]
    print(f"{len(kept)} of {len(rows)} questions have their answer among the 378 laws\n")
    print(f"{'set':<13}{'n':>4}   {'demo hit@1 · hit@5 · MRR':>26}   {'378 laws':>22}")
    for name in (*SETS, "all"):
        chosen = [i for i in kept if name in ("all", rows[i]["set"])]
        if not chosen:
            continue
        demo = metrics([runs["demo"][i] for i in chosen])
        bench = metrics([runs["bench"][i] for i in chosen])
        print(
            f"{name:<13}{len(chosen):>4}   {demo[0]:>8.3f} · {demo[1]:.3f} · {demo[2]:.3f}"
            f"   {bench[0]:>8.3f} · {bench[1]:.3f} · {bench[2]:.3f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
