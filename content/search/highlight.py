"""Snippets for the result list: the text around the best match, query terms marked."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

SNIPPET_CHARS = 240
LEAD_CHARS = 60  # context kept before the first match when the text is cut


def highlight(text: str, terms: Iterable[str], max_chars: int = SNIPPET_CHARS) -> SafeString:
    """Escaped text (cut to about max_chars around the best match) with <mark>ed terms.

    Single characters are not marked (不, 谁 would light up everywhere).
    """
    words = sorted({t for t in terms if len(t) > 1}, key=len, reverse=True)
    pattern = re.compile("|".join(map(re.escape, words)), re.IGNORECASE) if words else None
    start = 0
    if len(text) > max_chars and pattern is not None:
        start = snippet_start(text, list(pattern.finditer(text)), max_chars)
    piece = text[start : start + max_chars]
    prefix = "…" if start else ""
    suffix = "…" if start + max_chars < len(text) else ""
    if pattern is None:
        return mark_safe(escape(prefix + piece + suffix))
    out: list[str] = [escape(prefix)]
    last = 0
    for match in pattern.finditer(piece):
        out += [escape(piece[last : match.start()]), f"<mark>{escape(match.group())}</mark>"]
        last = match.end()
    out += [escape(piece[last:]), escape(suffix)]
    return mark_safe("".join(out))


def snippet_start(text: str, matches: list[re.Match[str]], max_chars: int) -> int:
    """Where a long text's snippet starts: the window holding the most distinct matched
    terms (by length, so 双人保管 outweighs 管理), ties to the earliest; a little context
    is kept before its first match. A whole provision is shown for a hit found through one
    of its sentences, and that sentence is what the reader should see first."""
    best_start, best_score = 0, -1
    for anchor in matches:
        begin = max(0, anchor.start() - LEAD_CHARS)
        window = {
            m.group().lower()
            for m in matches
            if m.start() >= begin and m.end() <= begin + max_chars
        }
        score = sum(len(word) for word in window)
        if score > best_score:
            best_start, best_score = begin, score
    if best_start and best_start <= LEAD_CHARS:
        return 0  # the start of the text is close enough: no leading "…"
    return best_start
