"""The service tests' call shapes over the shared builders (tests/factories.py and
tests/exams/builders.py): no question, blueprint or assessment is built here."""

from __future__ import annotations

from datetime import timedelta

from assessments.models import Assessment, AssessmentKind, ExamBlueprint, Question, ReviewPolicy
from tests.exams.builders import make_assessment
from tests.exams.builders import make_blueprint as make_exam_blueprint
from tests.factories import QuestionFactory

EXPLANATION_MARKER = "解析标记-XYZZY"


def make_questions(
    jurisdiction, count: int, *, type: str = "single", enterprise=None, **extra
) -> list[Question]:
    """``count`` questions of ``type``: 单选 B, 多选 A+C, 判断 true, 填空 七十二/72."""
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
            QuestionFactory(
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
    """``rules`` as (count, type) pairs, one per type; the model's review policy."""
    by_type = {question_type: count for count, question_type in rules}
    assert len(by_type) == len(rules), "one rule per question type"
    extra.setdefault("review_policy", ReviewPolicy.AFTER_CLOSE)
    return make_exam_blueprint(
        jurisdiction,
        by_type,
        name="测试方案",
        pass_mark=pass_mark,
        time_limit_minutes=time_limit,
        **extra,
    )


def open_assessment(
    blueprint, enterprise, staff=(), *, kind=AssessmentKind.ROUTINE, hours: int = 24
) -> Assessment:
    """Opened a minute ago, open for ``hours``."""
    return make_assessment(
        blueprint,
        enterprise,
        kind=kind,
        staff=staff,
        opens_in=timedelta(minutes=-1),
        open_for=timedelta(hours=hours, minutes=1),
        title="测试考核",
    )
