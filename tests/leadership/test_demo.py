"""The leadership demo for 晋恒化工: loaded twice, it holds what the issue asks for."""

from __future__ import annotations

import pytest

from accounts.demo import load_demo_people
from leadership.models import (
    ActionPlan,
    Commitment,
    HazardGuarantor,
    KeyPlace,
    MajorHazardSource,
    PlaceKind,
    ProblemStatus,
)
from leadership.plan_rules import CommitmentState
from leadership.selectors import commitment_status, open_problems, plan_completion
from safetykb.demo.leadership import load_demo_leadership
from safetykb.models import Signature

pytestmark = pytest.mark.django_db


def test_demo_loads_twice_with_hazards_commitments_plans_and_problems() -> None:
    load_demo_people()
    load_demo_leadership()
    assert load_demo_leadership() == ["安全领导力演示数据已存在，跳过"]

    sources = MajorHazardSource.objects.filter(enterprise__name__contains="晋恒")
    assert sources.count() == 2
    assert HazardGuarantor.objects.filter(source__in=sources).count() == 6
    devices = KeyPlace.objects.filter(enterprise__name__contains="晋恒", kind=PlaceKind.KEY_DEVICE)
    assert devices.count() == 3 and all(d.contact_id for d in devices)

    copies = Commitment.objects.filter(enterprise__name__contains="晋恒")
    unsigned = copies.filter(signed_at__isnull=True)
    assert unsigned.count() == 1 and unsigned.get().tier == "deputy"
    signed = copies.filter(signed_at__isnull=False).first()
    assert Signature.objects.for_object(signed).exists()
    principal = copies.get(tier="principal").staff
    assert commitment_status(principal, signed.year).state == CommitmentState.ON_TIME

    deputy = unsigned.get().staff
    assert ActionPlan.objects.filter(enterprise=principal.enterprise).count() == 4
    assert plan_completion(deputy, signed.year).share is not None
    statuses = sorted(p.status for p in deputy.problems_found.all())
    assert statuses.count(ProblemStatus.CONFIRMED) == 2 and ProblemStatus.OPEN in statuses
    assert open_problems(principal.enterprise).count() == 3
    assert deputy.user.check_password("SafetyKB-2024")


def test_demo_pages_render_for_the_principal_and_the_deputy() -> None:
    from django.test import Client
    from django.urls import reverse

    from leadership.models import Problem

    load_demo_people()
    load_demo_leadership()
    deputy_copy = Commitment.objects.get(tier="deputy")
    principal_copy = Commitment.objects.get(tier="principal")
    principal, deputy = principal_copy.staff, deputy_copy.staff
    confirmed = Problem.objects.filter(status=ProblemStatus.CONFIRMED).first()
    client = Client()
    client.force_login(principal.user)
    own = client.get(reverse("leadership:leader", args=[principal.pk]))
    assert own.status_code == 200
    assert f'data-leader="{deputy.pk}"' in own.content.decode()  # the roll-up
    for url in (
        reverse("leadership:leader", args=[deputy.pk]),
        reverse("leadership:enterprise", args=[principal.enterprise_id]),
        reverse("leadership:commitments", args=[principal.enterprise_id]),
        reverse("leadership:commitment", args=[principal_copy.pk]),
        reverse("leadership:problem", args=[confirmed.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    problem_page = client.get(reverse("leadership:problem", args=[confirmed.pk])).content.decode()
    assert problem_page.count("内容未改动") == 2  # closed and confirmed, both signed
    deputy_client = Client()
    deputy_client.force_login(deputy.user)
    page = deputy_client.get(reverse("leadership:commitment", args=[deputy_copy.pk]))
    assert "签名承诺" in page.content.decode()  # the missing one, waiting for them
