"""Builders for exam tests: questions with unique leak markers, blueprints, assessments.

The one place tests build blueprints and assessments; questions go through
``tests.factories.QuestionFactory``.

Every question's explanation, basis and (for 填空) accepted answer carry a marker string
that must never appear in anything the browser receives before the paper is handed in.
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from assessments.exams.services.answering import save_answer
from assessments.models import (
    Assessment,
    AssessmentKind,
    Assignment,
    Attempt,
    BlueprintRule,
    ExamBlueprint,
    PreparedBy,
    Question,
    QuestionType,
    ReviewPolicy,
)
from tests.factories import QuestionFactory

EXPLANATION_MARKER = "解析标记XQZ"
BASIS_MARKER = "依据标记XQZ"
FILL_ANSWER_MARKER = "填空答案标记XQZ"
LEAK_MARKERS = (EXPLANATION_MARKER, BASIS_MARKER, FILL_ANSWER_MARKER)

#: Words that make each numbered question its own: "第301道单选题" and "第302道单选题"
#: alone would be near-copies, and a draw keeps copies off one paper.
_PAIRS = (
    "动火受限高处吊装临电盲板断路动土储罐管道阀门泵房仓库装卸槽车反应精馏干燥粉尘静电"
    "防爆通风检测报警联锁泄压消防急救演练巡检交接标识隔离置换吹扫焊接切割登高照明接地"
)
_WORDS = tuple(_PAIRS[i : i + 2] for i in range(0, len(_PAIRS), 2))


def _words(number: int, count: int) -> str:
    return "".join(random.Random(number).sample(_WORDS, count))


def make_question(
    jurisdiction,
    *,
    type: str = QuestionType.SINGLE,
    number: int = 1,
    enterprise=None,
    provision=None,
    answer: list[str] | None = None,
) -> Question:
    """A question of ``type`` whose answer is A (or A+C, true, or a marker text)."""
    words = _words(number, 12)  # two for each option, four for the stem
    options = [
        {"key": key, "text": f"第{number}题选项{key}{words[4 * n : 4 * n + 4]}"}
        for n, key in enumerate("ABCD")
    ]
    if type == QuestionType.SINGLE:
        default = ["A"]
    elif type == QuestionType.MULTIPLE:
        default = ["A", "C"]
    elif type == QuestionType.TRUE_FALSE:
        options, default = [], ["true"]
    else:
        options, default = [], [f"{FILL_ANSWER_MARKER}{number}"]
    return QuestionFactory(
        jurisdiction=jurisdiction,
        enterprise=enterprise,
        type=type,
        stem=f"第{number}道{QuestionType(type).label}题的题干：{words[16:]}",
        options=options,
        answer=answer if answer is not None else default,
        explanation=f"{EXPLANATION_MARKER}{number}",
        basis=f"《中华人民共和国安全生产法》第二十八条 {BASIS_MARKER}{number}",
        source_provision=provision,
    )


def make_bank(jurisdiction, counts: dict[str, int], *, provision=None, start: int = 1) -> list:
    """``counts`` questions per type, numbered from ``start`` so markers stay unique."""
    questions, number = [], start
    for question_type, count in counts.items():
        for _ in range(count):
            questions.append(
                make_question(jurisdiction, type=question_type, number=number, provision=provision)
            )
            number += 1
    return questions


def make_blueprint(
    jurisdiction,
    rules: dict[str, int] | None = None,
    *,
    enterprise=None,
    time_limit_minutes: int = 30,
    pass_mark: Decimal | int = 80,
    review_policy: str = ReviewPolicy.AFTER_SUBMIT,
    attempts_allowed: int = 1,
    **fields,
) -> ExamBlueprint:
    """A blueprint drawing ``rules`` (type → count) from the jurisdiction's shared bank."""
    blueprint = ExamBlueprint.objects.create(
        name=fields.pop("name", "操作人员安全知识考试"),
        jurisdiction=jurisdiction,
        enterprise=enterprise,
        time_limit_minutes=time_limit_minutes,
        pass_mark=Decimal(pass_mark),
        review_policy=review_policy,
        attempts_allowed=attempts_allowed,
        **fields,
    )
    for order, (question_type, count) in enumerate((rules or {QuestionType.SINGLE: 5}).items()):
        BlueprintRule.objects.create(
            blueprint=blueprint, sort_order=order, count=count, type=question_type
        )
    return blueprint


def make_assessment(
    blueprint,
    enterprise,
    *,
    kind: str = AssessmentKind.ROUTINE,
    staff=(),
    launched: bool = True,
    opens_in: timedelta = timedelta(hours=-1),
    open_for: timedelta = timedelta(days=7),
    title: str = "2025年第二季度常态化考核",
    prepared_side: str = PreparedBy.ENTERPRISE,
    **fields,
) -> Assessment:
    """An assessment of ``enterprise``; a surprise draft (``launched=False``) belongs to
    ``prepared_side``, the only side that sees it."""
    now = timezone.now()
    assessment = Assessment.objects.create(
        kind=kind,
        title=title,
        blueprint=blueprint,
        enterprise=enterprise,
        opens_at=now + opens_in,
        closes_at=now + opens_in + open_for,
        is_launched=launched,
        launched_at=now if launched else None,
        window_minutes=30 if kind == AssessmentKind.SURPRISE else None,
        sample_count=1 if kind == AssessmentKind.SURPRISE else None,
        prepared_side=prepared_side if kind == AssessmentKind.SURPRISE else "",
        **fields,
    )
    for member in staff:
        Assignment.objects.create(assessment=assessment, staff=member)
    return assessment


def correct_response(slot) -> list[str]:
    return list(slot.question_version.content["answer"])


def wrong_response(slot) -> list[str]:
    content = slot.question_version.content
    if content["type"] == QuestionType.FILL:
        return ["不知道"]
    if content["type"] == QuestionType.TRUE_FALSE:
        return ["false"] if content["answer"] == ["true"] else ["true"]
    return [key for key in slot.option_order if key not in content["answer"]][:1]


def answer_all(attempt: Attempt, *, correct: bool = True, only: int | None = None) -> None:
    """Save an answer to every slot (or the first ``only``), right or wrong."""
    slots = attempt.slots.select_related("question_version").order_by("number")
    for slot in list(slots)[:only]:
        response = correct_response(slot) if correct else wrong_response(slot)
        save_answer(attempt, slot.number, response)


def make_provision(label: str = "第二十八条"):
    """A published regulation page with one provision, for 依据 links."""
    from content.regulations.models import Provision, RegulationIndexPage, RegulationPage
    from safetykb.demo.pages import ensure_page_tree

    ensure_page_tree()
    index = RegulationIndexPage.objects.get()
    page = RegulationPage(title="中华人民共和国安全生产法", slug="anquan-shengchan-fa")
    index.add_child(instance=page)
    page.save_revision().publish()
    return Provision.objects.create(
        page=page, kind="article", label=label, number=28, anchor="art-28", text="生产经营单位…"
    )
