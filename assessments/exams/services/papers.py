"""Starting an attempt: draw the paper on the server and freeze it."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from accounts.models import StaffProfile
from accounts.scoping import shared_bank, shared_or_own_bank
from assessments.bank.models import option_keys
from assessments.bank.versioning import freeze_all
from assessments.exams.engine import (
    Blueprint,
    CandidateQuestion,
    DrawRule,
    InsufficientQuestionsError,
    Paper,
    QuestionType,
    applicable_candidates,
    draw_paper,
)
from assessments.exams.selectors.examinee import start_refusal
from assessments.exams.selectors.near_duplicates import conflicts_for
from assessments.exams.selectors.paper_history import latest_paper_question_ids
from assessments.exams.services.deadlines import schedule_close
from assessments.exams.services.errors import AssessmentError
from assessments.exams.services.prepared_papers import take_prepared_paper
from assessments.models import (
    Assignment,
    Attempt,
    AttemptSlot,
    AttemptState,
    BlueprintRule,
    ExamBlueprint,
    Question,
    QuestionStatus,
    QuestionVersion,
)


def draw_rule(rule: BlueprintRule) -> DrawRule:
    """The engine's form of one stored (or unsaved, in the admin form) rule."""
    return DrawRule(
        count=rule.count,
        type=QuestionType(rule.type) if rule.type else None,
        difficulty=rule.difficulty or None,
        topics=tuple(rule.topics),
        points_each=rule.points_each,
    )


def engine_blueprint(blueprint: ExamBlueprint) -> Blueprint:
    rules = tuple(draw_rule(rule) for rule in blueprint.rules.all())
    return Blueprint(
        rules=rules,
        required_topics=tuple(blueprint.required_topics),
        shuffle_questions=blueprint.shuffle_questions,
        shuffle_options=blueprint.shuffle_options,
        pass_mark=blueprint.pass_mark,
        total_points=blueprint.total_points,
    )


def bank_for(blueprint: ExamBlueprint, enterprise_id: int | None) -> QuerySet[Question]:
    """Active questions an enterprise's paper may draw from: its own bank (+ the shared one),
    none flagged 依据已修订，待复核.

    With no enterprise, the shared bank alone: what every enterprise can count on.
    """
    if enterprise_id is None:
        scope = shared_bank(blueprint.jurisdiction_id)
    elif blueprint.use_shared_bank:
        scope = shared_or_own_bank(blueprint.jurisdiction_id, enterprise_id)
    else:
        scope = Q(enterprise_id=enterprise_id)
    # A question whose provision was amended waits for review (依据已修订，待复核).
    return Question.objects.filter(scope, status=QuestionStatus.ACTIVE, basis_amended_at=None)


def candidates_for(blueprint: ExamBlueprint, staff: StaffProfile) -> list[CandidateQuestion]:
    return list(
        applicable_candidates(
            bank_candidates(blueprint, staff.enterprise_id),
            level=staff.level or None,
            specialty=staff.specialty or None,
            post=staff.post or None,
        )
    )


def bank_candidates(blueprint: ExamBlueprint, enterprise_id: int | None) -> list[CandidateQuestion]:
    """Every question of ``bank_for`` as its latest version, before any audience filter.

    One query of plain tuples: every start of an exam reads the whole bank, so model
    instances (≈3.5 ms for 60 questions, linear in the bank) were most of a start's cost.
    """
    latest_version = (
        QuestionVersion.objects.filter(question=OuterRef("pk")).order_by("-number").values("pk")[:1]
    )
    rows = (
        bank_for(blueprint, enterprise_id)
        .annotate(latest_version_id=Subquery(latest_version))
        .filter(latest_version_id__isnull=False)
        .order_by("pk")
        .values_list(
            "pk",
            "latest_version_id",
            "type",
            "difficulty",
            "topics",
            "levels",
            "specialties",
            "posts",
            "options",
        )
    )
    return [
        CandidateQuestion(
            question_id=pk,
            version_id=version_id,
            type=QuestionType(question_type),
            difficulty=difficulty,
            topics=tuple(topics),
            levels=tuple(levels),
            specialties=tuple(specialties),
            posts=tuple(posts),
            option_keys=option_keys(question_type, options),
            option_texts=tuple(option.get("text", "") for option in options or ()),
        )
        for pk, version_id, question_type, difficulty, topics, levels, specialties, posts, options in rows
    ]


def seen_question_ids(staff: StaffProfile) -> set[int]:
    return set(
        AttemptSlot.objects.filter(attempt__assignment__staff=staff).values_list(
            "question_version__question_id", flat=True
        )
    )


def start_attempt(assignment: Assignment, *, now: datetime | None = None) -> Attempt:
    """Resume the open attempt, or draw and freeze a new paper. Caller checks ownership."""
    now = now or timezone.now()
    assessment = assignment.assessment
    blueprint = assessment.blueprint
    with transaction.atomic():
        Assignment.objects.select_for_update().get(pk=assignment.pk)
        attempts = list(assignment.attempts.all())  # read under the lock: resume, refuse, count
        open_attempt = next((a for a in attempts if a.state == AttemptState.IN_PROGRESS), None)
        if open_attempt is not None:
            return open_attempt
        # One set of rules for the page and the service: window, attempts, training status.
        refusal = start_refusal(assignment, now=now, attempts=attempts)
        if refusal:
            raise AssessmentError(refusal)
        used = len(attempts)
        # Drawn by the task worker when the assessment opened, if it still holds.
        paper = take_prepared_paper(assignment, first_attempt=used == 0)
        if paper is None:
            paper = draw_fresh(assignment)
        deadline = min(now + timedelta(minutes=blueprint.time_limit_minutes), assessment.closes_at)
        attempt = Attempt.objects.create(
            assignment=assignment,
            number=used + 1,
            state=AttemptState.NOT_STARTED.transition_to(AttemptState.IN_PROGRESS),
            seed=paper.seed,
            started_at=now,
            deadline=deadline,
            pass_mark=blueprint.pass_mark,
            total_points=blueprint.total_points,
            multiple_scoring=blueprint.multiple_scoring,
        )
        versions = [slot.version_id for slot in paper.slots]
        AttemptSlot.objects.bulk_create(
            AttemptSlot(
                attempt=attempt,
                number=slot.number,
                question_version_id=slot.version_id,
                option_order=list(slot.option_order),
                points=slot.points,
            )
            for slot in paper.slots
        )
        freeze_all(versions)
        # A task lost here is no lost paper: the minute tick closes it too.
        transaction.on_commit(lambda: schedule_close(assessment.pk, deadline), robust=True)
    return attempt


def draw_fresh(assignment: Assignment) -> Paper:
    """Draw the person's paper now (no prepared paper, or it no longer holds)."""
    blueprint = assignment.assessment.blueprint
    seed = secrets.randbits(48)
    candidates = candidates_for(blueprint, assignment.staff)
    try:
        return draw_paper(
            engine_blueprint(blueprint),
            candidates,
            seen_question_ids(assignment.staff),
            seed,
            # A re-test draws the failed paper's questions last, after older ones.
            recently_seen=latest_paper_question_ids(assignment.staff),
            conflicts=conflicts_for(candidates),
        )
    except InsufficientQuestionsError as exc:
        raise AssessmentError(f"题库题目不足，无法组卷：{exc}") from exc
