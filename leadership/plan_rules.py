"""The pure rules of commitments, plans and problems (no ORM): is a commitment on time,
how far a plan is done, was a problem closed on time. Tested without a database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

#: Months in a target's period (每月 / 每季度 / 每年); the keys are ``Period`` values.
PERIOD_MONTHS: Mapping[str, int] = {"month": 1, "quarter": 3, "year": 12}
SHARE_PLACES = Decimal("0.0001")


class CommitmentState(StrEnum):
    ON_TIME = "on_time"
    LATE = "late"
    PENDING = "pending"  # not signed, the due date not yet passed
    OVERDUE = "overdue"  # not signed after the due date
    NOT_ISSUED = "not_issued"  # no template or no copy for this person

    @property
    def label(self) -> str:
        return _STATE_LABELS[self]

    @property
    def is_missing(self) -> bool:
        return self in (CommitmentState.PENDING, CommitmentState.OVERDUE)


_STATE_LABELS = {
    CommitmentState.ON_TIME: "按时签订",
    CommitmentState.LATE: "逾期签订",
    CommitmentState.PENDING: "待签订",
    CommitmentState.OVERDUE: "逾期未签",
    CommitmentState.NOT_ISSUED: "未下发",
}


def commitment_state(
    *, issued: bool, signed_on: dt.date | None, due: dt.date | None, today: dt.date
) -> CommitmentState:
    """Signed on the due date counts as on time; the due date is the last allowed day."""
    if not issued or due is None:
        return CommitmentState.NOT_ISSUED
    if signed_on is not None:
        return CommitmentState.ON_TIME if signed_on <= due else CommitmentState.LATE
    return CommitmentState.OVERDUE if today > due else CommitmentState.PENDING


@dataclass(frozen=True, slots=True)
class ItemTarget:
    """One plan item, as the rule needs it: an id, how many times per which period."""

    item_id: int
    times: int
    period: str


@dataclass(frozen=True, slots=True)
class ItemCompletion:
    item_id: int
    target: Decimal
    done: int

    @property
    def credited(self) -> Decimal:
        """Done counts up to the target: extra visits in one item cannot hide a missed one."""
        return min(Decimal(self.done), self.target)

    @property
    def share(self) -> Decimal | None:
        if not self.target:
            return None
        return (self.credited / self.target).quantize(SHARE_PLACES, ROUND_HALF_UP)

    @property
    def behind(self) -> bool:
        return Decimal(self.done) < self.target


@dataclass(frozen=True, slots=True)
class Completion:
    items: tuple[ItemCompletion, ...]

    @property
    def target(self) -> Decimal:
        return sum((item.target for item in self.items), Decimal(0))

    @property
    def done(self) -> int:
        return sum(item.done for item in self.items)

    @property
    def share(self) -> Decimal | None:
        """Credited over target across items; None when nothing was due (no plan, no items)."""
        if not self.target:
            return None
        credited = sum((item.credited for item in self.items), Decimal(0))
        return (credited / self.target).quantize(SHARE_PLACES, ROUND_HALF_UP)

    @property
    def percent(self) -> int | None:
        share = self.share
        return None if share is None else int((share * 100).to_integral_value(ROUND_HALF_UP))


def target_over(times: int, period: str, months: int) -> Decimal:
    """The target over ``months`` months: twice a quarter is 2/3 a month, 8 a year."""
    return (Decimal(times) * months / PERIOD_MONTHS[period]).quantize(SHARE_PLACES, ROUND_HALF_UP)


def months_counted(year: int, month: int | None, today: dt.date) -> int:
    """Months a period covers: one month; a past year's twelve; this year's so far."""
    if month is not None:
        return 1
    if year < today.year:
        return 12
    if year > today.year:
        return 0
    return today.month


def completion(
    items: Iterable[ItemTarget], done_by_item: Mapping[int, int], months: int
) -> Completion:
    """Targets against activities done, per item and over all, for ``months`` months."""
    return Completion(
        tuple(
            ItemCompletion(
                item_id=item.item_id,
                target=target_over(item.times, item.period, months),
                done=done_by_item.get(item.item_id, 0),
            )
            for item in items
        )
    )


def closed_on_time(deadline: dt.date, closed_on: dt.date | None) -> bool:
    """Closed by its owner on or before the deadline (confirmation may come later)."""
    return closed_on is not None and closed_on <= deadline


def on_time_share(
    problems: Iterable[tuple[dt.date, dt.date | None]], today: dt.date
) -> Decimal | None:
    """Of the problems that are due (deadline passed) or closed, the share closed on
    time; None when none are due yet. Each problem is (deadline, closed on)."""
    counted = on_time = 0
    for deadline, closed_on in problems:
        if closed_on is None and deadline >= today:
            continue  # still within its deadline: neither on time nor late yet
        counted += 1
        on_time += closed_on_time(deadline, closed_on)
    if not counted:
        return None
    return (Decimal(on_time) / counted).quantize(SHARE_PLACES, ROUND_HALF_UP)


def is_overdue(deadline: dt.date, closed_on: dt.date | None, today: dt.date) -> bool:
    return closed_on is None and today > deadline
