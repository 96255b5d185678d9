"""A small world for the leadership check's tests: enterprise A (principal, deputy, safety
manager, operators), enterprise B in the same jurisdiction, a regulator of each
jurisdiction, and graded exam sittings built by hand."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from accounts.vocab import Level
from assessments.models import AssessmentKind, Attempt, AttemptState
from tests.exams.builders import make_assessment, make_blueprint
from tests.factories import TEST_PASSWORD, DepartmentFactory, person, two_jurisdictions

PASSWORD = TEST_PASSWORD


@dataclass
class World:
    tj: Any
    principal: Any
    deputy: Any
    manager: Any
    op1: Any
    op2: Any
    op3: Any
    other_principal: Any
    other_deputy: Any
    regulator: Any
    far_regulator: Any
    workshop: Any


def build_world() -> World:
    tj = two_jurisdictions()
    workshop = DepartmentFactory(enterprise=tj.a, name="合成车间")
    return World(
        tj=tj,
        principal=person("甲厂长", enterprise=tj.a, principal=True),
        deputy=person("甲副总", enterprise=tj.a, level=Level.DEPUTY_PRINCIPAL, department=workshop),
        manager=person("甲安全员", enterprise=tj.a, safety_manager=True),
        op1=person("甲操作一", enterprise=tj.a, department=workshop, post="合成岗"),
        op2=person("甲操作二", enterprise=tj.a, department=workshop, post="合成岗"),
        op3=person("甲操作三", enterprise=tj.a, post="储运岗", off_post=True),
        other_principal=person("乙厂长", enterprise=tj.b, principal=True),
        other_deputy=person("乙副总", enterprise=tj.b, level=Level.DEPUTY_PRINCIPAL),
        regulator=person("甲区监管", regulator=True, jurisdiction=tj.j1),
        far_regulator=person("乙区监管", regulator=True, jurisdiction=tj.j2),
        workshop=workshop,
    )


def graded(assessment, staff, *, score: int, total: int = 100, pass_mark: int = 80) -> Attempt:
    """A graded sitting of ``staff`` in ``assessment`` (assigned if not yet)."""
    assignment, _ = assessment.assignments.get_or_create(staff=staff)
    now = timezone.now()
    return Attempt.objects.create(
        assignment=assignment,
        number=assignment.attempts.count() + 1,
        state=AttemptState.GRADED,
        seed=1,
        started_at=now,
        deadline=now,
        submitted_at=now,
        graded_at=now,
        score=Decimal(score),
        passed=score >= pass_mark,
        pass_mark=Decimal(pass_mark),
        total_points=Decimal(total),
    )


def exam(enterprise, *, kind=AssessmentKind.ROUTINE, levels=(), title="2026年常态化考核"):
    blueprint = make_blueprint(enterprise.jurisdiction, levels=list(levels), name=title)
    return make_assessment(blueprint, enterprise, kind=kind, title=title)
