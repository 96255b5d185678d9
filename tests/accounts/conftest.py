"""A small two-jurisdiction world for tenancy tests.

Jurisdiction J1 holds enterprises A and B; J2 holds C. Every role is represented.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from accounts.models import Department, Enterprise, Jurisdiction, StaffProfile
from tests.factories import DepartmentFactory, person, two_jurisdictions


@dataclass
class World:
    j1: Jurisdiction
    j2: Jurisdiction
    a: Enterprise
    b: Enterprise
    c: Enterprise
    a_workshop: Department
    b_workshop: Department
    worker_a: StaffProfile
    colleague_a: StaffProfile
    off_post_a: StaffProfile
    left_a: StaffProfile
    safety_manager_a: StaffProfile
    principal_a: StaffProfile
    safety_manager_b: StaffProfile
    worker_b: StaffProfile
    worker_c: StaffProfile
    regulator_1: StaffProfile
    regulator_2: StaffProfile
    editor: StaffProfile


@pytest.fixture
def world(db) -> World:
    places = two_jurisdictions()
    j1, j2, a, b, c = places.j1, places.j2, places.a, places.b, places.c
    a_workshop = DepartmentFactory(enterprise=a, name="合成车间")
    b_workshop = DepartmentFactory(enterprise=b, name="原料药车间")
    return World(
        j1=j1,
        j2=j2,
        a=a,
        b=b,
        c=c,
        a_workshop=a_workshop,
        b_workshop=b_workshop,
        worker_a=person("甲员工", enterprise=a, department=a_workshop, post="合成岗"),
        colleague_a=person("甲同事", enterprise=a, department=a_workshop, post="中控岗"),
        off_post_a=person("甲脱产", enterprise=a, department=a_workshop, off_post=True),
        left_a=person("甲离职", enterprise=a, left=True),
        safety_manager_a=person("甲安全员", enterprise=a, safety_manager=True),
        principal_a=person("甲负责人", enterprise=a, principal=True),
        safety_manager_b=person("乙安全员", enterprise=b, safety_manager=True),
        worker_b=person("乙员工", enterprise=b, department=b_workshop),
        worker_c=person("丙员工", enterprise=c),
        regulator_1=person("甲区监管", regulator=True, jurisdiction=j1),
        regulator_2=person("乙区监管", regulator=True, jurisdiction=j2),
        editor=person("编辑甲", editor=True),
    )
