"""The match rule from ledger sessions to plan lines: pure, no database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from training.plan_progress import Attendee, LineFacts, SessionFacts, match_progress

OPERATOR = dict(level="operator", specialty="process", post="合成岗")


def who(staff_id=1, hours="4", **kw):
    return Attendee(staff_id=staff_id, hours=Decimal(hours), **{**OPERATOR, **kw})


def session(sid, on, *attendees, kind="refresher"):
    return SessionFacts(id=sid, kind=kind, on=on, attendees=attendees or (who(),))


def line(lid, month, hours="8", kind="refresher", **kw):
    return LineFacts(
        id=lid,
        level=kw.pop("level", "operator"),
        kind=kind,
        month=month,
        hours=Decimal(hours),
        order=lid,
        **kw,
    )


def test_a_session_feeds_the_line_of_its_month_with_its_hours_per_attendee():
    progress = match_progress(
        [line(1, 3), line(2, 6)],
        [session(10, dt.date(2026, 3, 5), who(1, "4"), who(2, "4"), who(3, "4"))],
        2026,
        dt.date(2026, 4, 1),
    )
    march = progress.of(1)
    assert march.delivered == Decimal(4)  # per person, not 3 × 4
    assert march.people == {1, 2, 3}
    assert progress.of(2).delivered == 0


def test_a_late_session_feeds_the_latest_earlier_line_and_an_early_one_the_next():
    progress = match_progress(
        [line(1, 3), line(2, 6)],
        [session(10, dt.date(2026, 4, 20)), session(11, dt.date(2026, 1, 9))],
        2026,
        dt.date(2026, 5, 1),
    )
    assert progress.of(1).sessions == [11, 10]  # January early, April late: both March's


def test_kind_level_specialty_and_post_must_fit():
    lines = [line(1, 3, post="储运岗"), line(2, 3, level="team_leader"), line(3, 3, kind="drill")]
    progress = match_progress(lines, [session(10, dt.date(2026, 3, 2))], 2026, dt.date(2026, 3, 3))
    assert all(p.delivered == 0 for p in progress.lines)
    assert progress.unmatched == (10,)
    fitting = match_progress(
        [line(1, 3, specialty="process", post="合成岗")],
        [session(10, dt.date(2026, 3, 2))],
        2026,
        dt.date(2026, 3, 3),
    )
    assert fitting.of(1).delivered == 4


def test_two_lines_of_one_month_are_filled_in_turn():
    progress = match_progress(
        [line(1, 3, hours="4"), line(2, 3, hours="4")],
        [session(10, dt.date(2026, 3, 2)), session(11, dt.date(2026, 3, 9))],
        2026,
        dt.date(2026, 3, 10),
    )
    assert [p.delivered for p in progress.lines] == [4, 4]


def test_a_line_is_behind_once_its_month_has_ended_short():
    lines = [line(1, 3), line(2, 4)]
    sessions = [session(10, dt.date(2026, 3, 2), who(hours="2"))]
    on_31_march = match_progress(lines, sessions, 2026, dt.date(2026, 3, 31))
    assert not on_31_march.of(1).behind
    on_1_april = match_progress(lines, sessions, 2026, dt.date(2026, 4, 1))
    assert on_1_april.of(1).behind and not on_1_april.of(2).behind
    assert on_1_april.of(1).percent == 25


def test_level_share_caps_each_line_at_its_plan():
    progress = match_progress(
        [line(1, 3, hours="4"), line(2, 6, hours="4")],
        [session(10, dt.date(2026, 3, 2), who(hours="8"))],
        2026,
        dt.date(2026, 7, 1),
    )
    (level,) = progress.levels
    assert (level.planned, level.delivered, level.counted, level.percent) == (8, 8, 4, 50)
    assert level.behind == 1


def test_sessions_of_another_year_are_ignored():
    progress = match_progress(
        [line(1, 3)], [session(10, dt.date(2025, 3, 2))], 2026, dt.date(2026, 3, 3)
    )
    assert progress.of(1).delivered == 0 and progress.unmatched == ()
