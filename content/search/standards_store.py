"""The technical standards that count (TechnicalStandard snippets), for querying.

Enabled entries whose standard is not a live regulation page: a standard a bureau imports
is searched in its own text, not pointed to. Cached per process (process_cache.py).
"""

from __future__ import annotations

from .process_cache import ProcessCache
from .standards import DEFAULT_STANDARDS, Standard, is_held


def _load_standards() -> tuple[Standard, ...]:
    from content.regulations.models import RegulationPage

    from .models import TechnicalStandard

    enabled = [row.as_standard() for row in TechnicalStandard.objects.filter(enabled=True)]
    enabled = [standard for standard in enabled if standard.asks]
    # Every live title (hundreds at most, once a minute): is_held is the one matching rule.
    titles = list(RegulationPage.objects.live().values_list("title", flat=True))
    return tuple(standard for standard in enabled if not is_held(standard, titles))


_standards = ProcessCache(_load_standards)


def active_standards() -> tuple[Standard, ...]:
    return _standards.get()


def clear_standards_cache() -> None:
    _standards.clear()


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
