"""The technical standards that count (TechnicalStandard snippets), for querying.

Enabled entries whose standard is not a live regulation page: a standard a bureau imports
is searched in its own text, not pointed to. Cached per process for CACHE_SECONDS; an
edit clears this process's cache at once and reaches the others within that time.
"""

from __future__ import annotations

import threading
import time

from .standards import DEFAULT_STANDARDS, Standard, is_held

CACHE_SECONDS = 60.0

_lock = threading.Lock()
_cached: tuple[float, tuple[Standard, ...]] | None = None


def active_standards() -> tuple[Standard, ...]:
    global _cached
    now = time.monotonic()
    cached = _cached
    if cached is not None and now - cached[0] < CACHE_SECONDS:
        return cached[1]
    from content.regulations.models import RegulationPage

    from .models import TechnicalStandard

    enabled = [row.as_standard() for row in TechnicalStandard.objects.filter(enabled=True)]
    enabled = [standard for standard in enabled if standard.asks]
    # Every live title (hundreds at most, once a minute): is_held is the one matching rule.
    titles = list(RegulationPage.objects.live().values_list("title", flat=True))
    standards = tuple(standard for standard in enabled if not is_held(standard, titles))
    with _lock:
        _cached = (now, standards)
    return standards


def clear_standards_cache() -> None:
    global _cached
    with _lock:
        _cached = None


def seed_rows(model) -> int:
    """Add the DEFAULT_STANDARDS not yet present (by code); editors' rows are never
    changed. Takes the model class so data migrations can pass their historical model."""
    present = set(model.objects.values_list("code", flat=True))
    missing = [
        model(code=s.code, title=s.title, asks="\n".join(s.asks))
        for s in DEFAULT_STANDARDS
        if s.code not in present
    ]
    model.objects.bulk_create(missing)
    return len(missing)
