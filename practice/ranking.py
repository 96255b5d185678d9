"""The 班组 ranking, in plain Python (no Django): the period it covers and the order.

A ranking is a motivation to practise, never a record: nothing reads it for compliance
(status, hours, certificates, exam outcomes). It counts practice answers only, not
exam mistakes taken into the book.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum
from fractions import Fraction


class Period(Enum):
    WEEK = "week"
    MONTH = "month"

    @property
    def label(self) -> str:
        return {Period.WEEK: "本周", Period.MONTH: "本月"}[self]

    @classmethod
    def parse(cls, value: str | None) -> Period:
        """The period named in a query string; anything else is the week."""
        try:
            return cls(value)
        except ValueError:
            return cls.WEEK


def period_start(period: Period, today: date) -> date:
    """The first local date of the period holding ``today``: Monday, or the 1st."""
    if period is Period.MONTH:
        return today.replace(day=1)
    return today - timedelta(days=today.weekday())


@dataclass(frozen=True)
class Tally:
    """One member's practice in the period."""

    staff_id: int
    name: str
    answered: int = 0
    correct: int = 0

    @property
    def accuracy(self) -> Fraction | None:
        return Fraction(self.correct, self.answered) if self.answered else None

    @property
    def accuracy_percent(self) -> int | None:
        accuracy = self.accuracy
        return None if accuracy is None else round(100 * accuracy)


@dataclass(frozen=True)
class Standing:
    """A member's place; ``rank`` is None for those who have not practised in the period."""

    rank: int | None
    tally: Tally


def standings(tallies: Iterable[Tally]) -> tuple[Standing, ...]:
    """Most questions practised first, then the higher accuracy; members level on both
    share a rank (1, 2, 2, 4). Members with no answers come last, unranked, by name."""
    ordered = sorted(
        tallies,
        key=lambda t: (-t.answered, -(t.accuracy or 0), t.name, t.staff_id),
    )
    result: list[Standing] = []
    previous: tuple[int, Fraction | None] | None = None
    rank = 0
    for place, tally in enumerate(ordered, start=1):
        if not tally.answered:
            result.append(Standing(rank=None, tally=tally))
            continue
        key = (tally.answered, tally.accuracy)
        if key != previous:
            rank, previous = place, key
        result.append(Standing(rank=rank, tally=tally))
    return tuple(result)
