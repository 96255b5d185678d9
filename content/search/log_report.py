"""Reads for the search-log report: frequent questions, unanswered ones, numbers asked for
and not stated, unopened ones, and the standards outside the knowledge base that
unanswered questions pointed to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, F, Max, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from .models import SearchLog, TechnicalStandard

PERIODS = {"7": "近 7 天", "30": "近 30 天", "90": "近 90 天", "180": "近 180 天"}
DEFAULT_PERIOD = "30"
ROWS = 50


@dataclass(frozen=True, slots=True)
class QueryRow:
    """One normalised question over the period."""

    normalised: str
    query: str  # one wording asked (for display; all share `normalised`)
    count: int
    not_found: int
    opened: int
    last_seen: datetime


@dataclass(frozen=True, slots=True)
class StandardRow:
    """A standard the corpus does not hold, and the questions sent to it over the period."""

    code: str
    label: str  # code and title; the bare code for a standard since deleted
    standard_id: int | None  # its TechnicalStandard row (None once deleted)
    count: int
    examples: tuple[str, ...]  # the latest few wordings, distinct


# Wordings shown per standard.
EXAMPLES = 3


def period_start(period: str) -> datetime:
    return timezone.now() - timedelta(days=int(period if period in PERIODS else DEFAULT_PERIOD))


def frequent_queries(since: datetime) -> list[QueryRow]:
    return _grouped(SearchLog.objects.filter(created_at__gte=since))


def unanswered_queries(since: datetime) -> list[QueryRow]:
    """Questions with no confident answer (`found` false) at least once."""
    return _grouped(SearchLog.objects.filter(created_at__gte=since, found=False))


def unstated_numbers(since: datetime) -> list[QueryRow]:
    """Questions after a number (学时, 距离, 限值…) that were answered, but by provisions that
    do not state it, at least once: the figure lives in a standard or rule not held."""
    return _grouped(SearchLog.objects.filter(created_at__gte=since, number_unstated=True))


def unopened_queries(since: datetime) -> list[QueryRow]:
    """Questions asked on the search page whose results were shown and never opened."""
    page = SearchLog.objects.filter(
        created_at__gte=since, channel=SearchLog.Channel.PAGE, result_count__gt=0
    )
    return [row for row in _grouped(page, unopened=True) if row.opened == 0]


def pointed_standards(since: datetime) -> list[StandardRow]:
    """Standards that questions were pointed to (judged not found, or found without the
    number asked for), most asked first: what a bureau would gain by importing them as
    regulation pages."""
    logs = SearchLog.objects.filter(created_at__gte=since).exclude(standard="")
    ordered = logs.values("standard").annotate(count=Count("pk")).order_by("-count", "standard")
    counts = list(ordered[:ROWS])
    known = {row.code: row for row in TechnicalStandard.objects.all()}
    # The latest wordings of every listed standard in one query (a few extra rows each, so
    # that repeats of one wording still leave EXAMPLES distinct ones).
    latest = (
        logs.filter(standard__in=[row["standard"] for row in counts])
        .annotate(recency=Window(RowNumber(), partition_by=F("standard"), order_by=F("pk").desc()))
        .filter(recency__lte=EXAMPLES * 5)
        .order_by("standard", "recency")
        .values_list("standard", "cleaned")
    )
    wordings: dict[str, dict[str, None]] = {}
    for code, cleaned in latest:
        wordings.setdefault(code, {}).setdefault(cleaned)
    rows = []
    for row in counts:
        code = row["standard"]
        examples = tuple(wordings.get(code, {}))[:EXAMPLES]
        standard = known.get(code)
        label = str(standard) if standard else code
        pk = standard.pk if standard else None
        rows.append(StandardRow(code, label, pk, row["count"], examples))
    return rows


def shown_provisions(normalised: str, limit: int = 5) -> list[dict[str, Any]]:
    """The regulation provisions most recently shown for a question, best rank first:
    the one-click choices for its 常见问法."""
    seen: dict[int, dict[str, Any]] = {}
    logs = SearchLog.objects.filter(normalised=normalised).order_by("-pk")[:20]
    for log in logs.only("results"):
        for result in log.results:
            provision_id = result.get("provision_id")
            if result.get("source_type") == "regulation" and provision_id:
                seen.setdefault(provision_id, result)
        if len(seen) >= limit:
            break
    return list(seen.values())[:limit]


def latest_wording(normalised: str) -> str:
    log = SearchLog.objects.filter(normalised=normalised).order_by("-pk").first()
    return log.cleaned if log else ""


def _grouped(logs: QuerySet[SearchLog], *, unopened: bool = False) -> list[QueryRow]:
    rows = (
        logs.values("normalised")
        .annotate(
            count=Count("pk"),
            not_found=Count("pk", filter=Q(found=False)),
            opened=Count("pk", filter=Q(opens__gt=0)),
            last_seen=Max("created_at"),
            query=Max("cleaned"),
        )
        .order_by("-count", "-last_seen")
    )
    if unopened:
        rows = rows.filter(opened=0)
    return [QueryRow(**row) for row in rows[:ROWS]]
