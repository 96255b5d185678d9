"""The exam world (tests/exams) plus certificate builders."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.exams.conftest import committed, login  # noqa: F401  (re-exported)
from tests.exams.conftest import world as exam_world
from training.certificates import CertificateInput, record_certificate
from training.models.certificates import OperationCategory
from training.rules.certificates import CertificateKind


def today() -> dt.date:
    return timezone.localdate()


def category(name: str) -> OperationCategory:
    return OperationCategory.objects.get(name=name)


def certify(
    staff,
    manager,
    *,
    kind=CertificateKind.SPECIAL_OPERATION,
    number="T-1",
    days=400,
    category_name="低压电工作业",
    review_days=None,
):
    """A certificate for ``staff`` expiring ``days`` from today, recorded by ``manager``."""
    return record_certificate(
        staff,
        CertificateInput(
            kind=kind,
            number=number,
            issuer="长治市应急管理局",
            issued_on=today() - dt.timedelta(days=365),
            expires_on=today() + dt.timedelta(days=days) if days is not None else None,
            review_due_on=today() + dt.timedelta(days=review_days) if review_days else None,
            category=category(category_name)
            if kind in (CertificateKind.SPECIAL_OPERATION, CertificateKind.SPECIAL_EQUIPMENT)
            else None,
        ),
        actor=manager.user,
    )


@pytest.fixture
def world(db):
    """The exam world: J1 with enterprises A and B, J2 with C, a routine round each."""
    return exam_world.__wrapped__(db)


@pytest.fixture
def electrician(world):
    """worker_a as a special operator doing 低压电工作业 and 登高架设作业."""
    from training.certificates import set_operation_duties

    member = world.worker_a
    member.level = "special_operator"
    member.save(update_fields=["level"])
    set_operation_duties(
        member,
        [category("低压电工作业"), category("登高架设作业")],
        actor=world.safety_manager_a.user,
    )
    return member
