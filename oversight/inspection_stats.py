"""The jurisdiction's inspection figures for one year: inspections by enterprise, the
enterprises not yet inspected, spot-test pass rates by enterprise and by post, and open
and overdue findings. ``pass_rates`` is the pure core (tested without a database);
``year_figures`` reads the rows for it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q, QuerySet

from accounts.models import Enterprise
from oversight.models import Finding, FindingState, Inspection, InspectionState, SpotTest
from oversight.spot_tests import examinee_rows


@dataclass(frozen=True)
class PassRate:
    key: str
    tested: int  # graded or absent: 缺考 counts as not passed
    passed: int

    @property
    def percent(self) -> int | None:
        return None if not self.tested else round(100 * self.passed / self.tested)


def pass_rates(results: Iterable[tuple[str, bool | None]]) -> list[PassRate]:
    """Pass rates per key from (key, passed) pairs; None (not yet handed in) is left out,
    so a test still running does not lower a rate. Sorted by key."""
    tested: dict[str, int] = defaultdict(int)
    passed: dict[str, int] = defaultdict(int)
    for key, result in results:
        if result is None:
            continue
        tested[key] += 1
        passed[key] += bool(result)
    return [PassRate(key, tested[key], passed[key]) for key in sorted(tested)]


@dataclass
class EnterpriseRow:
    enterprise: Enterprise
    inspections: int = 0
    last_date: dt.date | None = None
    rate: PassRate | None = None
    unresolved: int = 0
    overdue: int = 0


@dataclass
class YearFigures:
    year: int
    rows: list[EnterpriseRow]
    by_post: list[PassRate]
    results: list[tuple[int, str, str, bool | None]] = field(default_factory=list)

    @property
    def uninspected(self) -> list[EnterpriseRow]:
        return [row for row in self.rows if not row.inspections]


def year_inspections(jurisdiction_id: int, year: int) -> QuerySet[Inspection]:
    """The year's inspections that happened (a prepared one has not yet)."""
    return Inspection.objects.filter(jurisdiction_id=jurisdiction_id, date__year=year).exclude(
        state=InspectionState.PREPARING
    )


def year_figures(enterprises: QuerySet[Enterprise], jurisdiction_id: int, year: int, today):
    inspections = year_inspections(jurisdiction_id, year)
    counts = {
        row["enterprise_id"]: row
        for row in inspections.values("enterprise_id").annotate(n=Count("pk"), last=Max("date"))
    }
    findings = {
        row["enterprise_id"]: row
        for row in Finding.objects.filter(enterprise__in=enterprises)
        .values("enterprise_id")
        .annotate(
            unresolved=Count("pk", filter=Q(state__in=(FindingState.OPEN, FindingState.ANSWERED))),
            overdue=Count("pk", filter=Q(state=FindingState.OPEN, deadline__lt=today)),
        )
    }
    results: list[tuple[int, str, str, bool | None]] = []
    for spot in SpotTest.objects.filter(inspection__in=inspections).select_related("inspection"):
        for row in examinee_rows(spot):
            results.append(
                (spot.inspection.enterprise_id, row.post or "未设岗位", row.name, row.passed)
            )
    by_enterprise = {
        int(rate.key): rate for rate in pass_rates((str(e), passed) for e, _, _, passed in results)
    }
    rows = []
    for enterprise in enterprises.order_by("name"):
        count, found = counts.get(enterprise.pk, {}), findings.get(enterprise.pk, {})
        rows.append(
            EnterpriseRow(
                enterprise=enterprise,
                inspections=count.get("n", 0),
                last_date=count.get("last"),
                rate=by_enterprise.get(enterprise.pk),
                unresolved=found.get("unresolved", 0),
                overdue=found.get("overdue", 0),
            )
        )
    by_post = pass_rates((post, passed) for _, post, _, passed in results)
    return YearFigures(year=year, rows=rows, by_post=by_post, results=results)
