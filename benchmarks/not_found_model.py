"""Fit, choose and report the not-found model of confidence.py (a logistic regression).

    .venv/bin/python benchmarks/not_found_model.py [--fit] [--refresh]

Each query of every set is searched once (hybrid, the active model, the demo database)
and its confidence signals are cached under var/bench/ (per model; --refresh redoes it).
With --fit: on the tuning sets only — answerable: dev, statutes, notice, holdout (26) and
the hard tuning set's 90; unanswerable: retrieval-notfound.jsonl, retrieval-notfound-2.jsonl
and the hard set's 30; tune-2's 85 and 25; tune-3's 90 and 30; tune-4's 80 and 40 — every candidate
(feature set × regularisation C × the share of answerable training questions the
threshold may flag) is cross-validated (stratified 5-fold, 10 repeats; scaling, fit and
threshold are chosen inside each training fold). The candidate with the best not-found
recall whose cross-validated false not-found rate is ≤ MAX_FALSE_NOT_FOUND wins; it is refitted on all
tuning rows and its coefficients printed, ready to freeze into confidence.py.
Without --fit: the frozen model of confidence.py and the two-threshold rule are reported
on every set, holdout-150 included (never chosen on).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_quality import (
    QUESTION_SETS,
    ROOT,
    ensure_index,
    select_model,
    setup_django,
    wilson,
)

SETS = {
    **{name: QUESTION_SETS[name] for name in ("dev", "statutes", "notice", "holdout")},
    "notfound": ROOT / "benchmarks" / "retrieval-notfound.jsonl",
    "notfound-2": ROOT / "benchmarks" / "retrieval-notfound-2.jsonl",
    **{
        name: QUESTION_SETS[name]
        for name in ("hard", "tune-2", "tune-3", "tune-4", "holdout-150", "fresh")
    },
}
# Never chosen on; issue 15's targets are judged on them together.
HELD_OUT = ("holdout-150", "fresh")
TUNING = (
    "dev",
    "statutes",
    "notice",
    "holdout",
    "notfound",
    "notfound-2",
    "hard",
    "tune-2",
    "tune-3",
    "tune-4",
)
# Half the target of 5 %: questions in workers' own words outside the tuning sets have
# been flagged about twice as often as the cross-validation said (benchmarks/README.md).
MAX_FALSE_NOT_FOUND = 0.025
# Each candidate adds signals to the one before it, in the order they were proposed.
SIGNALS = (
    "vector_similarity",
    "lexical_coverage",
    "vector_margin",
    "unseen_share",
    "cjk_share",
    "arms_agree",
    "quantity_gap",
    "everyday_margin",
    "standard_margin",
    "district_asked",
    "method_asked",
)
FEATURE_SETS = {
    "similarity+coverage": SIGNALS[:2],
    "+margin+unseen": SIGNALS[:4],
    "+margin+unseen+cjk+agree": SIGNALS[:6],
    "+margin+unseen+cjk+agree+quantity": SIGNALS[:7],
    "+margin+unseen+cjk+agree+quantity+everyday": SIGNALS[:8],
    "+…+everyday+standards": SIGNALS[:9],
    "+…+standards+district": SIGNALS[:10],
    "+…+district+method": SIGNALS,
}
# Left out of every candidate on purpose, before any fit: `glossary` (its entries were
# written looking at the tuning sets' misses, so it fires more often on them than on new
# questions) and `log_chars` (query length says more about who wrote a set than about
# whether the corpus answers it).
C_VALUES = (0.1, 1.0, 10.0)
# Share of the training fold's answerable questions the threshold may flag.
FLAG_SHARES = (0.0, 0.01, 0.025, 0.05)


def measure(refresh: bool) -> dict[str, list[dict]]:
    from dataclasses import asdict

    from content.search import querying
    from content.search.querying import search
    from content.search.segment import EmptyQueryError
    from content.search.vectors import active_model_name

    variant = querying.VECTOR_QUERY
    cache = ROOT / "var" / "bench" / f"not-found-{active_model_name()}-{variant}.json"
    if cache.exists() and not refresh:
        return json.loads(cache.read_text())
    measured: dict[str, list[dict]] = {}
    for name, path in SETS.items():
        if not path.exists():
            print(f"(no {name} set at {path})", file=sys.stderr)
            continue
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
        measured[name] = []
        for row in rows:
            try:
                results = search(row["query"], limit=10, phrasings=False)
            except EmptyQueryError:
                continue
            expect = row.get("expect")
            rank = next(
                (i for i, h in enumerate(results.hits, 1) if expect and expect in h.text), None
            )
            measured[name].append(
                {
                    "query": row["query"],
                    "answerable": bool(expect),
                    "rank": rank,
                    "confidence": asdict(results.confidence),
                }
            )
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps(measured, ensure_ascii=False))
    return measured


def matrix(rows: list[dict], names: tuple[str, ...]):
    import numpy as np

    from content.search.confidence import Confidence, features

    values = [features(Confidence(**row["confidence"])) for row in rows]
    return np.array([[v[n] for n in names] for v in values]), np.array(
        [row["answerable"] for row in rows], dtype=int
    )


def fit(x, y, c: float, flag_share: float):
    """Scaler, logistic model and the score threshold that flags ≤ flag_share of the
    answerable rows of (x, y)."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    scaler = StandardScaler().fit(x)
    model = LogisticRegression(C=c, class_weight="balanced", max_iter=1000)
    model.fit(scaler.transform(x), y)
    scores = np.sort(model.decision_function(scaler.transform(x))[y == 1])
    allowed = int(flag_share * len(scores))
    threshold = scores[allowed] - 1e-9  # scores below it are flagged: `allowed` of them
    return scaler, model, threshold


