"""Background index updates (django-tasks); each takes ids, reloads what it needs.

`make run` starts `manage.py db_worker`, which runs them; tests use the immediate backend.
"""

from __future__ import annotations

from django_tasks import task

from . import indexing


@task()
def index_regulation_task(page_id: int) -> dict:
    return _summary(indexing.index_regulation(page_id))


@task()
def index_culture_page_task(page_id: int) -> dict:
    return _summary(indexing.index_culture_page(page_id))


@task()
def index_catalogue_item_task(pk: int) -> dict:
    return _summary(indexing.index_catalogue_item(pk))


@task()
def embed_missing_task() -> int:
    """Compute the vectors the demo loader left out (`reindex_all(embed=False)`)."""
    return indexing.embed_missing()


@task()
def resegment_chunks_task() -> int:
    """After a glossary edit: re-segment every chunk (no re-embedding)."""
    return indexing.resegment_chunks()


def _summary(outcome: indexing.IndexOutcome) -> dict:
    return {"written": outcome.written, "embedded": outcome.embedded, "removed": outcome.removed}
