"""Cut regulation provisions and plain texts into search-sized pieces (pure Python, no ORM).

sources.py turns the pieces into chunk drafts, which both search arms rank. Pieces are cut
at sentence ends so a hit never shows half a sentence.

Decision for a single sentence longer than `max_chars`: it is split after ，/ , as a last
resort, because m3e-small reads at most 512 tokens (≈ one per Chinese character) and
silently drops the rest, so an over-long chunk would be searchable by vector only on its
head. A clause with no comma stays whole: a hard cut would break words and numbers.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass

DEFAULT_MAX_CHARS = 400
PATH_SEPARATOR = " › "

# A sentence ends at 。；！？ (or ｡ ; ! ?), with any closing quotes/brackets that follow,
# or at a line break. A half-width "." counts only before whitespace and not after a digit,
# so decimals ("2.5米") and list numbers ("1. ") don't end a sentence.
_CLOSERS = "”’\"'」』）)】》"
_SENTENCE_END = re.compile(rf"(?:[。；！？｡;!?]+|(?<!\d)\.(?=\s))[{_CLOSERS}]*|\n")
_CLAUSE_END = re.compile(rf"[，,][{_CLOSERS}]*")


@dataclass(frozen=True, slots=True)
class ProvisionInput:
    """One provision as the importer parsed it; `path` holds the ancestors' "label heading"."""

    anchor: str
    label: str
    heading: str
    text: str
    path: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Chunk:
    """A searchable piece; all pieces of one provision share its anchor, `ordinal` from 0."""

    text: str
    heading_path: tuple[str, ...]
    anchor: str
    ordinal: int


def chunk_provision(
    document_title: str, provision: ProvisionInput, max_chars: int = DEFAULT_MAX_CHARS
) -> list[Chunk]:
    """Chunks of one provision: usually one; a long one is split at sentence ends.

    A provision with no text gives no chunks (its heading still appears in every
    descendant's heading path).
    """
    own_heading = " ".join(p for p in (provision.label.strip(), provision.heading.strip()) if p)
    heading_path = _clean_path((document_title, *provision.path, own_heading))
    return [
        Chunk(text=piece, heading_path=heading_path, anchor=provision.anchor, ordinal=i)
        for i, piece in enumerate(split_text(provision.text, max_chars))
    ]


def content_hash(model_name: str, text: str) -> str:
    """sha256 of model and text: an unchanged chunk under an unchanged model is not re-embedded."""
    return hashlib.sha256(f"{model_name}\x00{text}".encode()).hexdigest()


def split_text(text: str, max_chars: int = DEFAULT_MAX_CHARS) -> list[str]:
    """Split text into the fewest pieces of at most `max_chars`, as even as possible.

    Pieces end at sentence ends (clause ends only inside an over-long sentence); an
    unsplittable clause longer than `max_chars` becomes one over-long piece.
    """
    if max_chars < 1:
        raise ValueError("max_chars must be positive")
    units: list[str] = []
    for sentence in _split(_normalise(text), _SENTENCE_END):
        if len(sentence.strip()) > max_chars:
            units.extend(_split(sentence, _CLAUSE_END))
        else:
            units.append(sentence)
    if not units:
        return []
    # Greedy packing gives the fewest pieces; then the smallest budget that keeps that count
    # evens them out, so a provision of 410 chars doesn't end in a stray 10-char piece.
    pieces = len(_pack(units, max_chars))
    high = max_chars
    low = min(high, math.ceil(sum(map(len, units)) / pieces))
    while low < high:
        mid = (low + high) // 2
        if len(_pack(units, mid)) <= pieces:
            high = mid
        else:
            low = mid + 1
    return ["".join(group).strip() for group in _pack(units, low)]


# An item of a list read alone loses whom it binds and what a breach costs: "（三）组织制定
# 并实施本单位安全生产教育和培训计划" is the principal's duty only by the sentence before
# its list (主要负责人…负有下列职责：), and an item of a penalty article states no penalty.
_ITEM = re.compile(r"（[一二三四五六七八九十]+）")
_LIST_LEAD = re.compile(r"([^。！？]*[：:])\s*(?=（一）)")


def pieces_with_leads(text: str, max_chars: int) -> list[str]:
    """``split_text``'s pieces, each that starts with a list's item (（二）…) behind the
    sentence introducing its list ("…负有下列职责：")."""
    # Pieces are joined sentences without the line breaks between them.
    flat = _normalise(text).replace("\n", "")
    leads = [(match.end(), match.group(1).strip()) for match in _LIST_LEAD.finditer(flat)]
    pieces, at = [], 0
    for piece in split_text(text, max_chars):
        at = max(at, flat.find(piece.replace("\n", ""), at))  # in order: a repeat is found next
        lead = next((lead for end, lead in reversed(leads) if end <= at), "")
        pieces.append(f"{lead}{piece}" if lead and _ITEM.match(piece) else piece)
    return pieces


def sentences(text: str) -> list[str]:
    """The sentences of text (ending at 。；！？ or a line break), stripped, none empty."""
    return [s.strip() for s in _split(_normalise(text), _SENTENCE_END)]


def _pack(units: list[str], budget: int) -> list[list[str]]:
    """Consecutive units into groups whose total length stays within budget (next-fit)."""
    groups: list[list[str]] = []
    size = budget + 1  # forces a new group for the first unit
    for unit in units:
        if size + len(unit) > budget:
            groups.append([])
            size = 0
        groups[-1].append(unit)
        size += len(unit)
    return groups


def _split(text: str, boundary: re.Pattern[str]) -> list[str]:
    """Slices of text ending after each boundary match; whitespace-only slices dropped."""
    slices: list[str] = []
    start = 0
    for match in boundary.finditer(text):
        slices.append(text[start : match.end()])
        start = match.end()
    slices.append(text[start:])
    return [s for s in slices if s.strip()]


def _normalise(text: str) -> str:
    """Strip every line and drop blank ones, so line breaks are the only vertical space."""
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def _clean_path(parts: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(p.strip() for p in parts if p and p.strip())