def cross_validate(x, y, c: float, flag_share: float) -> tuple[float, float]:
    import numpy as np
    from sklearn.model_selection import RepeatedStratifiedKFold

    false_nf, caught, answerable, unanswerable = 0, 0, 0, 0
    folds = RepeatedStratifiedKFold(n_splits=5, n_repeats=10, random_state=15)
    for train, test in folds.split(x, y):
        scaler, model, threshold = fit(x[train], y[train], c, flag_share)
        flagged = model.decision_function(scaler.transform(x[test])) < threshold
        false_nf += int(np.sum(flagged & (y[test] == 1)))
        caught += int(np.sum(flagged & (y[test] == 0)))
        answerable += int(np.sum(y[test] == 1))
        unanswerable += int(np.sum(y[test] == 0))
    return false_nf / answerable, caught / unanswerable


def choose(measured: dict[str, list[dict]]) -> None:
    tuning = [row for name in TUNING if name in measured for row in measured[name]]
    print(
        f"tuning rows: {sum(r['answerable'] for r in tuning)} answerable, "
        f"{sum(not r['answerable'] for r in tuning)} unanswerable"
    )
    print(f"{'features':<22}{'C':>6}{'flag':>7}{'CV false NF':>13}{'CV NF recall':>14}")
    results = []
    for label, names in FEATURE_SETS.items():
        x, y = matrix(tuning, names)
        for c in C_VALUES:
            for share in FLAG_SHARES:
                false_nf, recall = cross_validate(x, y, c, share)
                results.append((label, c, share, false_nf, recall))
                print(f"{label:<22}{c:>6}{share:>7.3f}{false_nf:>13.3f}{recall:>14.3f}")
    eligible = [r for r in results if r[3] <= MAX_FALSE_NOT_FOUND] or [
        min(results, key=lambda r: r[3])
    ]
    # Best recall; then fewer false flags; then fewer features, the stronger C penalty.
    order = list(FEATURE_SETS)
    label, c, share, false_nf, recall = max(
        eligible, key=lambda r: (round(r[4], 3), -round(r[3], 3), -order.index(r[0]), -r[1])
    )
    print(
        f"\nchosen: {label}, C={c}, flag share {share} (CV false NF {false_nf:.3f}, "
        f"recall {recall:.3f})"
    )
    names = FEATURE_SETS[label]
    x, y = matrix(tuning, names)
    scaler, model, threshold = fit(x, y, c, share)
    weights = {n: round(float(w), 4) for n, w in zip(names, model.coef_[0], strict=True)}
    print("\n# frozen into content/search/confidence.py")
    print(f"WEIGHTS = {weights}")
    print(f"INTERCEPT = {round(float(model.intercept_[0] - threshold), 4)}")
    print(
        f"CENTRES = { {n: round(float(m), 4) for n, m in zip(names, scaler.mean_, strict=True)} }"
    )
    print(
        f"SCALES = { {n: round(float(s), 4) for n, s in zip(names, scaler.scale_, strict=True)} }"
    )


