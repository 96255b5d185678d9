"""Plan progress from hand-built ledger sessions: matched lines, corrections, behind lines."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from accounts.vocab import Level
from tests.factories import person
from tests.training_plans.builders import PlanWorld, line
from training import plans
from training.ledger import SessionInput, correct_entry, record_session
from training.plan_selectors import plan_lines, plan_progress
from training.rules.hours import TrainingKind

pytestmark = pytest.mark.django_db

YEAR = 2025


def held(world, on, people, hours="4", kind=TrainingKind.REFRESHER, title="再培训"):
    return record_session(
        world.enterprise,
        SessionInput(
            kind=kind,
            title=title,
            starts_on=on,
            hours_per_day=Decimal(hours),
            trainer_name="安全科",
        ),
        people,
        actor=world.manager.user,
        password=None,
    )


def test_delivered_hours_fill_matching_lines_and_late_lines_show_behind():
    world = PlanWorld()
    operators = [person(f"操作工{n}", enterprise=world.enterprise, post="合成岗") for n in range(3)]
    leader = person("班长", enterprise=world.enterprise, level=Level.TEAM_LEADER)
    plan = world.draft(
        YEAR,
        line(month=3, hours="8", course="三月再培训"),
        line(month=6, hours="8", course="六月再培训"),
        line(level=Level.TEAM_LEADER, month=5, hours="4", course="班组长培训"),
        line(month=9, kind=TrainingKind.DRILL, hours="2", course="应急演练"),
    )
    held(world, dt.date(YEAR, 3, 10), operators)
    held(world, dt.date(YEAR, 3, 17), operators[:1])
    held(world, dt.date(YEAR, 5, 12), [leader])
    # A drill in September for the team leader only: no operator line of that kind fits him.
    held(world, dt.date(YEAR, 9, 1), [leader], hours="2", kind=TrainingKind.DRILL)

    lines = {ln.course: ln for ln in plan_lines(plan)}
    progress = plan_progress(plan, list(lines.values()), today=dt.date(YEAR, 10, 1))
    march, june = progress.of(lines["三月再培训"].pk), progress.of(lines["六月再培训"].pk)
    assert (march.delivered, march.percent, march.behind) == (Decimal(8), 100, False)
    assert len(march.people) == 3
    assert (june.delivered, june.behind) == (0, True)
    assert progress.of(lines["班组长培训"].pk).complete
    assert progress.of(lines["应急演练"].pk).behind
    levels = {lv.level: lv for lv in progress.levels}
    assert (levels["operator"].planned, levels["operator"].counted) == (Decimal(18), Decimal(8))
    assert levels["operator"].behind == 2
    assert len(progress.unmatched) == 1  # the team leader's drill


def test_a_corrected_entry_stops_counting():
    world = PlanWorld()
    worker = person("操作工", enterprise=world.enterprise)
    plan = world.draft(YEAR, line(month=3, hours="4"))
    session = held(world, dt.date(YEAR, 3, 10), [worker])
    entry = session.entries.get()
    correct_entry(
        entry, hours=Decimal(0), on=entry.on, reason="当天未到场", actor=world.manager.user
    )
    lines = plan_lines(plan)
    assert plan_progress(plan, lines, today=dt.date(YEAR, 4, 1)).of(lines[0].pk).behind


def test_another_enterprises_sessions_never_count():
    world, other = PlanWorld(), PlanWorld("康源制药")
    plan = world.draft(YEAR, line(month=3, hours="4"))
    held(other, dt.date(YEAR, 3, 10), [person("外企操作工", enterprise=other.enterprise)])
    lines = plan_lines(plan)
    assert plan_progress(plan, lines, today=dt.date(YEAR, 4, 1)).of(lines[0].pk).delivered == 0


def test_copy_keeps_lines_but_progress_reads_only_the_plans_year():
    world = PlanWorld()
    worker = person("操作工", enterprise=world.enterprise)
    last = world.draft(YEAR - 1, line(month=3, hours="4"))
    plans.approve_plan(last, user=world.principal.user, password="test-pass-123")
    held(world, dt.date(YEAR - 1, 3, 10), [worker])
    this = plans.create_plan(world.enterprise, YEAR, actor=world.manager.user, copy_from=last)
    lines = plan_lines(this)
    assert plan_progress(this, lines, today=dt.date(YEAR, 4, 1)).of(lines[0].pk).delivered == 0
