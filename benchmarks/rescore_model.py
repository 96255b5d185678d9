"""Fit and check the re-score of rescoring.py (a pairwise logistic regression).

    .venv/bin/python benchmarks/rescore_model.py [--fit] [--C 1.0]
    .venv/bin/python benchmarks/rescore_model.py --cost [--rounds 3]

Searches every answerable question of the tuning sets (TUNING) through `querying.search`
on the demo database, recording for each the fused list the re-score is given: its
features (rescoring.features) and whether each provision's text holds the row's `expect`. Then, set by set, fits the weights on the
other sets and searches the set with them (`rescoring.WEIGHTS` swapped in), so
each set's figures come from weights that never saw it; beside them, the same search
without the re-score (`rescore=False`: the fused order). With --fit the weights
fitted on all the sets are printed, ready to freeze into rescoring.py. The held-out
sets (holdout-150, fresh) are never read here: search_quality.py reports them.

--cost times the search (hybrid, the query vector given) with the re-score and without
it (`search(rescore=False)`: the fused list cut to the page), interleaved query by
query, and prints p50 / p95 and their ratio.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_quality import (
    DEPTH,
    QUESTION_SETS,
    Case,
    ensure_index,
    load_cases,
    metrics,
    run,
    select_model,
    setup_django,
)

TUNING = {
    name: QUESTION_SETS[name]
    for name in ("dev", "statutes", "notice", "holdout", "hard", "tune-2", "tune-3", "tune-4")
}
# Each relevant provision against at most this many others of its list (the list is at
# most about 60 long): pairs enough for the weights, without one long list outweighing.
NEGATIVES_PER_POSITIVE = 60


@contextmanager
def weights_in_force(weights: Sequence[float]) -> Iterator[None]:
    with mock.patch("content.search.rescoring.WEIGHTS", tuple(weights)):
        yield


def collect(cases: Sequence[Case]) -> list[tuple[np.ndarray, np.ndarray]]:
    """(features, relevant) of each question's fused list, as the re-score receives it."""
    from content.search import ranking, rescoring
    from content.search.querying import search

    lists: list[tuple[np.ndarray, np.ndarray]] = []
    seen: dict[str, list] = {}

    def coverage_recording(query: str, texts: Sequence[str]) -> list[float]:
        seen["texts"] = list(texts)
        return rescoring.pair_coverage(query, texts)

    def rescore_recording(hits, coverage, weights=None, asked=None, similarity=None):
        seen["rows"] = rescoring.features(hits, coverage, asked, similarity)
        return list(hits)

    with (
        mock.patch.object(ranking, "pair_coverage", coverage_recording),
        mock.patch.object(ranking, "rescore", rescore_recording),
    ):
        for case in cases:
            seen.clear()
            search(case.query, limit=DEPTH, phrasings=False)
            if "rows" not in seen:  # one arm only: nothing to re-score
                continue
            relevant = np.array([case.expect in text for text in seen["texts"]])
            lists.append((np.array(seen["rows"]), relevant))
    return lists


def fit(lists: Sequence[tuple[np.ndarray, np.ndarray]], c: float) -> tuple[float, ...]:
    """Pairwise logistic regression without intercept: w · (x_relevant − x_other) > 0."""
    from sklearn.linear_model import LogisticRegression

    rng = random.Random(0)
    differences, labels = [], []
    for rows, relevant in lists:
        others = rows[~relevant]
        for row in rows[relevant]:
            for other in rng.sample(list(others), min(len(others), NEGATIVES_PER_POSITIVE)):
                sign = 1 if rng.random() < 0.5 else -1
                differences.append(sign * (row - other))
                labels.append(sign > 0)
    model = LogisticRegression(C=c, fit_intercept=False, max_iter=5000, class_weight="balanced")
    model.fit(np.array(differences), np.array(labels))
    return tuple(round(float(w), 3) for w in model.coef_[0])


def cost(cases: Sequence[Case], rounds: int) -> None:
    from search_latency import percentile

    from content.search.glossary import expand_query
    from content.search.glossary_store import active_glossary
    from content.search.querying import search
    from content.search.vectors import active_embedder

    embedder = active_embedder()
    glossary = active_glossary()
    vectors = {
        c.query: embedder.encode_query(expand_query(c.query, glossary).expanded_text) for c in cases
    }
    timings: dict[str, list[float]] = {"without": [], "with": []}
    for _ in range(rounds):
        for case in cases:
            for config in timings:
                started = time.perf_counter()
                search(
                    case.query,
                    query_vector=vectors[case.query],
                    phrasings=False,
                    rescore=config == "with",
                )
                timings[config].append((time.perf_counter() - started) * 1000)
    print(f"{len(cases)} queries × {rounds} rounds, hybrid, query vector given (ms)")
    print(f"{'re-score':<10}{'p50':>8}{'p95':>8}")
    for config, values in timings.items():
        print(f"{config:<10}{statistics.median(values):>8.1f}{percentile(values, 95):>8.1f}")
    p50 = statistics.median(timings["with"]) / statistics.median(timings["without"])
    p95 = percentile(timings["with"], 95) / percentile(timings["without"], 95)
    print(f"with ÷ without: p50 {p50:.2f}×, p95 {p95:.2f}×")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fit", action="store_true", help="print weights fitted on all sets")
    parser.add_argument("--C", type=float, default=1.0, help="inverse regularisation")
    parser.add_argument("--cost", action="store_true", help="time search with and without")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of --cost")
    args = parser.parse_args()
    setup_django()
    select_model(None)
    ensure_index(False)
    from content.search.rescoring import FEATURES, WEIGHTS

    sets = {name: load_cases(path) for name, path in TUNING.items() if path.exists()}
    if args.cost:
        cost([case for cases in sets.values() for case in cases], args.rounds)
        return 0
    print("→ recording each question's fused list …", file=sys.stderr)
    recorded = {name: collect(cases) for name, cases in sets.items()}

    hybrid = {"mode": "hybrid", "expand": True}
    print(f"{'set':<10}{'fused order':>22}{'re-scored (fit on others)':>30}")
    print(f"{'':<10}{'hit@1  hit@5  MRR':>22}{'hit@1  hit@5  MRR':>30}")
    totals: dict[str, list] = {"fused": [], "rescored": []}
    for name, cases in sets.items():
        others = [item for other, lists in recorded.items() if other != name for item in lists]
        before = run(cases, hybrid | {"rescore": False})
        with weights_in_force(fit(others, args.C)):
            after = run(cases, hybrid)
        totals["fused"] += before
        totals["rescored"] += after
        print(f"{name:<10}{_figures(before):>22}{_figures(after):>30}")
    print(f"{'all':<10}{_figures(totals['fused']):>22}{_figures(totals['rescored']):>30}")
    print(f"\nfrozen in rescoring.py: {dict(zip(FEATURES, WEIGHTS, strict=True))}")
    if args.fit:
        everything = [item for lists in recorded.values() for item in lists]
        fitted = fit(everything, args.C)
        print(f"fitted on all the sets: {dict(zip(FEATURES, fitted, strict=True))}")
    return 0


def _figures(outcomes) -> str:
    m = metrics(outcomes)
    return f"{m['hit@1']:.3f}  {m['hit@5']:.3f}  {m['MRR@10']:.3f}"


if __name__ == "__main__":
    raise SystemExit(main())
