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
    with stem and options, like questions within the file).
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


def _grams(text: str) -> frozenset[str]:
    if len(text) < 2:
        return frozenset({text}) if text else frozenset()
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


def _best_matches(
    queries: Sequence[str], corpus: Sequence[str], threshold: float, *, same: bool
) -> list[tuple[int, int, float]]:
    """(query index, corpus index, ratio) of each query's best match at or above threshold.

    Candidates come from prefix filtering on character bigrams (rarest first), so a
    bank of thousands is not compared pair by pair. A ratio ≥ t leaves roughly
    1 - 6·(1 - t) of the bigrams shared; that bound is what the prefix length assumes.
    """
    if not queries or not corpus:
        return []
    min_overlap = max(0.0, 1 - 6 * (1 - threshold))
    query_grams = [_grams(text) for text in queries]
    corpus_grams = query_grams if same else [_grams(text) for text in corpus]
    frequency: Counter[str] = Counter()
    for grams in corpus_grams:
        frequency.update(grams)
    if not same:
        for grams in query_grams:
            frequency.update(grams)

    def prefix(grams: frozenset[str]) -> list[str]:
        ordered = sorted(grams, key=lambda gram: (frequency[gram], gram))
        return ordered[: len(ordered) - math.ceil(min_overlap * len(ordered)) + 1]

    postings: dict[str, list[int]] = defaultdict(list)
    for index, grams in enumerate(corpus_grams):
        for gram in prefix(grams):
            postings[gram].append(index)

    matches = []
    for i, grams in enumerate(query_grams):
        candidates = {j for gram in prefix(grams) for j in postings.get(gram, ())}
        best: tuple[int, float] | None = None
        for j in sorted(candidates):
            if same and j >= i:
                continue
            matcher = SequenceMatcher(None, queries[i], corpus[j], autojunk=False)
            if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
                continue
            ratio = matcher.ratio()
            if ratio >= threshold and (best is None or ratio > best[1]):
                best = (j, ratio)
        if best is not None:
            matches.append((i, best[0], best[1]))
    return matches