def report(measured: dict[str, list[dict]]) -> None:
    from content.search.confidence import Confidence, is_found, thresholds_found

    rules = {"model (confidence.py)": is_found, "two thresholds": thresholds_found}
    for label, rule in rules.items():
        print(f"\n{label}")
        print(
            f"{'set':<13}{'answerable':>11}{'false NF':>10}{'(top5 hit)':>11}"
            f"{'unanswerable':>14}{'NF recall':>11}"
        )
        for name, rows in measured.items():
            ok = [r for r in rows if r["answerable"]]
            none = [r for r in rows if not r["answerable"]]
            flagged_ok = [r for r in ok if not rule(Confidence(**r["confidence"]))]
            in_top5 = sum(1 for r in flagged_ok if r["rank"] and r["rank"] <= 5)
            caught = sum(not rule(Confidence(**r["confidence"])) for r in none)
            print(
                f"{name:<13}{len(ok):>11}"
                f"{(f'{len(flagged_ok) / len(ok):.3f}' if ok else '-'):>10}"
                f"{(str(in_top5) if ok else '-'):>11}"
                f"{len(none):>14}{(f'{caught / len(none):.3f}' if none else '-'):>11}"
            )
        pooled = [row for name in HELD_OUT for row in measured.get(name, [])]
        ok = [r for r in pooled if r["answerable"]]
        none = [r for r in pooled if not r["answerable"]]
        if ok and none:
            wrong = sum(not rule(Confidence(**r["confidence"])) for r in ok)
            caught = sum(not rule(Confidence(**r["confidence"])) for r in none)
            wrong_low, wrong_high = wilson(wrong, len(ok))
            caught_low, caught_high = wilson(caught, len(none))
            print(
                f"targets, {' + '.join(HELD_OUT)} together: wrongly flagged {wrong}/{len(ok)} "
                f"({wrong / len(ok):.1%}, 95 % {wrong_low:.1%}–{wrong_high:.1%}; ≤ 5 %: "
                f"{'met' if wrong <= 0.05 * len(ok) else 'not met'}) · caught {caught}/{len(none)}"
                f" ({caught / len(none):.1%}, 95 % {caught_low:.1%}–{caught_high:.1%}; ≥ 90 %: "
                f"{'met' if caught >= 0.9 * len(none) else 'not met'})"
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fit", action="store_true", help="cross-validate and fit on tuning")
    parser.add_argument("--refresh", action="store_true", help="search again (no cache)")
    parser.add_argument("--model", help="model folder (default: EMBEDDING_MODEL or m3e-small)")
    parser.add_argument(
        "--vector-query", choices=("expanded", "original", "mean"), help="querying.VECTOR_QUERY"
    )
    args = parser.parse_args()
    setup_django()
    select_model(args.model)
    ensure_index(False)
    if args.vector_query:
        from content.search import querying

        querying.VECTOR_QUERY = args.vector_query
    measured = measure(args.refresh)
    if args.fit:
        choose(measured)
    report(measured)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
