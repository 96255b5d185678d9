"""The ledger's integrity rules as a safety manager meets them: nothing bad is saved."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from safetykb.models import AuditEvent, AuditKind
from tests.factories import TEST_PASSWORD
from tests.training_ledger.conftest import TODAY, record
from training.ledger import LedgerError, correct_entry
from training.models import HoursEntry, TrainingSession

pytestmark = pytest.mark.django_db


def test_a_session_gives_each_attendee_their_hours_and_the_recorder_signs(world):
    session = record(world, world.workers[:3], password=TEST_PASSWORD)
    assert HoursEntry.objects.filter(session=session).count() == 3
    signature = AuditEvent.objects.get(kind=AuditKind.SIGNED)
    assert signature.actor == world.manager_a.user
    assert AuditEvent.objects.filter(kind=AuditKind.TRAINING_RECORDED).count() == 3


def test_a_future_date_is_refused_and_nothing_is_written(world):
    with pytest.raises(LedgerError, match="日期晚于今天"):
        record(world, world.workers[:2], starts_on=TODAY() + dt.timedelta(days=1))
    assert not TrainingSession.objects.exists() and not HoursEntry.objects.exists()


def test_hours_before_the_hire_date_are_refused(world):
    newcomer = world.workers[0]
    newcomer.hire_date = TODAY() - dt.timedelta(days=2)
    newcomer.save()
    with pytest.raises(LedgerError) as refused:
        record(world, [newcomer, world.workers[1]], starts_on=TODAY() - dt.timedelta(days=5))
    assert any("早于入职日期" in p and newcomer.display_name in p for p in refused.value.problems)
    assert not HoursEntry.objects.exists()


def test_more_than_eight_hours_a_day_across_sessions_is_refused(world):
    day = TODAY() - dt.timedelta(days=1)
    person = world.workers[0]
    record(world, [person], starts_on=day, hours_per_day=Decimal(6))
    with pytest.raises(LedgerError) as refused:
        record(world, [person, world.workers[1]], starts_on=day, hours_per_day=Decimal(3))
    assert "当天培训合计 9 学时（已登记 6，本次 3）" in refused.value.problems[0]
    assert TrainingSession.objects.count() == 1  # the second session wrote nothing at all
    assert not HoursEntry.objects.filter(staff=world.workers[1]).exists()


def test_the_daily_cap_is_a_setting(world, settings):
    settings.TRAINING_MAX_HOURS_PER_DAY = 10
    record(world, [world.workers[0]], hours_per_day=Decimal(10))
    assert HoursEntry.objects.get().hours == 10


def test_a_multi_day_session_is_checked_day_by_day(world):
    start = TODAY() - dt.timedelta(days=4)
    session = record(
        world, [world.workers[0]], starts_on=start, ends_on=start + dt.timedelta(days=2)
    )
    assert list(session.entries.values_list("on", flat=True)) == [
        start + dt.timedelta(days=n) for n in range(3)
    ]


def test_off_post_hours_need_an_open_programme(world):
    with pytest.raises(LedgerError, match="未因考核不合格转脱产培训"):
        record(world, [world.workers[0]], kind="off_post")


def test_a_correction_is_a_new_entry_saying_why_and_the_old_one_stays(world):
    person = world.workers[0]
    session = record(world, [person], hours_per_day=Decimal(4))
    entry = session.entries.get()
    correction = correct_entry(
        entry,
        actor=world.manager_a.user,
        hours=Decimal(2),
        on=entry.on,
        reason="签到表核对：下午未参加",
    )
    assert HoursEntry.objects.filter(staff=person).count() == 2
    assert correction.corrects == entry and correction.recorded_by == world.manager_a.user
    from training.compliance import person_hours

    assert person_hours(person, entry.on.year).done == 2
    event = AuditEvent.objects.filter(staff=person, data__correction=correction.pk).get()
    assert event.actor == world.manager_a.user
    assert "4 学时 → " in event.reason and "2 学时" in event.reason
    assert "签到表核对：下午未参加" in event.reason
    with pytest.raises(LedgerError, match="已被更正过"):
        correct_entry(
            entry, actor=world.manager_a.user, hours=Decimal(1), on=entry.on, reason="再改"
        )
    with pytest.raises(LedgerError, match="请填写更正原因"):
        correct_entry(
            correction, actor=world.manager_a.user, hours=Decimal(1), on=entry.on, reason=" "
        )


def test_a_correction_to_zero_withdraws_the_hours(world):
    person = world.workers[0]
    entry = record(world, [person]).entries.get()
    correct_entry(entry, actor=world.manager_a.user, hours=Decimal(0), on=entry.on, reason="未到场")
    from training.compliance import person_hours

    assert person_hours(person, entry.on.year).done == 0


def test_a_correction_obeys_the_daily_cap(world):
    person = world.workers[0]
    day = TODAY() - dt.timedelta(days=1)
    record(world, [person], starts_on=day, hours_per_day=Decimal(5))
    entry = record(world, [person], starts_on=day, hours_per_day=Decimal(3)).entries.get()
    with pytest.raises(LedgerError, match="超过每人每天 8 学时"):
        correct_entry(entry, actor=world.manager_a.user, hours=Decimal(4), on=day, reason="补记")


def test_entries_and_sessions_are_append_only(world):
    session = record(world, [world.workers[0]])
    entry = session.entries.get()
    entry.hours = Decimal(8)
    with pytest.raises(ValueError, match="只能追加"):
        entry.save()
    with pytest.raises(ValueError, match="只能追加"):
        HoursEntry.objects.all().update(hours=1)
    with pytest.raises(ValueError, match="只能追加"):
        session.delete()


def test_only_the_enterprises_safety_manager_records(world):
    from tests.training_ledger.conftest import session_input
    from training.ledger import record_session

    for actor in (world.principal_a, world.manager_b, world.workers[0], world.regulator_1):
        with pytest.raises(LedgerError, match="安全管理员"):
            record_session(
                world.a, session_input(), [world.workers[1]], actor=actor.user, password=None
            )


def test_people_of_another_enterprise_cannot_be_recorded(world):
    with pytest.raises(LedgerError, match="不属于本企业"):
        record(world, [world.workers[0], world.worker_b])
    assert not HoursEntry.objects.exists()


def test_a_wrong_password_writes_nothing(world):
    with pytest.raises(LedgerError, match="密码不正确"):
        record(world, [world.workers[0]], password="wrong")
    assert not TrainingSession.objects.exists()
