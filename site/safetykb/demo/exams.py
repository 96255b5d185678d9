"""Demo question bank and exams, loaded idempotently after the demo regulations and people."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from accounts.demo import demo_jurisdiction
from accounts.models import Enterprise, StaffProfile
from accounts.vocab import Level, StaffStatus
from assessments.bank.importing import QuestionImportError, preview_question_file
from assessments.bank.services import import_questions
from assessments.exams.services.answering import save_answer, submit_attempt
from assessments.exams.services.launching import create_routine_round, prepare_surprise
from assessments.exams.services.papers import start_attempt
from assessments.models import (
    AssessmentKind,
    BlueprintRule,
    ExamBlueprint,
    Question,
    ReviewPolicy,
    RoutineSchedule,
)
from training.models import TrainingProgramme
from training.services import on_attempt_graded, open_programme, record_training

DEMO_FILES = Path(__file__).resolve().parents[3] / "demo" / "files"
BANK_FILES = ("demo-questions.csv", "question-bank-tagged.docx")

# (name, levels, frequency): one routine schedule per level group, in every enterprise.
BLUEPRINTS = (
    ("主要负责人安全领导力考核", [Level.PRINCIPAL, Level.DEPUTY_PRINCIPAL], "quarterly"),
    ("安全管理人员履职能力考核", [Level.SAFETY_MANAGER, Level.TECHNICIAN], "quarterly"),
    ("班组长安全管理考核", [Level.TEAM_LEADER], "monthly"),
    ("操作人员岗位安全考核", [Level.OPERATOR, Level.SPECIAL_OPERATOR, Level.NEW_HIRE], "monthly"),
)
RULES = ((10, "single"), (5, "multiple"), (5, "true_false"))  # 20 questions × 5 points


def load_demo_bank() -> list[str]:
    """Import the demo bank files into the jurisdiction's shared bank (once)."""
    jurisdiction = demo_jurisdiction()
    if Question.objects.filter(jurisdiction=jurisdiction, enterprise__isnull=True).exists():
        return []
    lines = []
    for name in BANK_FILES:
        path = DEMO_FILES / name
        preview = preview_question_file(
            path.name, path.read_bytes(), jurisdiction_id=jurisdiction.pk, enterprise_id=None
        )
        try:
            batch = import_questions(preview, jurisdiction_id=jurisdiction.pk, enterprise_id=None)
        except QuestionImportError as exc:
            lines.append(f"{name}：{exc}")
            continue
        linked = batch.questions.exclude(source_provision=None).count()
        lines.append(
            f"{name}：导入 {batch.question_count} 题（{linked} 题已关联条款），{batch.skipped_count} 题未导入（重复或有问题）"
        )
    return lines


@transaction.atomic
def load_demo_exams() -> list[str]:
    jurisdiction = demo_jurisdiction()
    if ExamBlueprint.objects.filter(jurisdiction=jurisdiction).exists():
        return []
    blueprints = [_blueprint(jurisdiction, name, levels) for name, levels, _ in BLUEPRINTS]
    rounds = []
    for enterprise in Enterprise.objects.filter(jurisdiction=jurisdiction).order_by("pk"):
        for blueprint, (_, _, frequency) in zip(blueprints, BLUEPRINTS, strict=True):
            schedule = RoutineSchedule.objects.create(
                blueprint=blueprint, enterprise=enterprise, frequency=frequency
            )
            rounds.append(create_routine_round(schedule))
    lines = [f"考试方案 {len(blueprints)} 个，常态化考核 {len(rounds)} 轮"]
    lines += _finished_attempts()
    lines += _surprise_ready()
    return lines


def _blueprint(jurisdiction, name: str, levels: list[str]) -> ExamBlueprint:
    blueprint = ExamBlueprint.objects.create(
        name=name,
        jurisdiction=jurisdiction,
        levels=levels,
        time_limit_minutes=30,
        pass_mark=Decimal(80),
        # Answers after the round closes: the first to finish cannot pass them on.
        review_policy=ReviewPolicy.AFTER_CLOSE,
    )
    for order, (count, question_type) in enumerate(RULES):
        BlueprintRule.objects.create(
            blueprint=blueprint,
            sort_order=order,
            count=count,
            type=question_type,
            points_each=Decimal(5),
        )
    return blueprint


def demo_operators():
    """Operators of the first enterprise who have no demo login, in a stable order."""
    from accounts.demo_specs import LOGINS

    return list(
        StaffProfile.objects.filter(
            enterprise__credit_code="91140404MA0KBQ7R51", level=Level.OPERATOR
        )
        .exclude(user__username__in=[login.username for login in LOGINS])
        .order_by("pk")
    )


def _finished_attempts() -> list[str]:
    people = demo_operators()[:4]
    outcomes = []
    for index, staff in enumerate(people):
        assignment = staff.assignments.filter(assessment__kind=AssessmentKind.ROUTINE).first()
        if assignment is None:
            continue
        attempt = start_attempt(assignment)
        passes = index < 2
        for slot in attempt.slots.select_related("question_version"):
            answer = slot.question_version.content["answer"]
            wrong = [key for key in slot.option_order if key not in answer][:1] or ["false"]
            save_answer(
                attempt,
                slot.number,
                answer[:1]
                if slot.question_version.content["type"] == "fill"
                else (answer if passes else wrong),
            )
        submit_attempt(attempt)
        # The receiver of attempt_graded runs after this loader's one commit; the demo
        # needs the off-post step now (halfway through training below). It is idempotent,
        # so the delivery after commit changes nothing.
        on_attempt_graded(attempt.pk)
        attempt.refresh_from_db()
        outcomes.append(
            f"{staff.user.get_full_name()}：{attempt.score} 分，{'合格' if attempt.passed else '不合格'}"
        )
    _halfway_through_training(people[2:3])
    return ["已完成的考核：" + "；".join(outcomes)] if outcomes else []


def _halfway_through_training(people) -> None:
    manager = get_user_model().objects.filter(username="safety_manager").first()
    for staff in people:
        staff.refresh_from_db()
        programme = open_programme(staff)
        if programme is None or staff.status != StaffStatus.OFF_POST_TRAINING or manager is None:
            continue
        today = timezone.localdate()
        # The ledger takes off-post hours only from the failure on: the demo's failure
        # is dated two weeks back, so the half done fits between it and today.
        if programme.hours_done > 0:
            continue  # already halfway (a reload)
        TrainingProgramme.objects.filter(pk=programme.pk).update(
            started_at=timezone.now() - timedelta(days=14)
        )
        programme.refresh_from_db()
        half = programme.required_hours / 2
        for day in range(int(half // 8)):
            record_training(
                programme,
                actor=manager,
                day=today - timedelta(days=10 - day),
                content=(
                    "新上岗人员三级安全教育",
                    "危险化学品安全法与岗位操作规程",
                    "应急处置与事故案例",
                )[day % 3],
                hours=Decimal(8),
                trainer="周安全",
            )


def _surprise_ready() -> list[str]:
    manager = (
        get_user_model().objects.filter(username="safety_manager").select_related("profile").first()
    )
    if manager is None:
        return []
    blueprint = ExamBlueprint.objects.get(name="操作人员岗位安全考核")
    prepare_surprise(
        blueprint=blueprint,
        enterprise=manager.profile.enterprise,
        actor=manager,
        title="节前不定期抽考（操作人员）",
        percent=Decimal(20),
        window_minutes=30,
    )
    return ["抽考已备好待发起：节前不定期抽考（操作人员），抽取 20%，30 分钟内作答"]
