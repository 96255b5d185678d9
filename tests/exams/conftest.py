"""A two-jurisdiction world with a question bank and an open routine round per enterprise.

J1 holds enterprises A and B, J2 holds C. Each jurisdiction has a shared bank; each
enterprise has a routine assessment assigned to its workers.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from accounts.models import Enterprise, Jurisdiction, StaffProfile
from assessments.models import Assessment, ExamBlueprint, QuestionType
from tests.exams.builders import make_assessment, make_bank, make_blueprint
from tests.factories import DepartmentFactory, person, two_jurisdictions

#: 5 questions of 20 points: two single, one multiple, one true/false, one fill-in.
PAPER = {
    QuestionType.SINGLE: 2,
    QuestionType.MULTIPLE: 1,
    QuestionType.TRUE_FALSE: 1,
    QuestionType.FILL: 1,
}
BANK = {
    QuestionType.SINGLE: 4,
    QuestionType.MULTIPLE: 2,
    QuestionType.TRUE_FALSE: 2,
    QuestionType.FILL: 2,
}


@dataclass
class ExamWorld:
    j1: Jurisdiction
    j2: Jurisdiction
    a: Enterprise
    b: Enterprise
    c: Enterprise
    worker_a: StaffProfile
    colleague_a: StaffProfile
    safety_manager_a: StaffProfile
    principal_a: StaffProfile
    worker_b: StaffProfile
    safety_manager_b: StaffProfile
    worker_c: StaffProfile
    regulator_1: StaffProfile
    regulator_2: StaffProfile
    editor: StaffProfile
    blueprint_1: ExamBlueprint
    blueprint_2: ExamBlueprint
    exam_a: Assessment
    exam_b: Assessment
    exam_c: Assessment


@pytest.fixture
def world(db) -> ExamWorld:
    places = two_jurisdictions()
    j1, j2, a, b, c = places.j1, places.j2, places.a, places.b, places.c
    synthesis = DepartmentFactory(enterprise=a, name="合成车间")
    storage = DepartmentFactory(enterprise=a, name="储运车间")

    worker_a = person("甲员工", enterprise=a, department=synthesis, post="合成岗")
    colleague_a = person("甲同事", enterprise=a, department=storage, post="储运岗")
    worker_b = person("乙员工", enterprise=b)
    worker_c = person("丙员工", enterprise=c)
    make_bank(j1, BANK)
    make_bank(j2, BANK, start=100)
    blueprint_1 = make_blueprint(j1, PAPER)
    blueprint_2 = make_blueprint(j2, PAPER)
    return ExamWorld(
        j1=j1,
        j2=j2,
        a=a,
        b=b,
        c=c,
        worker_a=worker_a,
        colleague_a=colleague_a,
        safety_manager_a=person("甲安全员", enterprise=a, safety_manager=True),
        principal_a=person("甲负责人", enterprise=a, principal=True),
        worker_b=worker_b,
        safety_manager_b=person("乙安全员", enterprise=b, safety_manager=True),
        worker_c=worker_c,
        regulator_1=person("甲区监管", regulator=True, jurisdiction=j1),
        regulator_2=person("乙区监管", regulator=True, jurisdiction=j2),
        editor=person("编辑", editor=True),
        blueprint_1=blueprint_1,
        blueprint_2=blueprint_2,
        exam_a=make_assessment(blueprint_1, a, staff=[worker_a, colleague_a]),
        exam_b=make_assessment(blueprint_1, b, staff=[worker_b]),
        exam_c=make_assessment(blueprint_2, c, staff=[worker_c]),
    )


def login(client, profile: StaffProfile):
    client.force_login(profile.user)
    return client


def committed():
    """``with committed(): …`` runs the block's after-commit callbacks (the training
    side's receiver of ``attempt_graded``, enrolment) at its end, as a real commit would."""
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)
