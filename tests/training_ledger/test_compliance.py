"""Compliance against hand-built ledgers: what the person and the roll-up show."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from accounts.models import StaffProfile
from accounts.vocab import Level
from tests.factories import person
from tests.training_ledger.conftest import TODAY, record
from training.compliance import enterprise_rollup, people_short_of_hours, person_hours
from training.models import StatutoryHoursRule
from training.rules.hours import HoursStatus

pytestmark = pytest.mark.django_db


def days_ago(n: int) -> dt.date:
    return TODAY() - dt.timedelta(days=n)


@pytest.fixture
def year():
    return TODAY().year


def refresh(world, people, hours, day):
    """``hours`` of 年度再培训 over whole 8-hour days and a remainder, ending ``day``."""
    while hours > 0:
        chunk = min(hours, 8)
        record(world, people, starts_on=day, hours_per_day=Decimal(chunk))
        hours -= chunk
        day -= dt.timedelta(days=1)


def test_the_rules_table_is_prefilled_with_its_legal_source(world):
    rule = StatutoryHoursRule.objects.get(code="staff_refresher_high_risk")
    assert rule.hours == 20 and "第十三条" in rule.source and rule.units == "high_risk"
    assert StatutoryHoursRule.objects.get(code="management_initial").hours == 32


def test_a_hazchem_worker_with_twenty_hours_is_met_and_with_twelve_is_short(world, year):
    full, short = world.workers[0], world.workers[1]
    if TODAY().timetuple().tm_yday < 4:
        pytest.skip("needs three days of the current year")
    refresh(world, [full, short], 8, days_ago(0))
    refresh(world, [full, short], 4, days_ago(1))
    refresh(world, [full], 8, days_ago(2))
    got = person_hours(full, year)
    assert got.status == HoursStatus.MET and got.done == 20 and got.percent == 100
    got = person_hours(short, year)
    assert got.status == HoursStatus.SHORT and got.shortfall == 8 and got.percent == 60


def test_a_new_hire_owes_three_level_education_before_working_alone(world, year):
    newcomer = person(
        "新员工",
        enterprise=world.a,
        hire_date=days_ago(2),
        employee_no="N0001",
        department=world.workshop,
    )
    got = person_hours(newcomer, year)
    assert got.status == HoursStatus.PRE_POST_INCOMPLETE
    titles = [o.rule.title for o in got.before_working_alone]
    assert "上岗前三级安全教育：厂级" in titles and any(
        "72" in str(o.rule.hours) for o in got.before_working_alone
    )
    record(world, [newcomer], kind="plant_level", starts_on=days_ago(1), hours_per_day=Decimal(8))
    record(
        world, [newcomer], kind="workshop_level", starts_on=days_ago(0), hours_per_day=Decimal(8)
    )
    titles = [o.rule.title for o in person_hours(newcomer, year).before_working_alone]
    assert "上岗前三级安全教育：厂级" not in titles and "上岗前三级安全教育：班组级" in titles


def test_people_hired_before_the_ledger_owe_no_three_level_record(world, year):
    got = person_hours(world.workers[0], year)
    assert not got.before_working_alone
    assert [o.rule.code for o in got.obligations] == ["staff_refresher_high_risk"]


def test_a_principal_owes_sixteen_hours_a_year_in_a_hazchem_unit(world, year):
    got = person_hours(world.principal_a, year)
    assert [(o.rule.code, o.rule.hours) for o in got.obligations] == [
        ("management_refresher_high_risk", 16)
    ]


def test_editing_the_rules_table_changes_what_is_owed(world, year):
    StatutoryHoursRule.objects.filter(code="staff_refresher_high_risk").update(hours=Decimal(4))
    record(world, [world.workers[0]], hours_per_day=Decimal(4), starts_on=days_ago(0))
    assert person_hours(world.workers[0], year).status == HoursStatus.MET


def test_the_people_short_are_sorted_by_how_short(world, year):
    a, b, c = world.workers[:3]
    record(world, [a], hours_per_day=Decimal(8), starts_on=days_ago(0))
    record(world, [b], hours_per_day=Decimal(2), starts_on=days_ago(0))
    short = people_short_of_hours(StaffProfile.objects.filter(pk__in=[a.pk, b.pk, c.pk]), year)
    assert [p.staff for p in short] == [c, b, a]
    assert [p.shortfall for p in short] == [20, 18, 12]


def test_the_rollup_groups_by_department_level_and_post(world, year):
    clerk = person(
        "办公室员工",
        enterprise=world.a,
        hire_date=dt.date(2015, 1, 1),
        post="",
        level=Level.OPERATOR,
    )
    refresh(world, [world.workers[0]], 20, days_ago(0))
    rollup = enterprise_rollup(world.a, year)
    assert rollup.total.people == 13  # ten workers, the clerk, the manager, the principal
    assert rollup.total.met == 1
    by_department = {g.label: g for g in rollup.by_department}
    assert by_department["合成车间"].people == 10 and by_department["合成车间"].met == 1
    assert by_department["未分配部门"].people == 3
    by_level = {g.label: g.people for g in rollup.by_level}
    assert by_level["主要负责人"] == 1 and by_level["操作人员"] == 11
    assert "未设岗位" in {g.label for g in rollup.by_post}
    assert rollup.short[0].shortfall == 20 and world.workers[0] not in [
        p.staff for p in rollup.short
    ]
    assert clerk in [p.staff for p in rollup.people]


def test_the_rollup_costs_a_fixed_number_of_queries(world, year, django_assert_max_num_queries):
    for n in range(5):
        record(world, world.workers, hours_per_day=Decimal(1), starts_on=days_ago(n))
    with django_assert_max_num_queries(6):
        rollup = enterprise_rollup(world.a, year)
        assert len(rollup.people) == 12
