"""Reads the search views share: who may see what, and the filter choices."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Q

from .models import Chunk
from .querying import PUBLIC, SearchScope
from .vectors import active_model_name

FACET_SECONDS = 300


def scope_for(user) -> SearchScope:
    """Public chunks for everyone; enterprise-private ones for those who may see the enterprise."""
    if user is None or not user.is_authenticated:
        return PUBLIC
    from accounts.scoping import visible_enterprises

    return SearchScope(frozenset(visible_enterprises(user).values_list("pk", flat=True)))


@dataclass(frozen=True, slots=True)
class IndexProgress:
    """Chunks with a vector of the active model (`done`) out of all chunks (`total`)."""

    done: int
    total: int

    @property
    def ready(self) -> bool:
        return self.done >= self.total


def index_progress() -> IndexProgress:
    """How far the vector index is (one query, no model load): while the task worker
    embeds the demo's chunks, search answers with the lexical arm and says so."""
    counts = Chunk.objects.aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(model_name=active_model_name(), embedding__isnull=False)),
    )
    return IndexProgress(done=counts["done"], total=counts["total"])


def authority_choices() -> list[str]:
    """Issuing authorities of indexed public content, cached for a few minutes."""
    return cache.get_or_set("kbsearch:authorities", _authorities, FACET_SECONDS)


def tag_choices() -> list[str]:
    return cache.get_or_set("kbsearch:tags", _tags, FACET_SECONDS)


def _authorities() -> list[str]:
    return list(
        Chunk.objects.filter(enterprise_id__isnull=True, piece=False)
        .exclude(authority="")
        .values_list("authority", flat=True)
        .distinct()
        .order_by("authority")
    )


def _tags() -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT unnest(tags) AS tag FROM kbsearch_chunk"
            " WHERE enterprise_id IS NULL AND NOT piece ORDER BY tag"
        )
        return [row[0] for row in cursor.fetchall()]
