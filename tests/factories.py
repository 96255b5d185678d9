"""factory_boy builders shared by every test package: people, places and questions.

Exam-shaped data (a bank per type with leak markers, blueprints, assessments, answers)
is built on these by tests/exams/builders.py; the engine's pure values (no database) by
tests/exam_engine/builders.py.
"""

from __future__ import annotations

from dataclasses import dataclass

import factory
from django.contrib.auth import get_user_model
from factory.django import DjangoModelFactory

from accounts.models import Department, Enterprise, Jurisdiction, StaffProfile
from accounts.validators import credit_code_check_char
from accounts.vocab import (
    DepartmentKind,
    EnterpriseType,
    Level,
    Role,
    Specialty,
    StaffStatus,
    StandardizationGrade,
)
from assessments.bank.services import save_question
from assessments.models import Difficulty, Question, QuestionStatus, QuestionType

TEST_PASSWORD = "test-pass-123"


def credit_code(n: int) -> str:
    """A valid 统一社会信用代码 unique per ``n``."""
    first17 = f"91140404MA{n:07d}"
    return first17 + credit_code_check_char(first17)


class JurisdictionFactory(DjangoModelFactory):
    class Meta:
        model = Jurisdiction
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"测试区应急管理局{n}")
    code = factory.Sequence(lambda n: f"9{n:05d}")


class EnterpriseFactory(DjangoModelFactory):
    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"测试化工有限公司{n}")
    credit_code = factory.Sequence(credit_code)
    enterprise_type = EnterpriseType.HAZCHEM_PRODUCTION
    major_hazard = False
    standardization_grade = StandardizationGrade.GRADE_3
    jurisdiction = factory.SubFactory(JurisdictionFactory)


class DepartmentFactory(DjangoModelFactory):
    class Meta:
        model = Department

    enterprise = factory.SubFactory(EnterpriseFactory)
    name = factory.Sequence(lambda n: f"车间{n}")
    kind = DepartmentKind.WORKSHOP


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"测试员{n}")
    password = factory.django.Password(TEST_PASSWORD)


class StaffProfileFactory(DjangoModelFactory):
    """An on-post operator (role worker) by default; traits give the other roles."""

    class Meta:
        model = StaffProfile

    user = factory.SubFactory(UserFactory)
    role = Role.WORKER
    enterprise = factory.SubFactory(EnterpriseFactory)
    jurisdiction = None  # derived from the enterprise on save
    department = None
    level = Level.OPERATOR
    specialty = Specialty.PROCESS
    post = "合成岗"
    employee_no = factory.Sequence(lambda n: f"E{n:05d}")
    status = StaffStatus.ON_POST

    class Params:
        safety_manager = factory.Trait(
            role=Role.SAFETY_MANAGER, level=Level.SAFETY_MANAGER, specialty=Specialty.SAFETY
        )
        principal = factory.Trait(
            role=Role.PRINCIPAL, level=Level.PRINCIPAL, specialty=Specialty.GENERAL
        )
        regulator = factory.Trait(
            role=Role.REGULATOR,
            enterprise=None,
            jurisdiction=factory.SubFactory(JurisdictionFactory),
            level="",
            specialty="",
            post="",
        )
        editor = factory.Trait(role=Role.EDITOR, enterprise=None, level="", specialty="", post="")
        off_post = factory.Trait(status=StaffStatus.OFF_POST_TRAINING)
        left = factory.Trait(status=StaffStatus.LEFT)


@dataclass(frozen=True)
class TwoJurisdictions:
    """J1 holds enterprises A and B, J2 holds C: the shape of every tenancy test world."""

    j1: Jurisdiction
    j2: Jurisdiction
    a: Enterprise
    b: Enterprise
    c: Enterprise


def two_jurisdictions() -> TwoJurisdictions:
    j1, j2 = JurisdictionFactory(name="甲区应急管理局"), JurisdictionFactory(name="乙区应急管理局")
    return TwoJurisdictions(
        j1=j1,
        j2=j2,
        a=EnterpriseFactory(name="甲化工有限公司", jurisdiction=j1),
        b=EnterpriseFactory(name="乙制药有限公司", jurisdiction=j1),
        c=EnterpriseFactory(name="丙烟花有限公司", jurisdiction=j2),
    )


def person(name: str, **kwargs) -> StaffProfile:
    """A staff profile whose login and full name are both ``name`` (e.g. "甲员工")."""
    return StaffProfileFactory(user=UserFactory(username=name, first_name=name), **kwargs)


class QuestionFactory(DjangoModelFactory):
    """A 单选 in a jurisdiction's shared bank unless ``enterprise`` is given."""

    class Meta:
        model = Question

    enterprise = None
    type = QuestionType.SINGLE
    stem = factory.Sequence(lambda n: f"第{n}号测试题：动火作业前应当进行哪项工作？")
    options = factory.LazyFunction(
        lambda: [
            {"key": "A", "text": "气体检测"},
            {"key": "B", "text": "直接动火"},
            {"key": "C", "text": "口头通知"},
            {"key": "D", "text": "无需准备"},
        ]
    )
    answer = factory.LazyFunction(lambda: ["A"])
    explanation = "动火作业前必须进行可燃气体检测。"
    difficulty = Difficulty.MEDIUM
    status = QuestionStatus.ACTIVE

    @factory.lazy_attribute
    def jurisdiction(self):
        if self.enterprise is not None:
            return self.enterprise.jurisdiction
        return JurisdictionFactory()

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Through the bank's one write, so the question has its version as in the product.
        question = model_class(*args, **kwargs)
        save_question(question, user=kwargs.get("created_by"))
        return question
