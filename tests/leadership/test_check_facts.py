"""The leadership check's measured items from the leadership register (commitment,
action plan, problems) and the training plan, and the default rubric the migration
writes: each mapped to a figure, or to "无数据" when there is nothing to measure."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from leadership import facts
from leadership.commitments import issue_commitments, sign_commitment
from leadership.models import Rubric
from leadership.scoring import ItemSort, Module
from tests.factories import TEST_PASSWORD
from tests.leadership.world import build_world

TODAY = timezone.localdate()
YEAR = TODAY.year
DUE = TODAY + dt.timedelta(days=10)  # signing today is on time


@pytest.fixture
def world(db):
    return build_world(YEAR, due=DUE)


def test_commitment_signed_on_time_pending_and_overdue(world):
    pending = facts.commitment_fact(world.principal, YEAR, TODAY)
    assert pending.value is None and "未到签订期限" in pending.figure
    overdue = facts.commitment_fact(world.principal, YEAR, DUE + dt.timedelta(days=1))
    assert overdue.value == 0 and "逾期未签订" in overdue.figure
    copies = issue_commitments(world.a, YEAR, actor=world.manager.user)
    mine = next(c for c in copies if c.staff_id == world.principal.pk)
    sign_commitment(mine, user=world.principal.user, password=TEST_PASSWORD)
    signed = facts.commitment_fact(world.principal, YEAR, DUE + dt.timedelta(days=1))
    assert signed.value == Decimal(1) and "已按时签订" in signed.figure
    assert f"{DUE:%Y-%m-%d}" in signed.figure
    assert facts.commitment_fact(world.principal, YEAR + 1, TODAY).value is None


def test_no_plan_no_problems_no_training_plan_say_so(world):
    assert facts.plan_fact(world.deputy, YEAR).value is None
    assert "无个人安全行动计划" in facts.plan_fact(world.deputy, YEAR).figure
    assert facts.problems_fact(world.deputy, YEAR).value is None
    plan = facts.training_plan_facts(world.deputy, YEAR)
    approved, delivered = plan.values()
    assert approved.value == 0 and "未编制培训计划" in approved.figure
    assert delivered.value is None


def test_the_default_rubric_has_four_modules_worth_100(db):
    rubric = Rubric.objects.get(active=True)
    items = list(rubric.items.all())
    assert {item.module for item in items} == {m.value for m in Module}
    assert sum(item.max_points for item in items) == 100
    measured = [i for i in items if i.sort == ItemSort.MEASURED.value]
    assert len(measured) == 11 and all(i.full_at is not None for i in measured)
    assert len({item.key for item in items}) == len(items)
