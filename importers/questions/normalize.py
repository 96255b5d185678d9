"""Stem normalisation and near-duplicate detection, pure: existing stems are passed in.

Two stems are duplicates when their normalised forms are at least ``threshold`` similar
(difflib ratio). Within a file, options take part too, so the many different questions
that share a generic stem ("下列说法正确的是（ ）") are not flagged.
"""

from __future__ import annotations

import heapq
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from difflib import SequenceMatcher

from .model import ParsedQuestion, Problem, ProblemCode
from .vocab import type_label

__all__ = [
    "DUPLICATE_THRESHOLD",
    "find_duplicates",
    "near_duplicate_pairs",
    "normalize_stem",
    "similarity",
]

#: The score from which two questions are copies of one another (imports and drawing).
DUPLICATE_THRESHOLD = 0.9

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


ProgressHook = Callable[[int, int], None]
# How often ``on_progress`` is told: often enough for a progress bar over a 20,000-row
# file (40 steps), rarely enough that a hook writing to the database costs nothing.
PROGRESS_EVERY = 500


def near_duplicate_pairs(
    questions: Mapping[int, tuple[str, Sequence[str]]],
    threshold: float = DUPLICATE_THRESHOLD,
) -> list[tuple[int, int, float]]:
    """Every pair of ids whose ``(stem, option_texts)`` are copies: ``(id, id, score)``.

    Scored as ``find_duplicates`` scores questions within a file (stem and options, so
    the many questions sharing "下列说法正确的是（ ）" are not copies), through the same
    candidate index, but every match is kept, not only the first.
    """
    ids = sorted(questions)
    keys = [_key(normalize_stem(questions[qid][0]), questions[qid][1]) for qid in ids]
    return [
        (ids[j], ids[i], ratio)
        for i, j, ratio in _best_matches(keys, keys, threshold, same=True, every=True)
    ]


def find_duplicates(
    questions: Sequence[ParsedQuestion],
    existing_stems: Iterable[ExistingStem] = (),
    threshold: float = DUPLICATE_THRESHOLD,
    *,
    on_progress: ProgressHook | None = None,
) -> tuple[ParsedQuestion, ...]:
    """``questions`` with a ``duplicate`` problem on each near-copy.

    Within the file the later question is flagged and names the first earlier one at or
    above ``threshold``. An existing entry is either a stem (compared with stems) or
    ``(stem, option_texts)`` (compared with stem and options, like questions within the
    file); the first such entry in the order given is named. From 0.8 up this flags what
    comparing every pair would (a test checks that); lower thresholds may miss very short
    stems that share no two-character run.

    ``on_progress(done, total)`` is called every ``PROGRESS_EVERY`` comparisons of a
    question against the file or the bank and once at the end (``done == total``).
    """
    stems = [normalize_stem(question.stem) for question in questions]
    keys = [
        _key(stem, [option.text for option in q.options])
        for stem, q in zip(stems, questions, strict=True)
    ]
    found: dict[int, list[Problem]] = defaultdict(list)

    plain: list[str] = []
    with_options: list[tuple[str, str]] = []  # (comparison key, stem as given)
    for entry in existing_stems:
        if isinstance(entry, str):
            plain.append(entry)
        else:
            stem, option_texts = entry
            with_options.append((_key(normalize_stem(stem), option_texts), stem))
    progress = _Progress(on_progress, len(questions) * 3)

    for i, j, ratio in _best_matches(keys, keys, threshold, same=True, on_query=progress.step):
        earlier = questions[j]
        found[i].append(
            Problem(
                ProblemCode.DUPLICATE,
                f"{_describe(questions[i])}与{earlier.source_ref}的题目重复（相似度 {ratio:.0%}）",
            )
        )

    matched_existing: set[int] = set()
    for queries, corpus, originals in (
        (keys, [key for key, _ in with_options], [stem for _, stem in with_options]),
        (stems, [normalize_stem(stem) for stem in plain], plain),
    ):
        for i, j, ratio in _best_matches(
            queries, corpus, threshold, same=False, on_query=progress.step
        ):
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

    progress.finish()
    return tuple(
        replace(question, problems=(*question.problems, *found[index]))
        if index in found
        else question
        for index, question in enumerate(questions)
    )


class _Progress:
    """Counts handled queries and tells the hook every ``PROGRESS_EVERY`` of them."""

    def __init__(self, hook: ProgressHook | None, total: int) -> None:
        self.hook, self.total, self.done = hook, total, 0

    def step(self) -> None:
        self.done += 1
        if self.hook is not None and self.done % PROGRESS_EVERY == 0 and self.done < self.total:
            self.hook(self.done, self.total)

    def finish(self) -> None:
        if self.hook is not None:
            self.hook(self.total, self.total)


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
    seen: dict[str, int] = {}
    tokens = []
    for i in range(len(text) - 1):
        gram = text[i : i + 2]
        count = seen.get(gram, 0) + 1
        seen[gram] = count
        tokens.append((gram, count))
    return frozenset(tokens)


