"""The everyday questions that count (EverydayQuestion snippets), for querying.

Enabled entries, cached per process (process_cache.py). Seeded by migration with
everyday.DEFAULT_EVERYDAY_QUESTIONS; editors add what the search log shows people ask
that the knowledge base is not for.
"""

from __future__ import annotations

from .everyday import DEFAULT_EVERYDAY_QUESTIONS
from .process_cache import ProcessCache


def _load_questions() -> tuple[str, ...]:
    from .models import EverydayQuestion

    texts = EverydayQuestion.objects.filter(enabled=True).values_list("text", flat=True)
    return tuple(dict.fromkeys(text.strip() for text in texts if text.strip()))


_questions = ProcessCache(_load_questions)


def active_everyday_questions() -> tuple[str, ...]:
    return _questions.get()


def clear_everyday_cache() -> None:
    _questions.clear()


def seed_rows(model) -> int:
    """Add the DEFAULT_EVERYDAY_QUESTIONS not yet present; editors' rows are never changed.
    Takes the model class so data migrations can pass their historical model."""
    present = set(model.objects.values_list("text", flat=True))
    missing = [model(text=text) for text in DEFAULT_EVERYDAY_QUESTIONS if text not in present]
    model.objects.bulk_create(missing)
    return len(missing)
