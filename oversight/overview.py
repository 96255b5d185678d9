"""Read-only figures for the enterprise and jurisdiction dashboards.

Every function takes an already-scoped queryset (from `accounts.scoping`), so a dashboard
can only ever count what its viewer may see.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from accounts.models import Enterprise, StaffProfile
from accounts.vocab import Level, StaffStatus

UNASSIGNED_DEPARTMENT = "未分配部门"


@dataclass(frozen=True)
class Bar:
    """One row of a CSS bar chart; ``percent`` is the share of the chart's total."""

    label: str
    count: int
    percent: int


@dataclass(frozen=True)
class EnterpriseOverview:
    enterprise: Enterprise
    on_post: int
    off_post: int
    left: int
    department_count: int
    by_status: tuple[Bar, ...]
    by_level: tuple[Bar, ...]  # current staff (在岗 + 脱产培训) only
    by_department: tuple[Bar, ...]  # current staff only
    off_post_staff: tuple[StaffProfile, ...]

    @property
    def current(self) -> int:
        """在职人数: on post or away on off-post training; leavers excluded."""
        return self.on_post + self.off_post


@dataclass(frozen=True)
class EnterpriseRow:
    enterprise: Enterprise
    staff_count: int  # current staff
    off_post_count: int


@dataclass(frozen=True)
class JurisdictionOverview:
    rows: tuple[EnterpriseRow, ...]

    @property
    def enterprise_count(self) -> int:
        return len(self.rows)

    @property
    def major_hazard_count(self) -> int:
        return sum(1 for row in self.rows if row.enterprise.major_hazard)

    @property
    def staff_count(self) -> int:
        return sum(row.staff_count for row in self.rows)

    @property
    def off_post_count(self) -> int:
        return sum(row.off_post_count for row in self.rows)


def bars(counted: Iterable[tuple[str, int]]) -> tuple[Bar, ...]:
    """Bars for (label, count) pairs, zero counts dropped, in the order given."""
    pairs = [(label, count) for label, count in counted if count]
    total = sum(count for _, count in pairs)
    return tuple(Bar(label, count, round(count * 100 / total)) for label, count in pairs)


def enterprise_overview(
    enterprise: Enterprise, staff: QuerySet[StaffProfile]
) -> EnterpriseOverview:
    """Counts and charts for one enterprise; ``staff`` must already be scoped to the viewer."""
    staff = staff.filter(enterprise=enterprise)
    current = staff.exclude(status=StaffStatus.LEFT)

    status_counts = dict(staff.values_list("status").annotate(n=Count("pk")).order_by())
    level_counts = dict(current.values_list("level").annotate(n=Count("pk")).order_by())
    department_counts = (
        current.values_list("department__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "department__name")
    )
    off_post_staff = tuple(
        current.filter(status=StaffStatus.OFF_POST_TRAINING).order_by("employee_no", "pk")
    )
    return EnterpriseOverview(
        enterprise=enterprise,
        on_post=status_counts.get(StaffStatus.ON_POST, 0),
        off_post=status_counts.get(StaffStatus.OFF_POST_TRAINING, 0),
        left=status_counts.get(StaffStatus.LEFT, 0),
        department_count=enterprise.departments.count(),
        by_status=bars((status.label, status_counts.get(status, 0)) for status in StaffStatus),
        by_level=bars((level.label, level_counts.get(level, 0)) for level in Level),
        by_department=bars(
            (name or UNASSIGNED_DEPARTMENT, count) for name, count in department_counts
        ),
        off_post_staff=off_post_staff,
    )


def jurisdiction_overview(enterprises: QuerySet[Enterprise]) -> JurisdictionOverview:
    """One row per enterprise with current and off-post staff counts, in one query."""
    annotated = enterprises.annotate(
        current_staff=Count("staff", filter=~Q(staff__status=StaffStatus.LEFT)),
        off_post_staff=Count("staff", filter=Q(staff__status=StaffStatus.OFF_POST_TRAINING)),
    ).order_by("name")
    return JurisdictionOverview(
        rows=tuple(
            EnterpriseRow(e, staff_count=e.current_staff, off_post_count=e.off_post_staff)
            for e in annotated
        )
    )
