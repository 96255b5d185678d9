"""Calibrate and report "没有找到直接相关的条款": the two-threshold rule of confidence.py.

(The hybrid search now uses the logistic model of benchmarks/not_found_model.py; the
thresholds remain the rule for single-arm searches.)

    .venv/bin/python benchmarks/not_found.py [--grid]

Each query is searched once (hybrid, the real model, the demo database) and its
confidence signals kept: the vector arm's best cosine similarity and the lexical arm's
coverage of the query's IDF mass. With --grid, every threshold pair is tried on the
calibration sets only (answerable: the dev set, our statute and notice sets; unanswerable:
benchmarks/retrieval-notfound.jsonl) and the pairs that flag at most 5 % of answerable
questions are listed by not-found recall. Then the thresholds in confidence.py are
reported on every set, the held-out ones included (never chosen on):
- false not-found rate: answerable questions flagged not found (target ≤ 5 %),
- not-found recall: unanswerable queries flagged not found (target ≥ 90 %),
- false hits: unanswerable queries shown as found.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_quality import DEV_SET, HOLDOUT_SET, NOTICE_SET, OWN_SET, ROOT, setup_django

NOT_FOUND_SET = ROOT / "benchmarks" / "retrieval-notfound.jsonl"
HOLDOUT_150 = ROOT / "benchmarks" / "retrieval-holdout-150.jsonl"
CALIBRATION = ("dev", "statutes", "notice", "notfound")
MAX_FALSE_NOT_FOUND = 0.05


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def signals(rows: list[dict]) -> list[tuple[bool, object]]:
    """(answerable, Confidence) per row."""
    from content.search.querying import search
    from content.search.segment import EmptyQueryError

    out = []
    for row in rows:
        try:
            # Editors' 常见问法 are content, not tuning: calibrated without them.
            results = search(row["query"], limit=10, phrasings=False)
        except EmptyQueryError:
            continue
        out.append((bool(row.get("expect")), results.confidence))
    return out


def rates(measured, min_similarity: float, min_coverage: float) -> tuple[float, float, int, int]:
    from content.search.confidence import thresholds_found as is_found

    answerable = [c for ok, c in measured if ok]
    unanswerable = [c for ok, c in measured if not ok]
    flagged = sum(
        not is_found(c, min_similarity=min_similarity, min_coverage=min_coverage)
        for c in answerable
    )
    caught = sum(
        not is_found(c, min_similarity=min_similarity, min_coverage=min_coverage)
        for c in unanswerable
    )
    return (
        flagged / len(answerable) if answerable else 0.0,
        caught / len(unanswerable) if unanswerable else 0.0,
        len(answerable),
        len(unanswerable),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grid", action="store_true", help="search thresholds on calibration sets")
    args = parser.parse_args()
    setup_django()
    from content.search.confidence import MIN_LEXICAL_COVERAGE, MIN_VECTOR_SIMILARITY

    sets = {"dev": DEV_SET, "statutes": OWN_SET, "notice": NOTICE_SET, "notfound": NOT_FOUND_SET}
    sets |= {"holdout": HOLDOUT_SET, "holdout-150": HOLDOUT_150}
    measured = {name: signals(load(path)) for name, path in sets.items() if path.exists()}

    if args.grid:
        calibration = [m for name in CALIBRATION if name in measured for m in measured[name]]
        rows = []
        for similarity in [x / 100 for x in range(70, 96)]:
            for coverage in [x / 100 for x in range(5, 61)]:
                false_nf, recall, _, _ = rates(calibration, similarity, coverage)
                if false_nf <= MAX_FALSE_NOT_FOUND:
                    rows.append((recall, -false_nf, -similarity, -coverage))
        print("calibration: threshold pairs with false not-found ≤ 5 %, best recall first")
        print(f"{'similarity':>11}{'coverage':>10}{'false NF':>10}{'NF recall':>11}")
        # Best recall, then fewest false flags, then the loosest thresholds.
        for recall, neg_false, neg_sim, neg_cov in sorted(rows, reverse=True)[:12]:
            print(f"{-neg_sim:>11.2f}{-neg_cov:>10.2f}{-neg_false:>10.3f}{recall:>11.3f}")
        print()

    print(
        f"thresholds in confidence.py: similarity ≥ {MIN_VECTOR_SIMILARITY}, "
        f"coverage ≥ {MIN_LEXICAL_COVERAGE}"
    )
    print(
        f"{'set':<13}{'answerable':>11}{'false NF':>10}{'unanswerable':>14}{'NF recall':>11}{'false hits':>12}"
    )
    for name, rows in measured.items():
        false_nf, recall, n_ok, n_none = rates(rows, MIN_VECTOR_SIMILARITY, MIN_LEXICAL_COVERAGE)
        print(
            f"{name:<13}{n_ok:>11}{false_nf:>10.3f}{n_none:>14}"
            f"{(f'{recall:.3f}' if n_none else '-'):>11}"
            f"{(f'{1 - recall:.3f}' if n_none else '-'):>12}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
