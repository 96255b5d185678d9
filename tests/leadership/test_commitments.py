"""Commitments: issued from the bureau's template (层层签订), signed by the person only,
on time / late / overdue against the due date, the .docx notice, tenancy."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document

from leadership import commitments as service
from leadership.models import Commitment, CommitmentTier
from leadership.plan_rules import CommitmentState
from leadership.selectors import commitment_status
from leadership.signed_steps import LeadershipError, NotAllowed
from safetykb.models import AuditEvent, AuditKind, Signature
from safetykb.signatures.services import verify
from tests.factories import TEST_PASSWORD
from tests.leadership.world import build_world

pytestmark = pytest.mark.django_db

YEAR = 2026
DUE = dt.date(YEAR, 3, 31)


@pytest.fixture
def world():
    return build_world(YEAR, due=DUE)


def client_for(staff) -> Client:
    client = Client()
    client.force_login(staff.user)
    return client


def test_issue_fills_the_template_for_principal_deputies_and_named_heads(world) -> None:
    issued = service.issue_commitments(
        world.a, YEAR, actor=world.manager.user, department_heads=[world.contact]
    )
    tiers = {c.staff: c.tier for c in issued}
    assert tiers == {
        world.principal: CommitmentTier.PRINCIPAL,
        world.deputy: CommitmentTier.DEPUTY,
        world.contact: CommitmentTier.DEPARTMENT_HEAD,
    }
    principal_copy = next(c for c in issued if c.staff == world.principal)
    assert principal_copy.body == "本人赵总，任甲化工有限公司总经理，承诺2026年度履行职责。"
    assert principal_copy.duties == [
        "建立健全并落实全员安全生产责任制",
        "组织制定并实施安全生产教育和培训计划",
    ]
    assert principal_copy.title == "2026年度安全生产承诺书"
    # Issuing again adds nobody; the template changing later leaves issued text as it was.
    assert service.issue_commitments(world.a, YEAR, actor=world.principal.user) == []
    world.template.preamble = "新的正文"
    world.template.save()
    principal_copy.refresh_from_db()
    assert principal_copy.body.startswith("本人赵总")
    assert AuditEvent.objects.filter(kind=AuditKind.COMMITMENT_ISSUED).count() == 3


def test_only_managers_of_the_enterprise_issue_and_a_template_is_needed(world) -> None:
    with pytest.raises(NotAllowed):
        service.issue_commitments(world.a, YEAR, actor=world.deputy.user)
    with pytest.raises(NotAllowed):
        service.issue_commitments(world.a, YEAR, actor=world.other_principal.user)
    with pytest.raises(LeadershipError, match="尚未发布2027年度安全承诺书模板"):
        service.issue_commitments(world.a, 2027, actor=world.manager.user)


def test_signing_is_the_signers_own_once_and_audited(world) -> None:
    service.issue_commitments(world.a, YEAR, actor=world.manager.user)
    copy = Commitment.objects.get(staff=world.deputy)
    with pytest.raises(NotAllowed, match="本人签名"):
        service.sign_commitment(copy, user=world.principal.user, password=TEST_PASSWORD)
    with pytest.raises(LeadershipError, match="密码不正确"):
        service.sign_commitment(copy, user=world.deputy.user, password="wrong")
    service.sign_commitment(copy, user=world.deputy.user, password=TEST_PASSWORD)
    copy.refresh_from_db()
    signature = Signature.objects.for_object(copy).get()
    assert signature.capacity == "committer"
    assert verify(signature, copy.signed_content())
    with pytest.raises(LeadershipError, match="已签订"):
        service.sign_commitment(copy, user=world.deputy.user, password=TEST_PASSWORD)
    event = AuditEvent.objects.get(kind=AuditKind.COMMITMENT_SIGNED)
    assert (event.staff, event.to_status) == (world.deputy, "signed")


def test_status_on_time_late_pending_overdue(world) -> None:
    shanghai = ZoneInfo("Asia/Shanghai")
    # Before anything is issued the principal still owes one: pending, then overdue.
    assert commitment_status(world.principal, YEAR, on=DUE).state == CommitmentState.PENDING
    assert commitment_status(world.principal, YEAR, on=DUE + dt.timedelta(days=1)).state == (
        CommitmentState.OVERDUE
    )
    assert commitment_status(world.operator, YEAR, on=DUE).state == CommitmentState.NOT_ISSUED
    service.issue_commitments(world.a, YEAR, actor=world.manager.user)
    on_time = Commitment.objects.get(staff=world.principal)
    late = Commitment.objects.get(staff=world.deputy)
    Commitment.objects.filter(pk=on_time.pk).update(
        signed_at=dt.datetime(YEAR, 3, 31, 23, 30, tzinfo=shanghai)
    )
    Commitment.objects.filter(pk=late.pk).update(
        signed_at=dt.datetime(YEAR, 4, 1, 0, 10, tzinfo=shanghai)
    )
    later = dt.date(YEAR, 5, 1)
    assert commitment_status(world.principal, YEAR, on=later).state == CommitmentState.ON_TIME
    status = commitment_status(world.deputy, YEAR, on=later)
    assert (status.state, status.due_date) == (CommitmentState.LATE, DUE)


def test_the_signer_signs_on_the_page_and_the_notice_holds_the_text(world) -> None:
    service.issue_commitments(world.a, YEAR, actor=world.manager.user)
    copy = Commitment.objects.get(staff=world.principal)
    principal = client_for(world.principal)
    url = reverse("leadership:commitment", args=[copy.pk])
    page = principal.get(url).content.decode()
    assert "签名承诺" in page and "本人赵总" in page
    wrong = principal.post(url, {"password": "wrong"})
    assert wrong.status_code == 400 and "密码不正确" in wrong.content.decode()
    assert principal.post(url, {"password": TEST_PASSWORD}).status_code == 302
    page = principal.get(url).content.decode()
    assert "内容未改动" in page and "签名承诺" not in page

    response = principal.get(reverse("leadership:commitment_notice", args=[copy.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "2026年度安全生产承诺书" in text
    assert "1. 建立健全并落实全员安全生产责任制" in text
    assert "承诺人：赵总（总经理）" in text and "尚未签订" not in text


def test_someone_else_cannot_sign_on_the_page(world) -> None:
    service.issue_commitments(world.a, YEAR, actor=world.manager.user)
    copy = Commitment.objects.get(staff=world.deputy)
    response = client_for(world.principal).post(
        reverse("leadership:commitment", args=[copy.pk]), {"password": TEST_PASSWORD}
    )
    assert response.status_code == 403
    assert not Signature.objects.for_object(copy).exists()


def test_overdue_shows_to_the_principal_and_the_regulator(world) -> None:
    service.issue_commitments(world.a, YEAR, actor=world.manager.user)
    url = reverse("leadership:commitments", args=[world.a.pk]) + f"?year={YEAR}"
    for viewer in (world.principal, world.regulator):
        page = client_for(viewer).get(url).content.decode()
        # The due date (31 March 2026) has passed by the time these tests run.
        assert page.count('data-state="overdue"') == 2, viewer
        overview = client_for(viewer).get(
            reverse("leadership:enterprise", args=[world.a.pk]) + f"?year={YEAR}"
        )
        text = overview.content.decode()
        assert "2026年度安全生产承诺书" in text and "未签订" in text, viewer


def test_commitment_views_and_exports_are_404_out_of_scope(world) -> None:
    service.issue_commitments(world.a, YEAR, actor=world.manager.user)
    copy = Commitment.objects.get(staff=world.deputy)
    detail = reverse("leadership:commitment", args=[copy.pk])
    notice = reverse("leadership:commitment_notice", args=[copy.pk])
    listing = reverse("leadership:commitments", args=[world.a.pk])
    for outsider in (world.other_principal, world.far_regulator):
        client = client_for(outsider)
        for url in (detail, notice, listing):
            assert client.get(url).status_code == 404, (outsider, url)
    issue = reverse("leadership:issue_commitments", args=[world.a.pk])
    assert client_for(world.other_principal).post(issue).status_code == 404
    # A colleague who is not a manager sees only their own copy.
    assert client_for(world.contact).get(detail).status_code == 404
    assert client_for(world.contact).get(notice).status_code == 404
    for viewer in (world.deputy, world.principal, world.manager, world.regulator):
        assert client_for(viewer).get(notice).status_code == 200, viewer
