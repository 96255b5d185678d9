"""Learning from use: the search log, result opens, retention and editors' 常见问法.

Every search from the page or the API writes one `SearchLog` row (one INSERT, in its own
savepoint: a failed write is logged and the search still answers). Nothing identifies
the person: only their role and enterprise. A click on a result goes through
`/search/open/<log>/<rank>/`, which counts it and redirects to that result's own url as
logged (never to a url taken from the request). Rows older than LOG_RETENTION_DAYS are
deleted by `tick` (`purge_old_logs`).
"""

from __future__ import annotations

import logging
import re
from dataclasses import asdict
from datetime import timedelta

from django.db import DatabaseError, transaction
from django.db.models import F
from django.utils import timezone

from .models import CommonPhrasing, SearchLog
from .querying import SearchFilters, SearchResults

logger = logging.getLogger("safetykb.search")

# Half a year: long enough to see a season's questions (annual training, inspections),
# short enough that the log never becomes a record of who asked what.
LOG_RETENTION_DAYS = 180
_NOT_WORD = re.compile(r"[\W_]+")


def normalise_query(cleaned: str) -> str:
    """One key for one question however it is punctuated or spaced ("动火 作业？" = "动火作业")."""
    return _NOT_WORD.sub("", cleaned.casefold())[:200] or cleaned[:200]


def log_search(
    typed: str,
    results: SearchResults,
    *,
    shown: int,
    filters: SearchFilters,
    channel: str,
    user,
) -> int | None:
    """Write one log row for a search; returns its id, or None if the write failed."""
    from accounts.scoping import profile_of, role_of

    role = role_of(user)
    profile = profile_of(user)
    hits = results.hits[:shown]
    try:
        with transaction.atomic():
            row = SearchLog.objects.create(
                query=typed[:2000],
                cleaned=results.query,
                normalised=normalise_query(results.query),
                filters=_filters_json(filters),
                mode=results.mode,
                channel=channel,
                found=results.found,
                standard=results.standard.code if results.standard else "",
                number_unstated=results.number_unstated,
                results=[
                    {
                        "chunk_id": hit.chunk_id,
                        "provision_id": hit.provision_id,
                        "source_type": hit.source_type,
                        "object_id": hit.object_id,
                        "anchor": hit.anchor,
                        "url": hit.url,
                        "document": hit.document,
                        "provision": hit.provision,
                    }
                    for hit in hits
                ],
                result_count=len(hits),
                role=role.value if role else "",
                enterprise_id=profile.enterprise_id if profile and role else None,
            )
    except DatabaseError:
        logger.exception("检索日志写入失败（检索结果不受影响）")
        return None
    return row.pk


def record_open(log_id: int, rank: int) -> str | None:
    """Count an opened result (1-based rank); returns its logged url, None if there is none."""
    log = SearchLog.objects.filter(pk=log_id).only("results", "opened_rank").first()
    if log is None or not 1 <= rank <= len(log.results):
        return None
    url = log.results[rank - 1].get("url") or ""
    if not url.startswith("/") or url.startswith("//"):  # only the site's own pages
        return None
    SearchLog.objects.filter(pk=log_id).update(opens=F("opens") + 1)
    SearchLog.objects.filter(pk=log_id, opened_rank__isnull=True).update(opened_rank=rank)
    return url


def purge_old_logs(days: int = LOG_RETENTION_DAYS) -> int:
    """Delete log rows older than `days`; returns how many."""
    cutoff = timezone.now() - timedelta(days=days)
    return SearchLog.objects.filter(created_at__lt=cutoff).delete()[0]


def add_common_phrasing(text: str, provision_id: int, user) -> CommonPhrasing:
    """Attach a 常见问法 to a provision (or re-enable the same one); indexing follows
    after commit through the signal handler."""
    with transaction.atomic():
        phrasing, created = CommonPhrasing.objects.get_or_create(
            provision_id=provision_id,
            text=text[:200],
            defaults={"created_by": user if getattr(user, "pk", None) else None},
        )
        if not created and not phrasing.live:
            phrasing.live = True
            phrasing.save(update_fields=["live"])
    return phrasing


def _filters_json(filters: SearchFilters) -> dict:
    return {
        key: list(value) if isinstance(value, tuple) else value
        for key, value in asdict(filters).items()
    }