def _best_matches(
    queries: Sequence[str],
    corpus: Sequence[str],
    threshold: float,
    *,
    same: bool,
    on_query: Callable[[], None] | None = None,
    every: bool = False,
) -> list[tuple[int, int, float]]:
    """(query index, corpus index, ratio) of each query's first match at or above threshold
    (``every``: all its matches).

    "First" is in corpus order (for ``same``, the earliest earlier text). Searching every
    candidate for the best one is what made a file of near-identical stems quadratic:
    each of n copies had n matches to score. Candidates come from an inverted index of
    character bigrams, merged lazily in corpus order, so a copy stops at its first hit.

    Which texts can match at all: difflib's ratio is 2M/(la+lb) with M matched
    characters in K blocks; blocks are separated by unmatched characters, so K - 1 ≤
    la + lb - 2M and the two texts share at least M - K ≥ (3t/2 - 1)(la + lb) - 1
    bigrams. That bound drives prefix filtering (only a text's rarest bigrams are
    indexed) and a cheap overlap check, so only real candidates reach difflib.
    ``on_query`` is called once per query handled (progress).
    """
    if not queries or not corpus:
        if on_query is not None:
            for _ in queries:
                on_query()
        return []
    share = max(0.0, 1.5 * threshold - 1)
    # la + lb ≥ max·2/(2 - t) when the ratio is ≥ t: the bound per text is alpha·n - 1.
    alpha = max(0.0, (3 * threshold - 2) / (2 - threshold))
    query_raw = [_tokens(text) for text in queries]
    corpus_raw = query_raw if same else [_tokens(text) for text in corpus]
    frequency: Counter[Token] = Counter()
    for text_tokens in corpus_raw:
        frequency.update(text_tokens)
    if not same:
        for text_tokens in query_raw:
            frequency.update(text_tokens)
    # Each bigram becomes its rank, rarest first: prefixes are then plain int sorts.
    rank = {
        token: position
        for position, token in enumerate(sorted(frequency, key=lambda t: (frequency[t], t)))
    }

    def ranked(raw: list[frozenset[Token]]) -> tuple[list[frozenset[int]], list[list[int]]]:
        sets, prefixes = [], []
        for tokens in raw:
            ordered = sorted(rank[token] for token in tokens)
            needed = max(0, math.ceil(alpha * len(ordered) - 1))
            sets.append(frozenset(ordered))
            prefixes.append(ordered[: len(ordered) - needed + 1])
        return sets, prefixes

    query_tokens, query_prefixes = ranked(query_raw)
    corpus_tokens, corpus_prefixes = (query_tokens, query_prefixes) if same else ranked(corpus_raw)
    postings: dict[int, list[int]] = defaultdict(list)
    for index, prefix in enumerate(corpus_prefixes):
        for token in prefix:
            postings[token].append(index)  # ascending: lists stay sorted

    matches = []
    matcher = SequenceMatcher(None, autojunk=False)
    for i, tokens in enumerate(query_tokens):
        if on_query is not None:
            on_query()
        query = queries[i]
        if not query:
            continue
        masks = _match_masks(query)
        needs_seq2 = True
        lists = [postings[token] for token in query_prefixes[i] if token in postings]
        for j in _in_order(lists):
            if same and j >= i:
                break
            text = corpus[j]
            total = len(text) + len(query)
            # 2·min/(la + lb) bounds the ratio from above; then the shared-bigram bound.
            if 2 * min(len(text), len(query)) < threshold * total:
                continue
            if len(tokens & corpus_tokens[j]) < share * total - 1:
                continue
            # difflib's matching blocks are a common subsequence: 2·LCS/(la + lb) bounds
            # the ratio from above, tighter than quick_ratio and ~20× cheaper than ratio.
            if 2 * _lcs_length(text, masks, len(query)) < threshold * total:
                continue
            if needs_seq2:  # difflib caches its index of the second sequence: the query
                matcher.set_seq2(query)
                needs_seq2 = False
            matcher.set_seq1(text)
            ratio = matcher.ratio()
            if ratio >= threshold:
                matches.append((i, j, ratio))
                if not every:
                    break
    return matches


# Up to this many postings a query's candidates are gathered and sorted at once (C speed);
# beyond it (a stem like thousands of others) they are merged lazily, so the first hit
# ends the walk. Measured on 5,000 statute sentences: eager 2× faster than lazy there.
_EAGER_POSTINGS = 5_000


def _in_order(lists: list[list[int]]) -> Iterable[int]:
    """The union of sorted ``lists``, ascending, each index once."""
    if sum(map(len, lists)) <= _EAGER_POSTINGS:
        return sorted(set().union(*lists))
    return _merged(lists)


def _merged(lists: list[list[int]]) -> Iterator[int]:
    last = -1
    for index in heapq.merge(*lists):
        if index != last:
            last = index
            yield index


def _match_masks(text: str) -> dict[str, int]:
    """Bit i of ``masks[c]`` is set where ``text[i] == c`` (for ``_lcs_length``)."""
    masks: dict[str, int] = {}
    for position, char in enumerate(text):
        masks[char] = masks.get(char, 0) | (1 << position)
    return masks


def _lcs_length(text: str, masks: dict[str, int], length: int) -> int:
    """Length of the longest common subsequence of ``text`` and the string ``masks`` was
    made from (``length`` characters): Hyyrö's bit-parallel algorithm on Python ints."""
    full = (1 << length) - 1
    row = full
    for char in text:
        matched = row & masks.get(char, 0)
        row = ((row + matched) | (row - matched)) & full
    return length - row.bit_count()
