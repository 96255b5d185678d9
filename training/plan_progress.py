"""Delivered hours from the ledger matched to plan lines: the match rule, per line and level.

Plain Python (no Django). The rule, decided once:

1. A session can feed a line when its kind is the line's kind, it started in the plan's
   year, and at least one attendee fits the line's audience: the attendee's level is the
   line's, and so are their specialty and post where the line names one (blank = any).
2. Of the lines it can feed it goes to exactly one: a line planned for the session's month;
   failing that the latest line planned before it (a late delivery); failing that the
   earliest planned after it (delivered early). Among lines of the same month the first in
   plan order that still lacks hours takes it, so two sessions in March fill two March
   lines rather than one twice.
3. A line's delivered hours are the sum of its sessions' hours per attendee (the most any
   fitting attendee got from the session), however many attended: the plan's hours are
   per person. The people reached are counted separately.
4. A line is behind schedule when its month has ended and it lacks hours; a level's share
   counts each line's hours up to its plan, so extra hours on one course don't hide another.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class LineFacts:
    id: int
    level: str
    kind: str
    month: int
    hours: Decimal
    specialty: str = ""
    post: str = ""
    order: int = 0

    def fits(self, attendee: Attendee) -> bool:
        return (
            attendee.level == self.level
            and self.specialty in ("", attendee.specialty)
            and self.post in ("", attendee.post)
        )


@dataclass(frozen=True, slots=True)
class Attendee:
    staff_id: int
    level: str
    specialty: str
    post: str
    hours: Decimal


@dataclass(frozen=True, slots=True)
class SessionFacts:
    id: int
    kind: str
    on: dt.date
    attendees: tuple[Attendee, ...]


@dataclass(slots=True)
class LineProgress:
    line: LineFacts
    delivered: Decimal = Decimal(0)
    sessions: list[int] = field(default_factory=list)
    people: set[int] = field(default_factory=set)
    behind: bool = False

    @property
    def counted(self) -> Decimal:
        return min(self.delivered, self.line.hours)

    @property
    def percent(self) -> int:
        return min(100, round(self.delivered * 100 / self.line.hours)) if self.line.hours else 100

    @property
    def complete(self) -> bool:
        return self.delivered >= self.line.hours


@dataclass(frozen=True, slots=True)
class LevelProgress:
    level: str
    planned: Decimal
    counted: Decimal
    delivered: Decimal
    behind: int

    @property
    def percent(self) -> int:
        return min(100, round(self.counted * 100 / self.planned)) if self.planned else 100


@dataclass(frozen=True, slots=True)
class PlanProgress:
    lines: tuple[LineProgress, ...]
    levels: tuple[LevelProgress, ...]
    unmatched: tuple[int, ...]

    def of(self, line_id: int) -> LineProgress:
        return next(p for p in self.lines if p.line.id == line_id)


def month_ended(year: int, month: int, today: dt.date) -> bool:
    return today > dt.date(year, month, calendar.monthrange(year, month)[1])


def _preferred(candidates: Sequence[LineProgress], month: int) -> list[LineProgress]:
    same = [p for p in candidates if p.line.month == month]
    before = sorted((p for p in candidates if p.line.month < month), key=lambda p: -p.line.month)
    after = sorted((p for p in candidates if p.line.month > month), key=lambda p: p.line.month)
    if same:
        return same
    if before:
        return [p for p in before if p.line.month == before[0].line.month]
    return [p for p in after if p.line.month == after[0].line.month]


def match_progress(
    lines: Iterable[LineFacts], sessions: Iterable[SessionFacts], year: int, today: dt.date
) -> PlanProgress:
    """Each session assigned to one line by the rule above; progress per line and level."""
    progress = [LineProgress(line) for line in sorted(lines, key=lambda ln: (ln.month, ln.order))]
    unmatched: list[int] = []
    for session in sorted(sessions, key=lambda s: (s.on, s.id)):
        if session.on.year != year:
            continue
        candidates = [
            p
            for p in progress
            if p.line.kind == session.kind and any(p.line.fits(a) for a in session.attendees)
        ]
        if not candidates:
            unmatched.append(session.id)
            continue
        preferred = _preferred(candidates, session.on.month)
        target = next((p for p in preferred if not p.complete), preferred[0])
        fitting = [a for a in session.attendees if target.line.fits(a)]
        target.delivered += max(a.hours for a in fitting)
        target.sessions.append(session.id)
        target.people.update(a.staff_id for a in fitting)
    for p in progress:
        p.behind = not p.complete and month_ended(year, p.line.month, today)
    return PlanProgress(tuple(progress), _levels(progress), tuple(unmatched))


def _levels(progress: Sequence[LineProgress]) -> tuple[LevelProgress, ...]:
    grouped: dict[str, list[LineProgress]] = defaultdict(list)
    for p in progress:
        grouped[p.line.level].append(p)
    return tuple(
        LevelProgress(
            level=level,
            planned=sum((p.line.hours for p in items), Decimal(0)),
            counted=sum((p.counted for p in items), Decimal(0)),
            delivered=sum((p.delivered for p in items), Decimal(0)),
            behind=sum(p.behind for p in items),
        )
        for level, items in grouped.items()
    )
