"""The inspection demo: one inspection in 准备 at the demo worker's enterprise, runnable
end to end with the demo logins, and reloading it adds nothing."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from accounts.demo import load_demo_people
from assessments.demo import ensure_bank_manager_group
from assessments.models import AttemptState
from oversight import inspections, spot_joining, spot_tests
from oversight.models import Inspection, InspectionState
from safetykb.demo.exams import load_demo_bank, load_demo_exams
from safetykb.demo.inspections import WORKER_ID_LAST4, load_demo_inspections
from tests.exams.conftest import committed

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    with committed():
        load_demo_people()
        ensure_bank_manager_group()
        load_demo_bank()
        load_demo_exams()
    return load_demo_inspections()


def test_a_visitor_can_run_the_spot_test_with_the_demo_logins_and_a_reload_adds_nothing(demo):
    assert len(demo) == 1 and WORKER_ID_LAST4 in demo[0]
    inspection = Inspection.objects.get()
    assert inspection.state == InspectionState.PREPARING
    assert inspection.inspectors.count() == 2
    users = get_user_model().objects
    regulator, worker = users.get(username="regulator"), users.get(username="worker")
    inspection = inspections.move(inspection, InspectionState.ON_SITE, actor=regulator)
    spot_tests.add_named(inspection, actor=regulator, staff_id=worker.profile.pk)
    spot_tests.draw_sample(inspection, actor=regulator, percent="10")
    spot = spot_tests.open_window(inspection, actor=regulator, minutes=20)
    attempt = spot_joining.join(worker, code=spot.join_code, last4=WORKER_ID_LAST4)
    assert attempt.state == AttemptState.IN_PROGRESS and attempt.slots.count() == 20
    # Reloading (every `make run` does) adds nothing. One test: loading the demo is slow.
    assert load_demo_inspections() == []
    assert Inspection.objects.count() == 1
