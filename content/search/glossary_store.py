"""The glossary as editors keep it (GlossaryTerm snippets), for expansion and jieba.

Indexing and querying both call `active_glossary()`, which also teaches jieba the
glossary's words, so a text and a query are segmented alike. Entries are cached per
process (process_cache.py). Editing the glossary re-segments the index in a background
task (`resegment_chunks`), because segmentation depends on it.
"""

from __future__ import annotations

from .glossary import DEFAULT_GLOSSARY, GlossaryEntry
from .process_cache import ProcessCache
from .segment import load_user_words

# jieba user words: multi-character terms only; a longer "word" would hide its parts.
MIN_WORD_CHARS, MAX_WORD_CHARS = 2, 8


def _load_glossary() -> tuple[GlossaryEntry, ...]:
    from .models import GlossaryTerm

    entries = tuple(term.as_entry() for term in GlossaryTerm.objects.filter(enabled=True))
    load_user_words(jieba_words(entries))
    return entries


_glossary = ProcessCache(_load_glossary)


def active_glossary() -> tuple[GlossaryEntry, ...]:
    """The enabled glossary entries, with their words loaded into jieba."""
    return _glossary.get()


def clear_glossary_cache() -> None:
    _glossary.clear()


def jieba_words(entries: tuple[GlossaryEntry, ...] | list[GlossaryEntry]) -> list[str]:
    """The glossary's terms that make sensible jieba user words."""
    words: dict[str, None] = {}
    for entry in entries:
        for term in (*entry.worker_terms, *entry.regulation_terms):
            if MIN_WORD_CHARS <= len(term) <= MAX_WORD_CHARS:
                words.setdefault(term)
    return list(words)


def seed_rows(model) -> int:
    """Add the DEFAULT_GLOSSARY entries not yet present (matched by worker terms), and to
    present ones the default regulation terms and exclusions (``not_within``) they lack;
    nothing is ever removed, so editors' changes survive. Returns how many rows were
    added or extended.

    Takes the model class so data migrations can pass their historical model.
    """
    existing = {row.worker_terms: row for row in model.objects.all()}
    added, extended = [], []
    for entry in DEFAULT_GLOSSARY:
        worker_terms = " ".join(entry.worker_terms)
        row = existing.get(worker_terms)
        if row is None:
            added.append(
                model(
                    worker_terms=worker_terms,
                    regulation_terms=" ".join(entry.regulation_terms),
                    not_within=" ".join(entry.not_within),
                )
            )
            continue
        regulation_terms = _with_defaults(row.regulation_terms, entry.regulation_terms)
        not_within = _with_defaults(row.not_within, entry.not_within)
        if (regulation_terms, not_within) != (row.regulation_terms, row.not_within):
            row.regulation_terms, row.not_within = regulation_terms, not_within
            extended.append(row)
    model.objects.bulk_create(added)
    model.objects.bulk_update(extended, ["regulation_terms", "not_within"])
    return len(added) + len(extended)


def _with_defaults(stored: str, defaults: tuple[str, ...]) -> str:
    """A row's stored terms with the default ones it lacks appended (unchanged if none)."""
    from .models import split_terms

    present = split_terms(stored)
    missing = [term for term in defaults if term not in present]
    return " ".join([stored, *missing]).strip() if missing else stored


def seed_glossary() -> int:
    """Idempotently add the default glossary (the data migration already did, once)."""
    from .models import GlossaryTerm

    added = seed_rows(GlossaryTerm)
    clear_glossary_cache()
    return added
