"""Training pairs for fine-tuning the embedder on our own texts (pure Python, no ORM).

Contrastive training needs (query, passage) pairs where the passage answers the query.
The project owns three kinds, none of them an evaluation question:
- inverse cloze: one sentence of a statute article → the rest of that article (the
  sentence is left out, so the model learns what an article is about, not string overlap),
  the sentence often put in workers' words through the glossary (`colloquialise`);
- a provision's heading → its text, where the text does not repeat the heading;
- a question-bank stem → the provision the question cites.
benchmarks/tune_embedder.py reads the texts and trains; this module only builds pairs.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .chunking import sentences
from .glossary import GlossaryEntry

# A query sentence shorter than this says too little (“前款规定的除外。”); a longer one is
# a passage itself. The rest of the article must still say something.
MIN_QUERY_CHARS = 12
MAX_QUERY_CHARS = 90
MIN_REST_CHARS = 20
# Positives longer than this are cut: training reads at most ~128 tokens (≈ characters).
MAX_PASSAGE_CHARS = 200
_BLANK = re.compile(r"[（(]\s*[)）]|_{2,}")
_SPACES = re.compile(r"\s+")
_QUESTIONS = (("应当", "要"), ("不得", "能"), ("禁止", "能"), ("必须", "必须"))


@dataclass(frozen=True, slots=True)
class Pair:
    """A query, the passage that answers it, and which passage it is (no two pairs of one
    batch may share a passage: in-batch negatives would then contradict each other)."""

    query: str
    passage: str
    key: str
    kind: str


def inverse_cloze(key: str, text: str, rng: random.Random) -> Pair | None:
    """One sentence of ``text`` as the query, the other sentences as the passage.

    None when the text has a single sentence, no sentence of a usable length, or too little
    left once the sentence is taken out.
    """
    parts = sentences(text)
    if len(parts) < 2:
        return None
    usable = [i for i, s in enumerate(parts) if MIN_QUERY_CHARS <= len(s) <= MAX_QUERY_CHARS]
    if not usable:
        return None
    chosen = rng.choice(usable)
    rest = "".join(s for i, s in enumerate(parts) if i != chosen)
    if len(rest) < MIN_REST_CHARS:
        return None
    return Pair(parts[chosen], rest[:MAX_PASSAGE_CHARS], key, "inverse_cloze")


def colloquialise(
    sentence: str, entries: Sequence[GlossaryEntry], rng: random.Random, share: float = 0.7
) -> str:
    """A statute sentence in workers' words: regulation terms of the glossary swapped for
    one of their worker terms (each occurrence with probability ``share``, longest term
    first, so 生产经营单位 is swapped whole), and a duty turned into a question
    (应当…。 → 要…吗, 不得/禁止…。 → 能…吗).

    Queries people type are questions in their own words; statute sentences are neither.
    """
    choices: dict[str, list[str]] = {}
    for entry in entries:
        for term in entry.regulation_terms:
            if len(term) >= 2:
                choices.setdefault(term, []).extend(entry.worker_terms)
    if choices:
        pattern = re.compile("|".join(map(re.escape, sorted(choices, key=len, reverse=True))))

        def swap(match: re.Match[str]) -> str:
            if rng.random() >= share:
                return match.group(0)
            return rng.choice(choices[match.group(0)])

        sentence = pattern.sub(swap, sentence)
    for duty, question in _QUESTIONS:
        if duty in sentence:
            sentence = sentence.replace(duty, question, 1)
            return sentence.rstrip("。；;") + "吗"
    return sentence.rstrip("。；;")


def heading_pair(key: str, heading: str, text: str) -> Pair | None:
    """A provision's heading → its text, unless the text already holds the heading."""
    heading, text = _clean(heading), text.strip()
    if len(heading) < 4 or len(text) < MIN_REST_CHARS or heading in text:
        return None
    return Pair(heading, text[:MAX_PASSAGE_CHARS], key, "heading")


def stem_pair(key: str, stem: str, text: str) -> Pair | None:
    """A bank question's stem (blanks removed) → the text of the provision it cites."""
    query = _clean(_BLANK.sub("", stem)).rstrip("。：:")
    if len(query) < 6 or len(text.strip()) < MIN_REST_CHARS:
        return None
    return Pair(query, text.strip()[:MAX_PASSAGE_CHARS], key, "stem")


def batches(pairs: Iterable[Pair], size: int) -> list[list[Pair]]:
    """Pairs in batches of ``size`` with no passage twice in one batch, order kept as far
    as possible (a pair whose passage the current batch holds waits for a later one)."""
    if size < 2:
        raise ValueError("a batch needs at least two pairs for in-batch negatives")
    open_batches: list[tuple[list[Pair], set[str]]] = []
    done: list[list[Pair]] = []
    for pair in pairs:
        for batch, keys in open_batches:
            if pair.key not in keys:
                batch.append(pair)
                keys.add(pair.key)
                break
        else:
            open_batches.append(([pair], {pair.key}))
        full = [entry for entry in open_batches if len(entry[0]) == size]
        for entry in full:
            open_batches.remove(entry)
            done.append(entry[0])
    done.extend(batch for batch, _ in open_batches if len(batch) >= 2)
    return done


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text).strip()
