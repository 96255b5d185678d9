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

from search_quality import CONFIGS, ROOT, Case, Outcome, load_cases, metrics, run, setup_django

SETS = (
    "statutes",
    "tune-2",
    "tune-3",
    "tune-4",
    "tune-hard",
    "holdout",
    "holdout-150",
    "fresh",
)


def cases() -> list[tuple[str, Case]]:
    return [
        (name, case)
        for name in SETS
        for case in load_cases(ROOT / "benchmarks" / f"retrieval-{name}.jsonl")
    ]


# Which expected texts a whole provision holds, in one round trip.
_PRESENT = """
SELECT e.expect FROM unnest(%s::text[]) AS e(expect)
WHERE EXISTS (SELECT 1 FROM kbsearch_chunk c WHERE NOT c.piece AND strpos(c.text, e.expect) > 0)
"""


def side(where: str) -> None:
    """Print one JSON line: each case's rank on this side (None: not in the top 10), or
    "absent" on the bench table when no whole provision there holds the expected text."""
    if where == "bench":
        from search_latency import use_bench_database

        use_bench_database()
    else:
        setup_django()
    from django.db import connection

    everything = [case for _, case in cases()]
    present = None
    if where == "bench":
        with connection.cursor() as cursor:
            cursor.execute(_PRESENT, [sorted({case.expect for case in everything})])
            present = {row[0] for row in cursor.fetchall()}
    searched = [case for case in everything if present is None or case.expect in present]
    ranks = iter(outcome.rank for outcome in run(searched, CONFIGS["hybrid"]))
    print(
        json.dumps(
            [
                next(ranks) if present is None or c.expect in present else "absent"
                for c in everything
            ]
        )
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
        chosen = [i for i in kept if name in ("all", rows[i][0])]
        if not chosen:
            continue
        figures = {
            where: list(metrics([Outcome(rows[i][1], runs[where][i]) for i in chosen]).values())
            for where in ("demo", "bench")
        }
        demo, bench = figures["demo"], figures["bench"]
        print(
            f"{name:<13}{len(chosen):>4}   {demo[0]:>8.3f} · {demo[1]:.3f} · {demo[2]:.3f}"
            f"   {bench[0]:>8.3f} · {bench[1]:.3f} · {bench[2]:.3f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
