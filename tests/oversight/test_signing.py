"""The signed record: each inspector with their password and a drawn signature, the
representative by drawing, all on the inspector's device; filed only when all have
signed; the seal covers the signatures and the page says whether it still matches."""

from __future__ import annotations

import base64

import pytest
from django.test import Client
from django.urls import reverse

from oversight import inspections, record_signing
from oversight.inspections import InspectionError
from oversight.models import CheckKind, CheckResult, InspectionState
from oversight.sealing import record_content, seal_matches
from safetykb.models import AuditEvent, AuditKind
from safetykb.signatures.models import Signature
from safetykb.signatures.services import verify
from tests.factories import TEST_PASSWORD
from tests.oversight.world import PNG, build_world, sign_all, started

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def awaiting(world):
    inspection = started(world)
    for kind in CheckKind.values:
        inspections.record_check(
            inspection, kind, actor=world.inspector1.user, result=CheckResult.MEETS, notes=""
        )
    return inspections.move(
        inspection, InspectionState.AWAITING_SIGNATURES, actor=world.inspector1.user
    )


def test_filing_waits_for_every_signature(world, awaiting):
    with pytest.raises(
        InspectionError, match="尚未签名：检查员甲、检查员乙、甲负责人（被检查单位）"
    ):
        inspections.move(awaiting, InspectionState.FILED, actor=world.inspector1.user)
    sign_all(world, awaiting)
    filed = inspections.move(awaiting, InspectionState.FILED, actor=world.inspector1.user)
    assert seal_matches(filed) is True
    content = record_content(filed)
    assert all(verify(s, content) for s in Signature.objects.for_object(filed))
    assert AuditEvent.objects.filter(kind=AuditKind.SIGNED).count() == 3


def test_a_wrong_password_or_no_drawing_does_not_sign(world, awaiting):
    with pytest.raises(InspectionError, match="登录密码不正确"):
        record_signing.sign_as_inspector(
            awaiting,
            actor=world.inspector1.user,
            inspector_user_id=world.inspector2.user_id,
            password="wrong",
            drawn_png=PNG,
        )
    with pytest.raises(InspectionError, match="请先在签名框内手写签名"):
        record_signing.png_from_data_url("")
    with pytest.raises(InspectionError, match="不是本次检查的检查人员"):
        record_signing.sign_as_inspector(
            awaiting,
            actor=world.inspector1.user,
            inspector_user_id=world.bystander.user_id,
            password=TEST_PASSWORD,
            drawn_png=PNG,
        )
    assert not Signature.objects.for_object(awaiting).exists()


def test_once_someone_signed_the_record_cannot_go_back_on_site(world, awaiting):
    record_signing.sign_as_representative(awaiting, actor=world.inspector2.user, drawn_png=PNG)
    with pytest.raises(InspectionError, match="已有人签名"):
        inspections.move(awaiting, InspectionState.ON_SITE, actor=world.inspector1.user)


def test_signing_on_the_inspectors_device_and_the_seal_on_the_page(world, awaiting):
    device = Client()
    device.login(username=world.inspector1.user.username, password=TEST_PASSWORD)
    drawn = "data:image/png;base64," + base64.b64encode(PNG).decode()
    sign_url = reverse("oversight:inspection_sign", args=[awaiting.pk])
    for profile in (world.inspector1, world.inspector2):
        device.post(
            sign_url,
            {"inspector": profile.user_id, "password": TEST_PASSWORD, "drawn": drawn},
        )
    device.post(sign_url, {"as": "representative", "drawn": drawn}, HTTP_USER_AGENT="测试平板")
    assert awaiting.representative_signature.device == "测试平板"
    assert Signature.objects.for_object(awaiting).count() == 2
    device.post(reverse("oversight:inspection_move", args=[awaiting.pk]), {"to": "filed"})
    page = device.get(reverse("oversight:inspection", args=[awaiting.pk])).content.decode()
    assert 'data-seal="ok"' in page and "内容与封存一致" in page
    # Another jurisdiction's regulator cannot sign, and a bystander neither.
    for outsider in (world.regulator_j2, world.bystander):
        client = Client()
        client.login(username=outsider.user.username, password=TEST_PASSWORD)
        assert client.post(sign_url, {"as": "representative", "drawn": drawn}).status_code == 404
