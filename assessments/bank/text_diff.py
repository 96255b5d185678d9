"""Comparing a provision's old and new text: pure, no ORM.

Whitespace is no part of a provision's meaning (a re-import may re-wrap lines, an editor
may add a trailing space), so texts are compared with all whitespace removed; the diff
shown to the reviewer is by character, as Chinese text has no word boundaries.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Literal

_WHITESPACE = re.compile(r"\s+")


def normalised(text: str) -> str:
    """``text`` with every whitespace character (full-width spaces included) removed."""
    return _WHITESPACE.sub("", (text or "").replace("\u3000", " "))


def same_text(old: str, new: str) -> bool:
    return normalised(old) == normalised(new)


@dataclass(frozen=True)
class Segment:
    """A run of the diff: kept in both, only in the old text, or only in the new one."""

    op: Literal["same", "removed", "added"]
    text: str


def text_diff(old: str, new: str) -> tuple[list[Segment], list[Segment]]:
    """The old and the new text as segments, each marked against the other (whitespace
    ignored, so only real changes are highlighted)."""
    a, b = normalised(old), normalised(new)
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    left: list[Segment] = []
    right: list[Segment] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            left.append(Segment("same", a[i1:i2]))
            right.append(Segment("same", b[j1:j2]))
            continue
        if i2 > i1:
            left.append(Segment("removed", a[i1:i2]))
        if j2 > j1:
            right.append(Segment("added", b[j1:j2]))
    return left, right
