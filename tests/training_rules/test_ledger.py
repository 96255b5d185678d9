"""The ledger's integrity rules, each refusal naming the person, the date and the rule."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from training.rules.hours import TrainingKind
from training.rules.ledger import ViolationCode, check_entries

from .builders import HIRED, entry

K = TrainingKind
TODAY = dt.date(2025, 6, 10)


def check(*new, **kw):
    kw.setdefault("person", "张三")
    kw.setdefault("hire_date", HIRED)
    kw.setdefault("today", TODAY)
    return check_entries(new, **kw)


def test_a_plain_entry_today_passes():
    assert check(entry(TODAY, K.REFRESHER, 8)) == ()


def test_no_hours_dated_in_the_future():
    (found,) = check(entry("2025-06-11", K.REFRESHER, 2))
    assert found.code is ViolationCode.FUTURE and found.on == dt.date(2025, 6, 11)
    assert found.message == (
        "张三 2025-06-11：日期晚于今天（2025-06-10）；不能登记未来日期的学时。"
    )


def test_no_hours_before_the_hire_date():
    assert check(entry(HIRED, K.PLANT_LEVEL, 8)) == ()
    (found,) = check(entry(HIRED - dt.timedelta(days=1), K.PLANT_LEVEL, 8))
    assert found.code is ViolationCode.BEFORE_HIRE
    assert found.message == (
        "张三 2024-02-29：日期早于入职日期（2024-03-01）；不能登记入职前的学时。"
    )


def test_off_post_hours_only_between_the_failure_and_today():
    failed = dt.date(2025, 5, 20)
    assert check(entry(failed, K.OFF_POST, 8), off_post_since=failed) == ()
    assert check(entry(TODAY, K.OFF_POST, 8), off_post_since=failed) == ()
    (early,) = check(entry("2025-05-19", K.OFF_POST, 8), off_post_since=failed)
    assert early.code is ViolationCode.OFF_POST_WINDOW
    assert early.message == (
        "张三 2025-05-19：脱产培训学时只能登记在考核不合格之日（2025-05-20）至今天（2025-06-10）之间。"
    )
    late = check(entry("2025-06-11", K.OFF_POST, 8), off_post_since=failed)
    assert {v.code for v in late} == {ViolationCode.FUTURE, ViolationCode.OFF_POST_WINDOW}
    (not_off_post,) = check(entry(TODAY, K.OFF_POST, 8))
    assert "未因考核不合格转脱产培训" in not_off_post.message


def test_the_issue_s_case_three_days_of_24_hours_six_years_before_the_failure():
    """Entered as a new user did: 3 × 24 h dated six years before the failure."""
    failed = dt.date(2025, 5, 20)
    ledger = [entry(dt.date(2019, 5, 20) + dt.timedelta(days=i), K.OFF_POST, 24) for i in range(3)]
    found = check(*ledger, off_post_since=failed)
    assert [v.code for v in found].count(ViolationCode.OFF_POST_WINDOW) == 3
    assert [v.code for v in found].count(ViolationCode.BEFORE_HIRE) == 3
    assert [v.code for v in found].count(ViolationCode.DAILY_CAP) == 3


def test_at_most_8_hours_a_day_across_sessions():
    morning = [entry(TODAY, K.REFRESHER, 6)]
    assert check(entry(TODAY, K.DRILL, 2), existing=morning) == ()
    (found,) = check(entry(TODAY, K.DRILL, "2.5"), existing=morning)
    assert found.code is ViolationCode.DAILY_CAP
    assert found.message == (
        "张三 2025-06-10：当天培训合计 8.5 学时（已登记 6，本次 2.5），超过每人每天 8 学时的上限。"
    )
    # Two new entries on one day are summed, and reported once.
    (twice,) = check(entry(TODAY, K.REFRESHER, 5), entry(TODAY, K.DRILL, 4))
    assert twice.message.startswith("张三 2025-06-10：当天培训合计 9 学时（已登记 0，本次 9）")
    # Another day's hours do not count against this one.
    assert check(entry(TODAY, K.DRILL, 8), existing=[entry("2025-06-09", K.REFRESHER, 8)]) == ()


def test_the_daily_cap_is_configurable():
    assert check(entry(TODAY, K.EXTERNAL, 10), max_hours_per_day=Decimal(10)) == ()
    (found,) = check(entry(TODAY, K.EXTERNAL, "10.5"), max_hours_per_day=Decimal(10))
    assert "超过每人每天 10 学时的上限" in found.message


def test_hours_must_be_positive():
    (found,) = check(entry(TODAY, K.REFRESHER, 0))
    assert found.code is ViolationCode.NOT_POSITIVE
    assert found.message == "张三 2025-06-10：登记为 0 学时；学时须大于 0。"


def test_without_a_hire_date_only_the_other_rules_apply():
    assert check(entry("2000-01-01", K.REFRESHER, 2), hire_date=None) == ()
