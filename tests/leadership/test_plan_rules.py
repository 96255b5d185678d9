"""The pure rules: commitment on time, plan completion, problems closed on time."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from leadership.plan_rules import (
    CommitmentState,
    ItemTarget,
    commitment_state,
    completion,
    months_counted,
    on_time_share,
    target_over,
)

DUE = dt.date(2026, 3, 31)


@pytest.mark.parametrize(
    ("signed_on", "today", "state"),
    [
        (dt.date(2026, 3, 31), dt.date(2026, 5, 1), CommitmentState.ON_TIME),
        (dt.date(2026, 4, 1), dt.date(2026, 5, 1), CommitmentState.LATE),
        (None, dt.date(2026, 3, 31), CommitmentState.PENDING),
        (None, dt.date(2026, 4, 1), CommitmentState.OVERDUE),
    ],
    ids=["on-the-due-date", "a-day-late", "unsigned-on-the-due-date", "unsigned-a-day-after"],
)
def test_commitment_state_around_the_due_date(signed_on, today, state) -> None:
    assert commitment_state(issued=True, signed_on=signed_on, due=DUE, today=today) == state


def test_no_template_or_copy_is_not_issued() -> None:
    assert (
        commitment_state(issued=False, signed_on=None, due=DUE, today=DUE)
        == CommitmentState.NOT_ISSUED
    )
    assert CommitmentState.OVERDUE.is_missing and not CommitmentState.LATE.is_missing


def test_targets_spread_over_months() -> None:
    assert target_over(2, "month", 1) == Decimal(2)
    assert target_over(2, "quarter", 1) == Decimal("0.6667")
    assert target_over(2, "quarter", 12) == Decimal(8)
    assert target_over(4, "year", 6) == Decimal(2)


def test_months_counted_for_a_month_a_past_year_and_this_year() -> None:
    today = dt.date(2026, 5, 20)
    assert months_counted(2026, 3, today) == 1
    assert months_counted(2025, None, today) == 12
    assert months_counted(2026, None, today) == 5
    assert months_counted(2027, None, today) == 0


def test_extra_visits_in_one_item_do_not_hide_a_missed_one() -> None:
    items = [ItemTarget(1, 2, "month"), ItemTarget(2, 1, "month")]
    result = completion(items, {1: 5}, months=1)
    assert result.done == 5
    assert result.share == Decimal("0.6667")  # 2 of 3 credited, not 5 of 3
    assert result.percent == 67
    assert [item.behind for item in result.items] == [False, True]


def test_no_items_has_no_share() -> None:
    assert completion([], {}, months=1).share is None
    assert completion([], {}, months=1).percent is None


def test_on_time_share_counts_only_problems_that_are_due_or_closed() -> None:
    today = dt.date(2026, 6, 1)
    problems = [
        (dt.date(2026, 5, 10), dt.date(2026, 5, 10)),  # closed on its deadline: on time
        (dt.date(2026, 5, 10), dt.date(2026, 5, 11)),  # a day late
        (dt.date(2026, 5, 20), None),  # open past its deadline: late
        (dt.date(2026, 6, 30), None),  # not due yet: not counted
    ]
    assert on_time_share(problems, today) == Decimal("0.3333")
    assert on_time_share([(dt.date(2026, 6, 30), None)], today) is None
