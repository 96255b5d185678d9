"""Snippets for the result list: the text around the first match, query terms marked."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

SNIPPET_CHARS = 240
LEAD_CHARS = 60  # context kept before the first match when the text is cut


def highlight(text: str, terms: Iterable[str], max_chars: int = SNIPPET_CHARS) -> SafeString:
    """Escaped text (cut to about max_chars around the first match) with <mark>ed terms.

    Single characters are not marked (不, 谁 would light up everywhere).
    """
    words = sorted({t for t in terms if len(t) > 1}, key=len, reverse=True)
    pattern = re.compile("|".join(map(re.escape, words)), re.IGNORECASE) if words else None
    first = pattern.search(text) if pattern else None
    start = 0
    if len(text) > max_chars and first and first.start() > LEAD_CHARS:
        start = first.start() - LEAD_CHARS
    piece = text[start : start + max_chars]
    prefix = "…" if start else ""
    suffix = "…" if start + max_chars < len(text) else ""
    if pattern is None:
        return mark_safe(escape(prefix + piece + suffix))
    out, last = [escape(prefix)], 0
    for match in pattern.finditer(piece):
        out += [escape(piece[last : match.start()]), f"<mark>{escape(match.group())}</mark>"]
        last = match.end()
    out += [escape(piece[last:]), escape(suffix)]
    return mark_safe("".join(out))
