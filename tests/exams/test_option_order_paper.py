"""A question whose options are letter labels keeps their order on the paper and in the
review, so the letter shown, the option's own text and 正确答案 agree (issue 17)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from assessments.models import Attempt, BlueprintRule, QuestionType
from tests.exams.builders import make_assessment, make_blueprint
from tests.exams.conftest import login
from tests.exams.test_taking import save, slots_of
from tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db

LETTER_CLASSES = ["A类、一般风险企业", "B类、较大风险企业", "C类、重大风险企业", "D类、低风险企业"]
STATEMENTS = ["继续在岗工作", "由班组长口头教育后直接上岗", "调整到非生产岗位", "脱产培训"]


def question(jurisdiction, stem: str, texts: list[str]):
    return QuestionFactory(
        jurisdiction=jurisdiction,
        stem=stem,
        topics=["分级"],
        options=[{"key": key, "text": text} for key, text in zip("ABCD", texts, strict=True)],
        answer=["B"],
    )


def test_letter_options_are_shown_and_reviewed_as_written(client, world):
    letters = question(world.j1, "对未达到标准化等级的企业，通知要求划分为（ ）。", LETTER_CLASSES)
    statements = question(world.j1, "员工考核不合格的，应当（ ）。", STATEMENTS)
    blueprint = make_blueprint(world.j1, {}, shuffle_options=True)
    BlueprintRule.objects.filter(blueprint=blueprint).delete()
    BlueprintRule.objects.create(
        blueprint=blueprint, sort_order=0, count=2, type=QuestionType.SINGLE, topics=["分级"]
    )
    exam = make_assessment(blueprint, world.a, staff=[world.worker_a], title="分级考核")
    assignment = exam.assignments.get()

    login(client, world.worker_a)
    client.post(reverse("assessments:start", args=[assignment.pk]))
    attempt = Attempt.objects.get(assignment=assignment)
    slot_of = {slot.question_version.question_id: slot for slot in slots_of(attempt)}
    assert slot_of[letters.pk].option_order == ["A", "B", "C", "D"]

    page = client.get(reverse("assessments:take", args=[attempt.pk])).content.decode()
    shown = re.findall(
        r'value="(\w)"[^>]*>(?:<span class="exam-option-letter">(\w)\.</span>)?'
        r'<span class="exam-option-text">([^<]+)<',
        page,
    )
    letter_rows = [(letter, text) for _, letter, text in shown if text in LETTER_CLASSES]
    assert letter_rows == [(text[0], text) for text in LETTER_CLASSES]

    # Answer the letters question wrong (A类) and hand in: the review agrees with the page.
    save(client, attempt, slot_of[letters.pk].number, ["A"])
    save(client, attempt, slot_of[statements.pk].number, ["B"])
    client.post(reverse("assessments:submit", args=[attempt.pk]))
    review = client.get(reverse("assessments:result", args=[attempt.pk])).content.decode()
    item = review.split(f'id="q-{slot_of[letters.pk].number}"', 1)[1].split("</article>", 1)[0]
    assert "B. B类、较大风险企业 ✓" in item
    assert re.search(r"<dt>正确答案</dt><dd>B", item)
    assert "<dt>你的答案</dt><dd>A</dd>" in item
