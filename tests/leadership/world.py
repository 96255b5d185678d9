"""The leadership test world: an enterprise with a principal, a deputy, a safety manager,
a 联系人 and an operator, its hazard register, plus out-of-scope people elsewhere."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from accounts.models import Enterprise, StaffProfile
from accounts.vocab import Level, Specialty
from leadership.models import (
    CommitmentTemplate,
    Guarantor,
    HazardChemical,
    HazardGuarantor,
    KeyPlace,
    MajorHazardSource,
    PlaceKind,
)
from tests.factories import person, two_jurisdictions


@dataclass
class World:
    a: Enterprise
    b: Enterprise
    principal: StaffProfile
    deputy: StaffProfile
    manager: StaffProfile
    contact: StaffProfile
    operator: StaffProfile
    regulator: StaffProfile
    other_principal: StaffProfile
    far_regulator: StaffProfile
    source: MajorHazardSource
    place: KeyPlace
    template: CommitmentTemplate


def build_world(year: int = 2026, due: dt.date | None = None) -> World:
    js = two_jurisdictions()
    a = js.a
    principal = person("赵总", enterprise=a, principal=True, post="总经理")
    deputy = person(
        "钱副总",
        enterprise=a,
        level=Level.DEPUTY_PRINCIPAL,
        specialty=Specialty.SAFETY,
        post="安全副总经理",
    )
    manager = person("孙安全", enterprise=a, safety_manager=True)
    contact = person("周主任", enterprise=a, level=Level.TECHNICIAN, post="合成车间主任")
    operator = person("李操作", enterprise=a)
    source = MajorHazardSource.objects.create(
        enterprise=a, name="液氨罐区", grade="3", location="厂区东侧"
    )
    HazardChemical.objects.create(source=source, name="液氨", quantity=Decimal("120"))
    for duty, staff in (
        (Guarantor.MAIN, principal),
        (Guarantor.TECHNICAL, deputy),
        (Guarantor.OPERATIONAL, contact),
    ):
        HazardGuarantor.objects.create(source=source, duty=duty, staff=staff)
    place = KeyPlace.objects.create(
        enterprise=a, kind=PlaceKind.KEY_DEVICE, name="合成反应装置", contact=contact
    )
    template = CommitmentTemplate.objects.create(
        jurisdiction=js.j1,
        year=year,
        preamble="本人{name}，任{enterprise}{position}，承诺{year}年度履行职责。",
        duties="建立健全并落实全员安全生产责任制\n组织制定并实施安全生产教育和培训计划",
        due_date=due or dt.date(year, 3, 31),
    )
    return World(
        a=a,
        b=js.b,
        principal=principal,
        deputy=deputy,
        manager=manager,
        contact=contact,
        operator=operator,
        regulator=person("甲区监管", regulator=True, jurisdiction=js.j1),
        other_principal=person("乙总", enterprise=js.b, principal=True),
        far_regulator=person("乙区监管", regulator=True, jurisdiction=js.j2),
        source=source,
        place=place,
        template=template,
    )
