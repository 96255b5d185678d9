"""A hazardous-chemicals enterprise A with a manager, a principal and workers; another
enterprise B in the same jurisdiction, C in another; a regulator of each jurisdiction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

TODAY = timezone.localdate


@dataclass
class LedgerWorld:
    a: object
    b: object
    c: object
    manager_a: object
    principal_a: object
    manager_b: object
    regulator_1: object
    regulator_2: object
    workers: list
    worker_b: object
    workshop: object


@pytest.fixture
def world(db) -> LedgerWorld:
    from tests.factories import DepartmentFactory, person, two_jurisdictions

    t = two_jurisdictions()
    workshop = DepartmentFactory(enterprise=t.a, name="合成车间")
    long_ago = dt.date(2015, 3, 1)
    workers = [
        person(
            f"工人{n}",
            enterprise=t.a,
            department=workshop,
            employee_no=f"A{n:04d}",
            hire_date=long_ago,
            id_number_last4=f"{n:04d}",
        )
        for n in range(1, 11)
    ]
    return LedgerWorld(
        a=t.a,
        b=t.b,
        c=t.c,
        manager_a=person("甲安全员", enterprise=t.a, safety_manager=True, hire_date=long_ago),
        principal_a=person("甲负责人", enterprise=t.a, principal=True, hire_date=long_ago),
        manager_b=person("乙安全员", enterprise=t.b, safety_manager=True),
        regulator_1=person("甲区监管", regulator=True, jurisdiction=t.j1),
        regulator_2=person("乙区监管", regulator=True, jurisdiction=t.j2),
        workers=workers,
        worker_b=person("乙工人", enterprise=t.b, employee_no="B0001", hire_date=long_ago),
        workshop=workshop,
    )


def session_input(**overrides):
    from training.ledger import SessionInput

    values = {
        "kind": "refresher",
        "title": "年度安全再培训",
        "starts_on": TODAY() - dt.timedelta(days=3),
        "hours_per_day": Decimal(4),
        "trainer_name": "王老师",
    }
    values.update(overrides)
    return SessionInput(**values)


def record(world, people, password=None, **overrides):
    from training.ledger import record_session

    return record_session(
        world.a,
        session_input(**overrides),
        people,
        actor=world.manager_a.user,
        password=password,
    )
