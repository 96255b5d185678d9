"""Stem normalisation and near-duplicate detection, pure: existing stems are passed in.

Two stems are duplicates when their normalised forms are at least ``threshold`` similar
(difflib ratio). Within a file, options take part too, so the many different questions
that share a generic stem ("下列说法正确的是（ ）") are not flagged.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from difflib import SequenceMatcher

from .model import ParsedQuestion, Problem, ProblemCode
from .vocab import type_label

__all__ = ["find_duplicates", "normalize_stem", "similarity"]

_NUMBERING_RE = re.compile(r"^\s*(?:第\s*\d+\s*题|\(\s*\d{1,4}\s*\)|\d{1,4}\s*[.、)](?!\d))\s*")
_TAG_RE = re.compile(r"^\s*[【\[(]\s*([^】\])]{1,10}?)\s*[】\])]\s*")
_ANSWER_IN_BRACKETS_RE = re.compile(r"\(\s*(?:[A-H](?:\s*[,、]?\s*[A-H])*|[√×✓✗✔✘])\s*\)")
_BLANK_RE = re.compile(r"_+|\(\s*\)")


def normalize_stem(stem: str) -> str:
    """Comparable form of a stem: NFKC, no numbering, tag, answer in brackets, blanks,
    punctuation or spaces, case-folded. "1.【单选】按照（ B ）培训。" -> "按照培训"."""
    text = unicodedata.normalize("NFKC", stem)
    text = _NUMBERING_RE.sub("", text, count=1)
    tag = _TAG_RE.match(text)
    if tag and type_label(tag.group(1)) is not None:
        text = text[tag.end() :]
    text = _ANSWER_IN_BRACKETS_RE.sub("", text)
    text = _BLANK_RE.sub("", text)
    kept = (
        char for char in text if not char.isspace() and unicodedata.category(char)[0] not in "PZC"
    )
    return "".join(kept).casefold()


def similarity(a: str, b: str) -> float:
    """0..1 likeness of two stems after ``normalize_stem``."""
    return _ratio(normalize_stem(a), normalize_stem(b))


def _ratio(a: str, b: str) -> float:
    if not a or not b:
        return 1.0 if a == b else 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


ExistingStem = str | tuple[str, Sequence[str]]


def find_duplicates(
    questions: Sequence[ParsedQuestion],
    existing_stems: Iterable[ExistingStem] = (),
    threshold: float = 0.9,
) -> tuple[ParsedQuestion, ...]:
    """``questions`` with a ``duplicate`` problem on each near-copy.

    Within the file the later question is flagged and names the earlier one. An existing
    entry is either a stem (compared with stems) or ``(stem, option_texts)`` (compared
    with stem and options, like questions within the file). From 0.8 up this finds what
    comparing every pair would (a test checks that); lower thresholds may miss very short
    stems that share no two-character run.
    """
    stems = [normalize_stem(question.stem) for question in questions]
    keys = [
        _key(stem, [option.text for option in q.options])
        for stem, q in zip(stems, questions, strict=True)
    ]
    found: dict[int, list[Problem]] = defaultdict(list)

    for i, j, ratio in _best_matches(keys, keys, threshold, same=True):
        earlier = questions[j]
        found[i].append(
            Problem(
                ProblemCode.DUPLICATE,
                f"{_describe(questions[i])}与{earlier.source_ref}的题目重复（相似度 {ratio:.0%}）",
            )
        )

    plain: list[str] = []
    with_options: list[tuple[str, str]] = []  # (comparison key, stem as given)
    for entry in existing_stems:
        if isinstance(entry, str):
            plain.append(entry)
        else:
            stem, option_texts = entry
            with_options.append((_key(normalize_stem(stem), option_texts), stem))
    matched_existing: set[int] = set()
    for queries, corpus, originals in (
        (keys, [key for key, _ in with_options], [stem for _, stem in with_options]),
        (stems, [normalize_stem(stem) for stem in plain], plain),
    ):
        for i, j, ratio in _best_matches(queries, corpus, threshold, same=False):
            if i in matched_existing:
                continue  # one existing match per question is enough to act on
            matched_existing.add(i)
            found[i].append(
                Problem(
                    ProblemCode.DUPLICATE,
                    f"{_describe(questions[i])}与题库中已有题目“{_excerpt(originals[j])}”重复"
                    f"（相似度 {ratio:.0%}）",
                )
            )

    return tuple(
        replace(question, problems=(*question.problems, *found[index]))
        if index in found
        else question
        for index, question in enumerate(questions)
    )


def _key(normalized_stem: str, option_texts: Sequence[str]) -> str:
    if not option_texts:
        return normalized_stem
    options = sorted(normalize_stem(text) for text in option_texts)
    return normalized_stem + "\x1f" + "\x1f".join(options)


def _describe(question: ParsedQuestion) -> str:
    return f"{question.source_ref}的题目“{_excerpt(question.stem)}”"


def _excerpt(stem: str, limit: int = 30) -> str:
    stem = " ".join(stem.split())
    return stem if len(stem) <= limit else stem[:limit] + "…"


Token = tuple[str, int]


def _tokens(text: str) -> frozenset[Token]:
    """Character bigrams numbered by occurrence, so set overlap counts repeats too."""
    if len(text) < 2:
        return frozenset({(text, 1)}) if text else frozenset()
    seen: Counter[str] = Counter()
    tokens = []
    for i in range(len(text) - 1):
        gram = text[i : i + 2]
        seen[gram] += 1
        tokens.append((gram, seen[gram]))
    return frozenset(tokens)


def _best_matches(
    queries: Sequence[str], corpus: Sequence[str], threshold: float, *, same: bool
) -> list[tuple[int, int, float]]:
    """(query index, corpus index, ratio) of each query's best match at or above threshold.

    difflib's ratio is 2M/(la+lb) with M matched characters in K blocks; blocks are
    separated by unmatched characters, so K - 1 ≤ la + lb - 2M and the two texts share
    at least M - K ≥ (3t/2 - 1)(la + lb) - 1 bigrams. That bound drives prefix filtering
    (rarest bigrams first) and a cheap overlap check, so only real candidates reach
    difflib and a bank of thousands is not compared pair by pair.
    """
    if not queries or not corpus:
        return []
    share = max(0.0, 1.5 * threshold - 1)
    # la + lb ≥ max·2/(2 - t) when the ratio is ≥ t: the bound per text is alpha·n - 1.
    alpha = max(0.0, (3 * threshold - 2) / (2 - threshold))
    query_tokens = [_tokens(text) for text in queries]
    corpus_tokens = query_tokens if same else [_tokens(text) for text in corpus]
    frequency: Counter[Token] = Counter()
    for tokens in corpus_tokens:
        frequency.update(tokens)
    if not same:
        for tokens in query_tokens:
            frequency.update(tokens)

    def prefix(tokens: frozenset[Token]) -> list[Token]:
        ordered = sorted(tokens, key=lambda token: (frequency[token], token))
        needed = max(0, math.ceil(alpha * len(ordered) - 1))
        return ordered[: len(ordered) - needed + 1]

    postings: dict[Token, list[int]] = defaultdict(list)
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
        # difflib caches its index of the second sequence: keep the query there.
        matcher.set_seq2(query)
        candidates = {j for token in prefix(tokens) for j in postings.get(token, ())}
        best: tuple[int, float] | None = None
        for j in sorted(candidates):
            if same and j >= i:
                continue
            text = corpus[j]
            total = len(text) + len(query)
            # 2·min/(la + lb) bounds the ratio from above; then the shared-bigram bound.
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
