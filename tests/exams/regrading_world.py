"""A small, deterministic exam world for regrading: five 20-point single-choice questions
whose stored key is A, a paper that always holds all five (pass mark 80), and people who
sit it with chosen answers. Question 1's key turns out to be wrong (B is right).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Enterprise, StaffProfile
from assessments.exams.services.answering import save_answer, submit_attempt
from assessments.exams.services.papers import start_attempt
from assessments.models import (
    Assessment,
    Attempt,
    ExamBlueprint,
    Question,
    QuestionType,
    QuestionVersion,
)
from tests.exams.builders import make_assessment, make_blueprint, make_question
from tests.exams.conftest import committed
from tests.factories import EnterpriseFactory, JurisdictionFactory, person
from training.models import TrainingProgramme
from training.services import record_training


@dataclass
class RegradeWorld:
    enterprise: Enterprise
    other: Enterprise  # same jurisdiction, another enterprise
    questions: list[Question]  # questions[0] is the one with the wrong key
    blueprint: ExamBlueprint
    exam: Assessment
    editor: StaffProfile
    manager: StaffProfile
    people: dict[str, StaffProfile]

    @property
    def target(self) -> Question:
        return self.questions[0]

    def version(self, number: int = 1) -> QuestionVersion:
        return self.target.versions.get(number=number)


TARGET_STEM = "第900道"


@pytest.fixture
def rg(db) -> RegradeWorld:
    jurisdiction = JurisdictionFactory(name="丁区应急管理局")
    enterprise = EnterpriseFactory(name="丁化工有限公司", jurisdiction=jurisdiction)
    other = EnterpriseFactory(name="戊化工有限公司", jurisdiction=jurisdiction)
    questions = [make_question(jurisdiction, number=900 + n) for n in range(5)]
    blueprint = make_blueprint(jurisdiction, {QuestionType.SINGLE: 5}, pass_mark=80)
    people = {name: person(name, enterprise=enterprise) for name in ("甲", "乙", "丙", "丁", "戊")}
    exam = make_assessment(blueprint, enterprise, staff=list(people.values()))
    return RegradeWorld(
        enterprise=enterprise,
        other=other,
        questions=questions,
        blueprint=blueprint,
        exam=exam,
        editor=person("题库编辑", editor=True),
        manager=person("丁安全员", enterprise=enterprise, safety_manager=True),
        people=people,
    )


def start(assessment: Assessment, member: StaffProfile) -> Attempt:
    return start_attempt(assessment.assignments.get(staff=member))


def answer(attempt: Attempt, target_key: str | None, *, wrong: int = 0) -> Attempt:
    """Answer the target question with ``target_key`` (None: leave it blank) and the
    others right, except the last ``wrong`` of them (answered C)."""
    slots = list(attempt.slots.select_related("question_version").order_by("number"))
    target = next(s for s in slots if s.question_version.content["stem"].startswith(TARGET_STEM))
    others = [s for s in slots if s is not target]
    if target_key is not None:
        save_answer(attempt, target.number, [target_key])
    for index, slot in enumerate(others):
        save_answer(attempt, slot.number, ["C"] if index >= len(others) - wrong else ["A"])
    return attempt


def sit(
    assessment: Assessment, member: StaffProfile, target_key: str | None, *, wrong: int = 0
) -> Attempt:
    """``member`` sits ``assessment`` and hands it in; see ``answer``."""
    attempt = answer(start(assessment, member), target_key, wrong=wrong)
    with committed():
        submit_attempt(attempt)
    attempt.refresh_from_db()
    return attempt


def unlock_retest(world: RegradeWorld, member: StaffProfile) -> Assessment:
    """Record the 72 hours of a failed person's programme, which opens their re-test."""
    programme = member.training_programmes.get(status="in_training")
    # The ledger's rules: hours between the failure and today, at most 8 a day; so the
    # failure is dated ten days back and the 72 hours spread over nine days.
    started = timezone.now() - timedelta(days=10)
    TrainingProgramme.objects.filter(pk=programme.pk).update(started_at=started)
    programme.refresh_from_db()
    for n in range(9):
        record_training(
            programme,
            actor=world.manager.user,
            day=timezone.localdate() - timedelta(days=n),
            content="危险化学品安全知识",
            hours=8,
            trainer="王老师",
        )
    programme.refresh_from_db()
    return programme.retest
