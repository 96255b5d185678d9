"""Reads the search views share: who may see what, and the filter choices."""

from __future__ import annotations

from django.core.cache import cache

from .models import Chunk
from .querying import PUBLIC, SearchScope

FACET_SECONDS = 300


def scope_for(user) -> SearchScope:
    """Public chunks for everyone; enterprise-private ones for those who may see the enterprise."""
    if user is None or not user.is_authenticated:
        return PUBLIC
    from accounts.scoping import visible_enterprises

    return SearchScope(frozenset(visible_enterprises(user).values_list("pk", flat=True)))


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
