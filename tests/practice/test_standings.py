"""The pure rules behind the progress page and the 班组 leaderboard: which group a
question falls in, the per-group counts, the ranking period and order.

No database: runs with ``-p no:django``.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from practice.breakdown import (
    GENERAL_TOPIC,
    UNLINKED,
    BreakdownRow,
    Seen,
    breakdown,
    regulation_of,
    topic_of,
)
from practice.ranking import Period, Tally, period_start, standings


def test_a_question_is_grouped_by_its_first_topic_else_specialty_else_general():
    assert topic_of(["法律法规与责任体系", "二级"], ["消防"]) == "法律法规与责任体系"
    assert topic_of([], ["消防", "设备"]) == "消防"
    assert topic_of([" "], []) == GENERAL_TOPIC
    assert regulation_of("中华人民共和国安全生产法") == "《中华人民共和国安全生产法》"
    assert regulation_of(None) == UNLINKED


def test_groups_count_the_pool_and_what_was_practised_and_mastered():
    pool = [(1, "消防"), (2, "消防"), (3, "消防"), (4, "设备"), (5, "通用")]
    seen = [
        Seen(1, "消防", mastered=True),
        Seen(2, "消防", mastered=False),
        Seen(4, "设备", mastered=True),
        # practised before it left the pool (retired or re-tagged): still counted
        Seen(9, "电气", mastered=False),
        Seen(1, "消防", mastered=True),  # the same card twice counts once
    ]
    rows = breakdown(pool, seen)
    assert rows == (
        BreakdownRow("消防", total=3, seen=2, mastered=1),
        BreakdownRow("电气", total=1, seen=1, mastered=0),
        BreakdownRow("设备", total=1, seen=1, mastered=1),
        BreakdownRow("通用", total=1, seen=0, mastered=0),
    )
    fire = rows[0]
    assert (fire.learning, fire.unseen, fire.mastered_percent) == (1, 1, 33)
    assert breakdown([], []) == ()


def test_the_week_starts_on_monday_and_the_month_on_the_first():
    wednesday = date(2026, 12, 2)
    assert period_start(Period.WEEK, wednesday) == date(2026, 11, 30)
    assert period_start(Period.WEEK, date(2026, 11, 30)) == date(2026, 11, 30)
    assert period_start(Period.MONTH, wednesday) == date(2026, 12, 1)
    assert Period.parse("month") is Period.MONTH
    assert Period.parse("year") is Period.WEEK
    assert Period.parse(None) is Period.WEEK


def test_more_questions_first_then_accuracy_ties_share_a_rank_idle_members_last():
    ranked = standings(
        [
            Tally(1, "甲", answered=10, correct=5),
            Tally(2, "乙", answered=12, correct=6),
            Tally(3, "丙", answered=10, correct=9),
            Tally(4, "丁", answered=0),
            Tally(5, "戊", answered=10, correct=5),
            Tally(6, "己", answered=20, correct=10),
            Tally(7, "庚", answered=4, correct=2),
        ]
    )
    assert [(s.rank, s.tally.name) for s in ranked] == [
        (1, "己"),
        (2, "乙"),
        (3, "丙"),
        (4, "戊"),  # level with 甲 on questions and accuracy: same rank, by name
        (4, "甲"),
        (6, "庚"),
        (None, "丁"),
    ]
    assert ranked[2].tally.accuracy == Fraction(9, 10)
    assert ranked[2].tally.accuracy_percent == 90
    assert ranked[-1].tally.accuracy_percent is None
