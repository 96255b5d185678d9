"""The demo plans: 晋恒化工's approved and signed, 康源制药's a draft with a warning; a
second load adds nothing."""

from __future__ import annotations

import pytest

from accounts.demo import load_demo_people
from safetykb.demo.training_plans import load_demo_plans
from safetykb.models import Signature
from training.models import PlanStatus, TrainingPlan
from training.plan_selectors import minimum_report, plan_lines

pytestmark = pytest.mark.django_db


def test_demo_plans_load_once():
    load_demo_people()
    assert len(load_demo_plans()) == 2
    jh = TrainingPlan.objects.get(enterprise__name__contains="晋恒化工")
    ky = TrainingPlan.objects.get(enterprise__name__contains="康源制药")
    assert jh.status == PlanStatus.APPROVED
    assert Signature.objects.for_object(jh).get().signer.username == "principal"
    assert ky.status == PlanStatus.DRAFT
    assert minimum_report(ky, plan_lines(ky)).warnings  # the principal's 8 h < 12
    assert minimum_report(jh, plan_lines(jh)).warnings == []
    assert load_demo_plans() == []
    assert TrainingPlan.objects.count() == 2
