"""Stable anchors for provisions, derived from their numbering so re-imports keep permalinks."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

# Articles are numbered through a whole law, so "art-28" alone is unique and readable.
_GLOBAL_PREFIX = {"article": "art", "part": "part", "chapter": "ch"}


def anchor_for(kind: str, number: int, ancestors: Sequence[tuple[str, int]]) -> str:
    """Anchor for a provision from its (kind, number) and its ancestors' (outermost first).

    一、 → p1; （十五） under 六、 → p6-15; an item inside 第二十八条 → art-28-p1.
    """
    if kind in _GLOBAL_PREFIX:
        return f"{_GLOBAL_PREFIX[kind]}-{number}"
    prefix, nested = "", []
    for ancestor_kind, ancestor_number in ancestors:
        if ancestor_kind in _GLOBAL_PREFIX:
            prefix, nested = f"{_GLOBAL_PREFIX[ancestor_kind]}-{ancestor_number}", []
        else:
            nested.append(ancestor_number)
    own = ("sec" if kind == "section" else "p") + "-".join(map(str, [*nested, number]))
    return f"{prefix}-{own}" if prefix else own


def deduplicate(anchors: Iterable[str]) -> list[str]:
    """Make anchors unique in order of appearance by suffixing -2, -3 …"""
    seen: dict[str, int] = {}
    result = []
    for anchor in anchors:
        count = seen.get(anchor, 0) + 1
        seen[anchor] = count
        result.append(anchor if count == 1 else f"{anchor}-{count}")
    return result
