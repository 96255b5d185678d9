"""The ledger's integrity rules: which new training entries may not be saved, and why.

Plain Python (no Django). Each refusal is a Chinese message naming the person, the date
and the rule, for the form or the import report to show as is.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from .hours import LabelledEnum, LedgerEntry, TrainingKind, format_hours

__all__ = ["DEFAULT_MAX_HOURS_PER_DAY", "LedgerViolation", "ViolationCode", "check_entries"]

#: The default daily cap per person across sessions; enterprises may configure another.
DEFAULT_MAX_HOURS_PER_DAY = Decimal(8)


class ViolationCode(LabelledEnum):
    NOT_POSITIVE = "not_positive", "学时须大于 0"
    FUTURE = "future", "不能登记未来日期的学时"
    BEFORE_HIRE = "before_hire", "不能登记入职前的学时"
    OFF_POST_WINDOW = "off_post_window", "脱产培训学时只能登记在考核不合格之日至今天之间"
    DAILY_CAP = "daily_cap", "每人每天培训学时有上限"


@dataclass(frozen=True, slots=True)
class LedgerViolation:
    code: ViolationCode
    on: dt.date
    message: str


def check_entries(
    new: Iterable[LedgerEntry],
    *,
    person: str,
    hire_date: dt.date | None,
    today: dt.date,
    existing: Iterable[LedgerEntry] = (),
    off_post_since: dt.date | None = None,
    max_hours_per_day: Decimal = DEFAULT_MAX_HOURS_PER_DAY,
) -> tuple[LedgerViolation, ...]:
    """Why ``new`` entries for ``person`` may not be saved; empty when they may.

    ``existing`` entries are only summed for the daily cap: they were checked when saved.
    ``off_post_since`` is the date of the failed assessment that sent the person off post
    (None: not off post, so no 脱产培训 hours). Each message names the person, the date
    and the rule.
    """
    fresh = list(new)
    found: list[LedgerViolation] = []

    def refuse(code: ViolationCode, entry_on: dt.date, why: str) -> None:
        found.append(LedgerViolation(code, entry_on, f"{person} {entry_on:%Y-%m-%d}：{why}"))

    for entry in fresh:
        if entry.hours <= 0:
            refuse(
                ViolationCode.NOT_POSITIVE,
                entry.on,
                f"登记为 {format_hours(entry.hours)} 学时；学时须大于 0。",
            )
        if entry.on > today:
            refuse(
                ViolationCode.FUTURE,
                entry.on,
                f"日期晚于今天（{today:%Y-%m-%d}）；不能登记未来日期的学时。",
            )
        if hire_date is not None and entry.on < hire_date:
            refuse(
                ViolationCode.BEFORE_HIRE,
                entry.on,
                f"日期早于入职日期（{hire_date:%Y-%m-%d}）；不能登记入职前的学时。",
            )
        if entry.kind is TrainingKind.OFF_POST:
            if off_post_since is None:
                refuse(
                    ViolationCode.OFF_POST_WINDOW,
                    entry.on,
                    "此人未因考核不合格转脱产培训；不能登记脱产培训学时。",
                )
            elif not off_post_since <= entry.on <= today:
                refuse(
                    ViolationCode.OFF_POST_WINDOW,
                    entry.on,
                    f"脱产培训学时只能登记在考核不合格之日（{off_post_since:%Y-%m-%d}）"
                    f"至今天（{today:%Y-%m-%d}）之间。",
                )
    found.extend(_over_daily_cap(fresh, list(existing), person, max_hours_per_day))
    return tuple(found)


def _over_daily_cap(
    fresh: list[LedgerEntry], existing: list[LedgerEntry], person: str, cap: Decimal
) -> list[LedgerViolation]:
    before: dict[dt.date, Decimal] = defaultdict(Decimal)
    added: dict[dt.date, Decimal] = defaultdict(Decimal)
    for entry in existing:
        before[entry.on] += entry.hours
    for entry in fresh:
        added[entry.on] += entry.hours
    found = []
    for day in sorted(added):
        total = before[day] + added[day]
        if total > cap:
            found.append(
                LedgerViolation(
                    ViolationCode.DAILY_CAP,
                    day,
                    f"{person} {day:%Y-%m-%d}：当天培训合计 {format_hours(total)} 学时"
                    f"（已登记 {format_hours(before[day])}，本次 {format_hours(added[day])}），"
                    f"超过每人每天 {format_hours(cap)} 学时的上限。",
                )
            )
    return found
