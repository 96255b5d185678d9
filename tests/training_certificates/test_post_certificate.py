"""The 上岗合格证: issued on a pass, suspended off post, reinstated on sign-back; its
public verification page shows only the masked fields; a forged code is a 404."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.vocab import StaffStatus
from safetykb.models import AuditEvent, AuditKind
from tests.exams.test_training_loop import sit, training_form
from training.certificates import issue_missing_post_certificates, issue_post_certificate
from training.models.certificates import Certificate
from training.rules.certificates import CertificateKind

from .conftest import login

pytestmark = pytest.mark.django_db


def verify(client, certificate):
    client.logout()
    return client.get(reverse("training:verify", args=[certificate.token]))


def test_a_pass_issues_a_verifiable_post_certificate(client, world):
    worker = world.worker_a
    attempt = sit(client, worker, world.exam_a.assignments.get(staff=worker), correct=True)
    certificate = Certificate.objects.get(staff=worker, kind=CertificateKind.POST)
    assert certificate.source_attempt == attempt and certificate.post == "合成岗"
    assert not certificate.suspended and certificate.number.startswith(f"SG{world.a.pk:04d}-")
    event = AuditEvent.objects.get(kind=AuditKind.CERTIFICATE_ISSUED)
    assert event.actor is None and "自动发放上岗合格证" in event.rule
    # Delivered again (the daily catch-up): nothing new.
    assert issue_post_certificate(attempt.pk) is None
    assert issue_missing_post_certificates() == 0
    assert Certificate.objects.filter(kind=CertificateKind.POST).count() == 1

    page = verify(client, certificate)
    html = page.content.decode()
    assert page.status_code == 200
    assert "甲*工" in html and world.a.name in html and "合成岗" in html
    assert 'data-verify="valid"' in html and "<strong>有效</strong>" in html
    # Nothing beyond those fields: no full name, number, 工号 or dates.
    for secret in (
        "甲员工",
        certificate.number,
        worker.employee_no,
        str(certificate.expires_on.year),
    ):
        assert secret not in html

    # The holder sees the QR code and the link on their certificates page.
    mine = login(client, worker).get(reverse("training:person_certificates", args=[worker.pk]))
    assert "<svg" in mine.content.decode() and certificate.token in mine.content.decode()


def test_off_post_suspends_and_sign_back_reinstates(client, world):
    worker, manager = world.worker_a, world.safety_manager_a
    sit(client, worker, world.exam_a.assignments.get(staff=worker), correct=True)
    certificate = Certificate.objects.get(staff=worker, kind=CertificateKind.POST)

    # A surprise fail sends them off post: the certificate is suspended at once.
    from tests.exams.builders import make_assessment

    surprise = make_assessment(world.blueprint_1, world.a, staff=[worker], kind="surprise")
    sit(client, worker, surprise.assignments.get(staff=worker), correct=False)
    worker.refresh_from_db()
    certificate.refresh_from_db()
    assert worker.status == StaffStatus.OFF_POST_TRAINING and certificate.suspended
    suspended = AuditEvent.objects.get(kind=AuditKind.CERTIFICATE_SUSPENDED)
    assert (suspended.from_status, suspended.to_status) == ("valid", "suspended")
    assert "<strong>暂停</strong>" in verify(client, certificate).content.decode()

    # Hours, a passed re-test (no second certificate: theirs is suspended, not gone)…
    programme = worker.training_programmes.get()
    login(client, manager)
    # The failure was three weeks ago; the hours fall on separate days since (8 h a day at most).
    type(programme).objects.filter(pk=programme.pk).update(
        started_at=timezone.now() - timedelta(days=21)
    )
    for day in range(1, 10):
        client.post(
            reverse("training:record_training", args=[programme.pk]),
            training_form("8", day=timezone.localdate() - timedelta(days=day)),
        )
    programme.refresh_from_db()
    retest = programme.retest.assignments.get(staff=worker)
    assert sit(client, worker, retest, correct=True).passed
    assert Certificate.objects.filter(staff=worker, kind=CertificateKind.POST).count() == 1
    certificate.refresh_from_db()
    assert certificate.suspended  # still off post until signed back

    # …and the sign-back reinstates it.
    login(client, manager).post(
        reverse("training:sign_back", args=[programme.pk]), {"remark": "同意复岗"}
    )
    certificate.refresh_from_db()
    assert not certificate.suspended
    reinstated = AuditEvent.objects.get(kind=AuditKind.CERTIFICATE_REINSTATED)
    assert reinstated.actor == manager.user and "签字复岗" in reinstated.reason
    assert "<strong>有效</strong>" in verify(client, certificate).content.decode()


def test_a_retest_pass_without_a_certificate_issues_one_suspended_until_sign_back(client, world):
    worker, manager = world.worker_a, world.safety_manager_a
    sit(client, worker, world.exam_a.assignments.get(staff=worker), correct=False)
    programme = worker.training_programmes.get()
    login(client, manager)
    # The failure was three weeks ago; the hours fall on separate days since (8 h a day at most).
    type(programme).objects.filter(pk=programme.pk).update(
        started_at=timezone.now() - timedelta(days=21)
    )
    for day in range(1, 10):
        client.post(
            reverse("training:record_training", args=[programme.pk]),
            training_form("8", day=timezone.localdate() - timedelta(days=day)),
        )
    programme.refresh_from_db()
    sit(client, worker, programme.retest.assignments.get(staff=worker), correct=True)
    certificate = Certificate.objects.get(staff=worker, kind=CertificateKind.POST)
    assert certificate.suspended
    login(client, manager).post(
        reverse("training:sign_back", args=[programme.pk]), {"remark": "同意"}
    )
    certificate.refresh_from_db()
    assert not certificate.suspended


@pytest.mark.parametrize(
    "token",
    ["A" * 22, "forged-token-not-ours!", "short", "x" * 200],
)
def test_a_forged_or_unknown_code_says_so(client, world, token):
    response = client.get(reverse("training:verify", args=[token]))
    assert response.status_code == 404
    assert "查无此证" in response.content.decode()


def test_an_expired_certificate_says_so(client, world):
    import datetime as dt

    worker = world.worker_a
    sit(client, worker, world.exam_a.assignments.get(staff=worker), correct=True)
    certificate = Certificate.objects.get(staff=worker, kind=CertificateKind.POST)
    Certificate.objects.filter(pk=certificate.pk).update(expires_on=dt.date(2020, 1, 1))
    assert "<strong>已过期</strong>" in verify(client, certificate).content.decode()
