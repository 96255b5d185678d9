"""Fixtures shared across test packages. Builders live in tests/factories.py."""

from __future__ import annotations

import pytest


@pytest.fixture
def enterprise(db):
    # Factories import models, so they load inside fixtures: pure test packages can then
    # run with `-p no:django`.
    from tests.factories import EnterpriseFactory

    return EnterpriseFactory()


@pytest.fixture
def worker(enterprise):
    """An on-post operator (role worker) of ``enterprise``."""
    from tests.factories import StaffProfileFactory

    return StaffProfileFactory(enterprise=enterprise)


@pytest.fixture
def safety_manager(enterprise):
    from tests.factories import StaffProfileFactory

    return StaffProfileFactory(enterprise=enterprise, safety_manager=True)


@pytest.fixture
def regulator(enterprise):
    """A regulator of ``enterprise``'s jurisdiction."""
    from tests.factories import StaffProfileFactory

    return StaffProfileFactory(regulator=True, jurisdiction=enterprise.jurisdiction)
