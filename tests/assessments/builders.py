"""Builders for bank questions, blueprints and assessments used by the service tests."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from assessments.models import (
    Assessment,
    AssessmentKind,
    Assignment,
    BlueprintRule,
    ExamBlueprint,
    Question,
)

EXPLANATION_MARKER = "解析标记-XYZZY"


def make_questions(
    jurisdiction, count: int, *, type: str = "single", enterprise=None, **extra
) -> list[Question]:
    questions = []
    for n in range(count):
        if type == "true_false":
            options, answer = [], ["true"]
        elif type == "fill":
            options, answer = [], ["七十二", "72"]
        elif type == "multiple":
            options = [{"key": k, "text": f"多选项{k}{n}"} for k in "ABCD"]
            answer = ["A", "C"]
        else:
            options = [{"key": k, "text": f"选项{k}{n}"} for k in "ABCD"]
            answer = ["B"]
        questions.append(
            Question.objects.create(
                jurisdiction=jurisdiction,
                enterprise=enterprise,
                type=type,
                stem=f"{type}题干{n}-{jurisdiction.pk}-{getattr(enterprise, 'pk', 0)}（ ）",
                options=options,
                answer=answer,
                explanation=f"{EXPLANATION_MARKER}{n}",
                **extra,
            )
        )
    return questions


def make_blueprint(
    jurisdiction, *, rules=((5, "single"),), pass_mark=80, time_limit=30, **extra
) -> ExamBlueprint:
    blueprint = ExamBlueprint.objects.create(
        name="测试方案",
        jurisdiction=jurisdiction,
        time_limit_minutes=time_limit,
        pass_mark=Decimal(pass_mark),
        **extra,
    )
    for order, (count, question_type) in enumerate(rules):
        BlueprintRule.objects.create(
            blueprint=blueprint, sort_order=order, count=count, type=question_type
        )
    return blueprint


def open_assessment(
    blueprint, enterprise, staff=(), *, kind=AssessmentKind.ROUTINE, hours: int = 24
) -> Assessment:
    now = timezone.now()
    assessment = Assessment.objects.create(
        kind=kind,
        title="测试考核",
        blueprint=blueprint,
        enterprise=enterprise,
        opens_at=now - timedelta(minutes=1),
        closes_at=now + timedelta(hours=hours),
        is_launched=True,
    )
    for person in staff:
        Assignment.objects.create(assessment=assessment, staff=person)
    return assessment
