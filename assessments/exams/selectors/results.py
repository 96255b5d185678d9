"""Exam results by group of people: completion and pass figures by level, post and
department. The exam dashboards (oversight) and the principal's page (leadership) both
show them; defined here, below both, so the groups, labels and order are the same."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet

from accounts.vocab import Level
from assessments.exams.engine.types import AttemptState
from assessments.exams.models import Assignment, Attempt
from assessments.exams.selectors.launching import NO_POST

NO_LEVEL = "未设层级"
NO_DEPARTMENT = "未分配部门"


def percent(part: int, whole: int) -> int:
    """A share for drawing (a bar's width): 0 of nothing is an empty bar."""
    return round(part * 100 / whole) if whole else 0


def rate(part: int, whole: int) -> int | None:
    """A rate to read: None when there is nothing to divide by (nobody assigned, nobody
    finished), which every page shows as "—" (the `rate` filter), never as 0%."""
    return round(part * 100 / whole) if whole else None


def graded(**filters) -> QuerySet[Attempt]:
    return Attempt.objects.filter(state=AttemptState.GRADED, **filters)


@dataclass(frozen=True)
class RateRow:
    """Completion and pass figures for a group of people (an assessment, a level, …).
    A breakdown's row also names its ``dimension`` and raw ``value`` (for links)."""

    label: str
    assigned: int
    completed: int
    passed: int
    dimension: str = ""
    value: str = ""

    @property
    def failed(self) -> int:
        return self.completed - self.passed

    @property
    def completion_percent(self) -> int | None:
        return rate(self.completed, self.assigned)

    @property
    def passed_share(self) -> int:
        """Passed people as a share of everyone assigned (the green part of a stacked bar)."""
        return percent(self.passed, self.assigned)

    @property
    def failed_share(self) -> int:
        return percent(self.failed, self.assigned)

    @property
    def pass_percent(self) -> int | None:
        return rate(self.passed, self.completed)


#: The breakdowns: key → (title, the StaffProfile field it groups by).
DIMENSIONS = {
    "level": ("按人员层级", "level"),
    "post": ("按岗位", "post"),
    "department": ("按部门/班组", "department__name"),
}


@dataclass(frozen=True)
class Breakdown:
    dimension: str
    title: str
    rows: tuple[RateRow, ...]


def group_label(dimension: str, value: str) -> str:
    """A group's name on the page: the level's label, or what an empty value means."""
    if dimension == "level":
        return Level(value).label if value in Level.values else (value or NO_LEVEL)
    if dimension == "post":
        return value or NO_POST
    return value or NO_DEPARTMENT


def _order(dimension: str, value: str, assigned: int) -> tuple:
    """Levels in their ladder's order (unknown, then unset, last); posts and departments
    largest first, the unset group last."""
    if dimension == "level":
        ladder = Level.values
        return (ladder.index(value) if value in ladder else len(ladder), not value, value)
    return (not value, -assigned, value)


def results_breakdown(assignments: QuerySet[Assignment]) -> list[Breakdown]:
    """Completion and pass figures of ``assignments`` (people-sittings) by level, post and
    department, in one query."""
    fields = [f"staff__{field}" for _, field in DIMENSIONS.values()]
    rows = assignments.annotate(
        done=Exists(graded(assignment=OuterRef("pk"))),
        ok=Exists(graded(assignment=OuterRef("pk"), passed=True)),
    ).values_list(*fields, "done", "ok")
    tallies: dict[str, dict[str, list[int]]] = {key: {} for key in DIMENSIONS}
    for *values, done, ok in rows:
        for key, value in zip(DIMENSIONS, values, strict=True):
            tally = tallies[key].setdefault(value or "", [0, 0, 0])
            tally[0] += 1
            tally[1] += done
            tally[2] += ok
    return [
        Breakdown(
            key,
            title,
            tuple(
                RateRow(group_label(key, value), *tally, dimension=key, value=value)
                for value, tally in sorted(
                    tallies[key].items(), key=lambda item: _order(key, item[0], item[1][0])
                )
            ),
        )
        for key, (title, _) in DIMENSIONS.items()
    ]
