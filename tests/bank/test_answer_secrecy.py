"""A bank manager sitting an exam cannot read the answers of the questions on their paper.

While ``manager_a`` has a paper in progress, the answer key, explanation and 依据 of each
question on it (markers from the exam builders) appear on no bank screen and in no
export for them; after they hand the paper in, they do again. Others are unaffected.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import docx
import openpyxl
import pytest
from django.urls import reverse

from assessments.exams.selectors.answer_secrecy import (
    WITHHELD,
    WITHHELD_NOTICE,
    questions_hidden_from,
)
from assessments.exams.services.answering import submit_attempt
from assessments.exams.services.papers import start_attempt
from assessments.models import Question, QuestionType
from tests.bank.conftest import login
from tests.bank.forms_data import question_post
from tests.bank.urls import preview_url, snippet_url
from tests.exams.builders import (
    BASIS_MARKER,
    EXPLANATION_MARKER,
    FILL_ANSWER_MARKER,
    make_assessment,
    make_blueprint,
    make_question,
)

pytestmark = pytest.mark.django_db

MARKERS = (EXPLANATION_MARKER, BASIS_MARKER, FILL_ANSWER_MARKER)
NOTICE = "您有正在作答的试卷"


@dataclass
class Sitting:
    paper: list[Question]  # the questions on manager_a's open paper
    own: Question  # the one in A's own bank, which manager_a may edit
    attempt: object


@pytest.fixture
def sitting(bank) -> Sitting:
    """manager_a starts a paper drawing every fill, multiple and true/false question there is."""
    fill = make_question(bank.j1, type=QuestionType.FILL, number=1)
    own = make_question(bank.j1, type=QuestionType.MULTIPLE, number=2, enterprise=bank.a)
    true_false = make_question(bank.j1, type=QuestionType.TRUE_FALSE, number=3)
    blueprint = make_blueprint(
        bank.j1, {QuestionType.FILL: 1, QuestionType.MULTIPLE: 1, QuestionType.TRUE_FALSE: 1}
    )
    exam = make_assessment(blueprint, bank.a, staff=[bank.manager_a])
    attempt = start_attempt(exam.assignments.get(staff=bank.manager_a))
    paper = [fill, own, true_false]
    on_paper = set(attempt.slots.values_list("question_version__question_id", flat=True))
    assert on_paper == {q.pk for q in paper}
    return Sitting(paper=paper, own=own, attempt=attempt)


def body(response) -> str:
    """The response as text: a page, a CSV, or the cells of an .xlsx / paragraphs of a .docx."""
    assert response.status_code == 200, response
    data = b"".join(response.streaming_content) if response.streaming else response.content
    content_type = response["Content-Type"]
    if "spreadsheetml" in content_type:
        workbook = openpyxl.load_workbook(io.BytesIO(data))
        cells = [c.value for s in workbook.worksheets for r in s.iter_rows() for c in r]
        return "\n".join(str(value) for value in cells if value is not None)
    if "wordprocessingml" in content_type:
        return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    return data.decode("utf-8-sig")


def assert_clean(text: str, where: str) -> None:
    for marker in MARKERS:
        assert marker not in text, f"{marker} leaked in {where}"


def surfaces(sitting: Sitting) -> dict[str, str]:
    urls = {"list": snippet_url("list")}
    for question in sitting.paper:
        urls[f"inspect {question.pk}"] = snippet_url("inspect", question.pk)
        urls[f"answer preview {question.pk}"] = preview_url(question.pk, "answer")
    for export in ("csv", "xlsx", "docx", "bank-xlsx"):
        urls[f"export {export}"] = snippet_url("list") + f"?export={export}"
    return urls


def test_the_selector_names_the_questions_on_the_open_paper(bank, sitting):
    assert set(questions_hidden_from(bank.manager_a.user)) == set(sitting.paper)
    assert not questions_hidden_from(bank.editor.user).exists()


def test_no_bank_screen_or_export_shows_the_answers_while_the_paper_is_open(client, bank, sitting):
    login(client, bank.manager_a)
    for where, url in surfaces(sitting).items():
        assert_clean(body(client.get(url)), where)


def test_the_screens_say_why(client, bank, sitting):
    login(client, bank.manager_a)
    assert WITHHELD_NOTICE in body(client.get(snippet_url("list")))
    question = sitting.paper[0]
    inspect = body(client.get(snippet_url("inspect", question.pk)))
    assert WITHHELD_NOTICE in inspect and WITHHELD in inspect
    assert "预览（含答案与解析）" not in inspect
    assert WITHHELD_NOTICE in body(client.get(preview_url(question.pk, "answer")))
    csv_text = body(client.get(snippet_url("list") + "?export=csv"))
    rows = {row[2]: row for row in csv.reader(io.StringIO(csv_text))}
    assert rows[question.stem][4:6] == [WITHHELD, WITHHELD]  # 答案, 解析
    # A question not on the paper keeps its answer.
    assert rows[bank.shared.stem][5] == bank.shared.explanation


def test_searching_the_list_for_an_answer_finds_nothing_on_the_paper(client, bank, sitting):
    fill = sitting.paper[0]
    login(client, bank.manager_a)
    search = snippet_url("list") + f"?q={fill.explanation}"
    assert fill.stem not in body(client.get(search))
    login(client, bank.editor)
    assert fill.stem in body(client.get(search))  # the search itself does find it


def test_the_bank_file_exports_leave_the_paper_out(client, bank, sitting):
    login(client, bank.manager_a)
    text = body(client.get(snippet_url("list") + "?export=bank-xlsx"))
    assert bank.own_a.stem in text
    assert not [q for q in sitting.paper if q.stem in text]


def test_editing_a_question_on_the_paper_is_refused(client, bank, sitting):
    login(client, bank.manager_a)
    own = sitting.own
    response = client.get(snippet_url("edit", own.pk))
    assert response.status_code == 302
    assert response["Location"] == snippet_url("inspect", own.pk)
    assert_clean(body(client.get(response["Location"])), "inspect after refused edit")
    # A forged save changes nothing; the live preview of the form is refused too.
    client.post(snippet_url("edit", own.pk), question_post(own, explanation="改过的解析"))
    assert Question.objects.get(pk=own.pk).explanation == own.explanation
    preview = client.get(snippet_url("preview_on_edit", own.pk) + "?mode=answer")
    assert preview.status_code != 200  # Wagtail turns the refusal into a redirect home
    regrade = client.get(reverse("assessments_question_regrade", args=[own.pk]))
    assert regrade.status_code == 302
    assert regrade["Location"] == snippet_url("inspect", own.pk)


def test_others_still_see_the_answers(client, bank, sitting):
    login(client, bank.editor)
    page = body(client.get(snippet_url("inspect", sitting.paper[0].pk)))
    assert f"{EXPLANATION_MARKER}1" in page and NOTICE not in page


def test_after_handing_in_the_answers_are_visible_again(client, bank, sitting):
    submit_attempt(sitting.attempt, actor=bank.manager_a.user)
    login(client, bank.manager_a)
    assert NOTICE not in body(client.get(snippet_url("list")))
    for question in sitting.paper:
        number = question.explanation.removeprefix(EXPLANATION_MARKER)
        assert question.explanation in body(client.get(snippet_url("inspect", question.pk)))
        assert question.explanation in body(client.get(preview_url(question.pk, "answer")))
        assert f"{BASIS_MARKER}{number}" in body(client.get(snippet_url("list") + "?export=csv"))
    assert sitting.own.stem in body(client.get(snippet_url("list") + "?export=bank-xlsx"))
    assert client.get(snippet_url("edit", sitting.own.pk)).status_code == 200
