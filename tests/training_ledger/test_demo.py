"""The demo ledger: every enterprise has a year of sessions, new hires their 三级教育,
one person is short of refresher hours, and a second run adds nothing."""

from __future__ import annotations

import pytest
from django.utils import timezone

from accounts.models import Enterprise, StaffProfile
from accounts.vocab import Level
from training.compliance import enterprise_rollup, person_hours
from training.models import HoursEntry, TrainingSession
from training.rules.hours import HoursStatus

pytestmark = pytest.mark.django_db


def test_the_demo_ledger(db):
    from accounts.demo import load_demo_people
    from safetykb.demo.training_ledger import load_demo_ledger

    load_demo_people()
    lines = load_demo_ledger()
    assert len(lines) == Enterprise.objects.count() and all("次培训活动" in line for line in lines)
    year = timezone.localdate().year
    for enterprise in Enterprise.objects.all():
        assert TrainingSession.objects.filter(enterprise=enterprise, kind="plant_level").exists()
        deputy = StaffProfile.objects.get(enterprise=enterprise, level=Level.DEPUTY_PRINCIPAL)
        short = person_hours(deputy, year)
        assert short.status == HoursStatus.SHORT and short.shortfall > 0
        rollup = enterprise_rollup(enterprise, year)
        assert deputy in [p.staff for p in rollup.short]
        for hire in StaffProfile.objects.filter(enterprise=enterprise, level=Level.NEW_HIRE):
            assert not person_hours(hire, year).before_working_alone
    entries = HoursEntry.objects.count()
    assert load_demo_ledger() == [] and HoursEntry.objects.count() == entries
