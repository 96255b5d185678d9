"""The ledger's reminders: people short of hours reach their managers' notice list once a
quarter, with a link to the person's hours."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.training_ledger.conftest import TODAY, record
from training.models.notices import Notice
from training.notices import build_notices

pytestmark = pytest.mark.django_db


def test_people_short_of_hours_get_one_notice_a_quarter(world):
    full = world.workers[0]
    for n in range(3):  # 24 h of refresher training: this worker owes nothing more
        record(world, [full], starts_on=TODAY() - dt.timedelta(days=n), hours_per_day=Decimal(8))
    build_notices(TODAY())
    short = Notice.objects.filter(kind="hours_short", enterprise=world.a)
    named = {notice.staff_id for notice in short}
    assert full.pk not in named
    assert world.workers[1].pk in named  # nothing recorded: short
    notice = short.get(staff=world.workers[1])
    assert "学时：" in notice.title and notice.url == reverse(
        "training:person_hours", args=[world.workers[1].pk]
    )
    # Each enterprise's list names only its own people.
    assert all(
        n.staff.enterprise_id == world.b.pk for n in Notice.objects.filter(enterprise=world.b)
    )
    today = TODAY()
    quarter_start = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    build_notices(quarter_start)  # another day of the same quarter: nothing new
    assert Notice.objects.filter(kind="hours_short", enterprise=world.a).count() == short.count()
