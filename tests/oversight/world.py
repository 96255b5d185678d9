"""The world inspections are tested in: two jurisdictions (J1: A, B; J2: C), two
inspectors and a bystander regulator in J1, one regulator in J2, enterprise A's people
on three posts with ID digits on file, and a shared five-question blueprint."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from accounts.vocab import Level
from assessments.models import QuestionType
from oversight import inspections, spot_tests
from oversight.models import Inspection, InspectionState
from tests.exams.builders import make_bank, make_blueprint
from tests.factories import person, two_jurisdictions

POSTS = {"合成岗": 4, "储运岗": 3, "中控岗": 2}


@dataclass
class World:
    tj: object
    inspector1: object
    inspector2: object
    bystander: object  # a regulator of J1 not on the inspection
    regulator_j2: object
    principal: object
    manager: object
    workers: list
    worker_b: object  # enterprise B
    blueprint: object

    @property
    def a(self):
        return self.tj.a


def build_world() -> World:
    tj = two_jurisdictions()
    regulator = {"regulator": True, "jurisdiction": tj.j1}
    inspector1 = person("检查员甲", enforcement_number="14040001", **regulator)
    inspector2 = person("检查员乙", enforcement_number="14040002", **regulator)
    bystander = person("监管员丙", enforcement_number="14040003", **regulator)
    regulator_j2 = person(
        "乙区监管员", regulator=True, jurisdiction=tj.j2, enforcement_number="14050001"
    )
    principal = person(
        "甲负责人", principal=True, enterprise=tj.a, post="总经理", id_number_last4="0011"
    )
    manager = person(
        "甲安全员", safety_manager=True, enterprise=tj.a, post="安全科", id_number_last4="0012"
    )
    workers, n = [], 0
    for post, count in POSTS.items():
        for _ in range(count):
            n += 1
            workers.append(
                person(
                    f"甲员工{n}",
                    enterprise=tj.a,
                    post=post,
                    level=Level.OPERATOR,
                    id_number_last4=f"{1000 + n}",
                )
            )
    worker_b = person("乙员工", enterprise=tj.b, id_number_last4="2001")
    make_bank(tj.j1, {QuestionType.SINGLE: 5})
    blueprint = make_blueprint(tj.j1, {QuestionType.SINGLE: 5}, name="安全生产常识抽考")
    return World(
        tj,
        inspector1,
        inspector2,
        bystander,
        regulator_j2,
        principal,
        manager,
        workers,
        worker_b,
        blueprint,
    )


def open_for(world: World, *, enterprise=None, date: dt.date | None = None) -> Inspection:
    return inspections.open_inspection(
        actor=world.inspector1.user,
        enterprise=enterprise or world.a,
        date=date or timezone.localdate(),
        place="合成车间",
        inspector_profile_ids=[world.inspector1.pk, world.inspector2.pk],
        representative_name="甲负责人",
        representative_post="总经理",
    )


def started(world: World, **kwargs) -> Inspection:
    inspection = open_for(world, **kwargs)
    return inspections.move(inspection, InspectionState.ON_SITE, actor=world.inspector1.user)


def spot_open(world: World, staff, *, minutes: int = 20, now=None):
    """An inspection on site with ``staff`` named and the window open."""
    inspection = started(world)
    for profile in staff:
        spot_tests.add_named(inspection, actor=world.inspector1.user, staff_id=profile.pk)
    spot = spot_tests.open_window(inspection, actor=world.inspector1.user, minutes=minutes, now=now)
    return inspection, spot


#: The smallest thing the signing service accepts as a drawn signature: PNG's magic bytes.
PNG = b"\x89PNG\r\n\x1a\n" + b"drawn"


def sign_all(world: World, inspection: Inspection) -> None:
    """Both inspectors (on inspector 1's device) and the representative sign."""
    from oversight import record_signing
    from tests.factories import TEST_PASSWORD

    for profile in (world.inspector1, world.inspector2):
        record_signing.sign_as_inspector(
            inspection,
            actor=world.inspector1.user,
            inspector_user_id=profile.user_id,
            password=TEST_PASSWORD,
            drawn_png=PNG,
        )
    record_signing.sign_as_representative(inspection, actor=world.inspector1.user, drawn_png=PNG)
