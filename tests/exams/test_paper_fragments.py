"""The paper page's questions, rendered once per question content and filled per request:
each slot shows its own option order, number and saved answer, an edited question its new
text, and nothing carries an answer."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from assessments.bank.services import save_question
from assessments.exams.services.papers import start_attempt
from assessments.models import AttemptSlot, Question, QuestionType
from tests.exams.builders import LEAK_MARKERS
from tests.exams.conftest import login
from tests.exams.test_taking import save, slots_of

pytestmark = pytest.mark.django_db

FILL_TEXT = '<b>动火</b> & "审批"'


def paper(client, attempt) -> dict[int, dict]:
    response = client.get(reverse("assessments:take", args=[attempt.pk]))
    assert response.status_code == 200
    return questions_shown(response.content.decode())


def questions_shown(page: str) -> dict[int, dict]:
    """What a paper page shows per question: type, stem, options (key, letter, text,
    ticked), the 填空 text and the saved step it rests on (None without one)."""
    assert not [marker for marker in LEAK_MARKERS if marker in page]
    shown = {}
    for fieldset in BeautifulSoup(page, "html.parser").select("fieldset.exam-q"):
        number = int(fieldset["data-number"])
        assert fieldset["id"] == f"q-{number}"
        assert fieldset.select_one(".exam-q-number").text == f"第 {number} 题"
        fill = fieldset.select_one(f'input[type="text"][name="q-{number}"]')
        shown[number] = {
            "type": fieldset["data-type"],
            "stem": fieldset.select_one(".exam-q-stem").text,
            "points": fieldset.select_one("legend .muted").text,
            "base": base["value"]
            if (base := fieldset.select_one(f'[name="base-{number}"]'))
            else None,
            "fill": fill["value"] if fill else None,
            "options": [
                (
                    label.input["value"],
                    label.select_one(".exam-option-letter").text
                    if label.select_one(".exam-option-letter")
                    else "",
                    label.select_one(".exam-option-text").text,
                    label.input.has_attr("checked"),
                )
                for label in fieldset.select("label.exam-option")
                if label.input["name"] == f"q-{number}"
            ],
        }
    return shown


def expected_options(slot, chosen=()) -> list[tuple[str, str, str, bool]]:
    content = slot.question_version.content
    if content["type"] == QuestionType.FILL:
        return []
    texts = {"true": "正确", "false": "错误"} | {o["key"]: o["text"] for o in content["options"]}
    lettered = content["type"] != QuestionType.TRUE_FALSE
    return [
        (key, f"{chr(ord('A') + i)}." if lettered else "", texts[key], key in chosen)
        for i, key in enumerate(slot.option_order)
    ]


def test_each_question_shows_its_slot_and_saved_answer(client, world):
    attempt = start_attempt(world.exam_a.assignments.get(staff=world.worker_a))
    login(client, world.worker_a)
    before = paper(client, attempt)
    chosen = {}
    for slot in slots_of(attempt):
        question_type = slot.question_version.content["type"]
        if question_type == QuestionType.FILL:
            chosen[slot.number] = [FILL_TEXT]
        elif question_type == QuestionType.MULTIPLE:
            chosen[slot.number] = sorted(slot.option_order[1:3])
        else:
            chosen[slot.number] = [slot.option_order[-1]]
        assert save(client, attempt, slot.number, chosen[slot.number]).status_code == 200
    after = paper(client, attempt)

    steps = {slot.number: slot.steps.order_by("-pk").first().pk for slot in slots_of(attempt)}
    for slot in slots_of(attempt):
        content = slot.question_version.content
        is_fill = content["type"] == QuestionType.FILL
        assert before[slot.number] == {
            "type": content["type"],
            "stem": content["stem"],
            "points": "20 分",
            "base": "0",
            "fill": "" if is_fill else None,
            "options": expected_options(slot),
        }
        assert after[slot.number] == {
            **before[slot.number],
            "base": str(steps[slot.number]),
            "fill": FILL_TEXT if is_fill else None,  # escaped in the HTML, read back as typed
            "options": expected_options(slot, chosen[slot.number]),
        }


def test_one_question_in_two_option_orders(client, world):
    attempt = start_attempt(world.exam_a.assignments.get(staff=world.worker_a))
    login(client, world.worker_a)
    slot = next(s for s in slots_of(attempt) if s.question_version.content["type"] == "single")
    assert paper(client, attempt)[slot.number]["options"] == expected_options(slot)
    # The same content again (rendered once), with the options in another order.
    AttemptSlot.objects.filter(pk=slot.pk).update(option_order=slot.option_order[::-1])
    slot.refresh_from_db()
    options = paper(client, attempt)[slot.number]["options"]
    assert [key for key, *_ in options] == slot.option_order
    assert options == expected_options(slot)


def test_an_edited_question_renders_its_new_text(client, world):
    attempt = start_attempt(world.exam_a.assignments.get(staff=world.worker_a))
    login(client, world.worker_a)
    slot = slots_of(attempt)[0]
    old_stem = slot.question_version.content["stem"]
    assert paper(client, attempt)[slot.number]["stem"] == old_stem

    question = Question.objects.get(pk=slot.question_version.question_id)
    question.stem = "修订后的题干：动火作业前应当（ ）。"
    save_question(question, user=None)
    new_version = question.versions.order_by("-number").first()
    assert new_version.pk != slot.question_version_id  # the used version stays as it was

    other = start_attempt(world.exam_a.assignments.get(staff=world.colleague_a))
    AttemptSlot.objects.filter(attempt=other, number=1).update(question_version=new_version)
    login(client, world.colleague_a)
    assert paper(client, other)[1]["stem"] == "修订后的题干：动火作业前应当（ ）。"
    login(client, world.worker_a)
    assert paper(client, attempt)[slot.number]["stem"] == old_stem  # the frozen text
