"""A certificate record is corrected by a new one saying why; the old one stays."""

from __future__ import annotations

import dataclasses

import pytest

from safetykb.models import AuditEvent, AuditKind
from training.certificate_status import certificate_gaps
from training.certificates import CertificateError, CertificateInput, correct_certificate
from training.models.certificates import Certificate
from training.rules.certificates import CertificateKind, GapState

from .conftest import category, certify, today

pytestmark = pytest.mark.django_db


def test_a_correction_is_a_new_record_with_its_reason(world, electrician):
    manager = world.safety_manager_a
    wrong = certify(electrician, manager, number="T-TYPO", days=-1)
    fixed = CertificateInput(
        kind=CertificateKind.SPECIAL_OPERATION,
        number="T-1001",
        expires_on=wrong.expires_on.replace(year=wrong.expires_on.year + 6),
        category=category("低压电工作业"),
    )
    with pytest.raises(CertificateError, match="请说明更正原因"):
        correct_certificate(wrong, fixed, actor=manager.user, reason=" ")
    with pytest.raises(CertificateError, match="只有本企业的安全管理员"):
        correct_certificate(wrong, fixed, actor=world.safety_manager_b.user, reason="录错")
    new = correct_certificate(wrong, fixed, actor=manager.user, reason="证书编号录错")
    assert new.replaces == wrong and Certificate.objects.count() == 2
    event = AuditEvent.objects.get(kind=AuditKind.CERTIFICATE_CORRECTED)
    assert "证书编号录错" in event.reason and "T-TYPO" in event.reason and "T-1001" in event.reason
    # Only the latest record counts, and the old one cannot be corrected again.
    gaps = certificate_gaps(world.a.staff.filter(pk=electrician.pk), today())
    assert [(g.category, g.state) for g in gaps] == [("登高架设作业", GapState.MISSING)]
    with pytest.raises(CertificateError, match="已被更正过"):
        correct_certificate(
            wrong, dataclasses.replace(fixed, number="T-2"), actor=manager.user, reason="再改"
        )
