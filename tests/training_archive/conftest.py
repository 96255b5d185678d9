"""An enterprise with a person whose archive holds 三级教育, a refresher with a correction,
a graded exam and a certificate; another enterprise in the jurisdiction and one outside it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest


@dataclass
class ArchiveWorld:
    a: object
    b: object
    manager: object
    principal: object
    worker: object
    colleague: object
    manager_b: object
    regulator: object
    stranger_regulator: object
    attempt: object


@pytest.fixture
def world(db) -> ArchiveWorld:
    from assessments.exams.services.answering import submit_attempt
    from assessments.exams.services.papers import start_attempt
    from tests.exams.builders import answer_all, make_assessment, make_bank, make_blueprint
    from tests.factories import DepartmentFactory, person, two_jurisdictions
    from training.certificates import CertificateInput, record_certificate
    from training.ledger import SessionInput, correct_entry, record_session
    from training.rules.certificates import CertificateKind
    from training.rules.hours import TrainingKind

    t = two_jurisdictions()
    workshop = DepartmentFactory(enterprise=t.a, name="合成车间")
    manager = person("甲安全员", enterprise=t.a, safety_manager=True)
    hired = dt.date.today() - dt.timedelta(days=60)
    worker = person(
        "张三", enterprise=t.a, department=workshop, employee_no="A0001", hire_date=hired
    )

    def held(kind, title, day, hours):
        return record_session(
            t.a,
            SessionInput(
                kind=kind,
                title=title,
                starts_on=day,
                hours_per_day=Decimal(hours),
                trainer_name="安全科",
            ),
            [worker],
            actor=manager.user,
            password=None,
        )

    held(TrainingKind.PLANT_LEVEL, "厂级安全教育：危化品基础", hired, "8")
    held(TrainingKind.WORKSHOP_LEVEL, "车间级安全教育：合成工艺", hired + dt.timedelta(days=1), "8")
    wrong = held(TrainingKind.REFRESHER, "动火作业专项", hired + dt.timedelta(days=5), "6")
    correct_entry(
        wrong.entries.get(),
        actor=manager.user,
        hours=Decimal(4),
        on=hired + dt.timedelta(days=5),
        reason="实际到场 4 学时",
    )
    record_certificate(
        worker,
        CertificateInput(
            kind=CertificateKind.REGISTERED_ENGINEER,
            number="TZ-2024-0099",
            issuer="山西省应急管理厅",
            issued_on=dt.date.today() - dt.timedelta(days=300),
            expires_on=dt.date.today() + dt.timedelta(days=20),
        ),
        actor=manager.user,
    )
    make_bank(t.j1, {"single": 5})
    exam = make_assessment(make_blueprint(t.j1), t.a, staff=[worker], title="合成岗位安全考核")
    attempt = start_attempt(exam.assignments.get(staff=worker))
    answer_all(attempt)
    submit_attempt(attempt)
    return ArchiveWorld(
        a=t.a,
        b=t.b,
        manager=manager,
        principal=person("甲负责人", enterprise=t.a, principal=True),
        worker=worker,
        colleague=person("李四", enterprise=t.a, employee_no="A0002"),
        manager_b=person("乙安全员", enterprise=t.b, safety_manager=True),
        regulator=person("甲区监管", regulator=True, jurisdiction=t.j1),
        stranger_regulator=person("乙区监管", regulator=True, jurisdiction=t.j2),
        attempt=attempt,
    )
