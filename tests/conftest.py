"""Fixtures shared across test packages. Builders live in tests/factories.py."""

from __future__ import annotations

import pytest

from tests.factories import EnterpriseFactory, StaffProfileFactory


@pytest.fixture
def enterprise(db):
    return EnterpriseFactory()


@pytest.fixture
def worker(enterprise):
    """An on-post operator (role worker) of ``enterprise``."""
    return StaffProfileFactory(enterprise=enterprise)


@pytest.fixture
def safety_manager(enterprise):
    return StaffProfileFactory(enterprise=enterprise, safety_manager=True)


@pytest.fixture
def regulator(enterprise):
    """A regulator of ``enterprise``'s jurisdiction."""
    return StaffProfileFactory(regulator=True, jurisdiction=enterprise.jurisdiction)
