"""题目质量分析: each side reads the statistics of its own bank only (managers their
enterprise's, the bureau its jurisdiction's shared bank), sortable, exported as .xlsx
without live formulas, and shown on the question's page."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse

from assessments.demo import ensure_regulator_group
from assessments.exams.services.answering import save_answer, submit_attempt
from assessments.exams.services.papers import start_attempt
from assessments.models import Question, QuestionType
from tests.bank.conftest import login
from tests.bank.urls import snippet_url
from tests.exams.builders import make_assessment, make_blueprint
from tests.exams.conftest import committed
from tests.factories import QuestionFactory, person

pytestmark = pytest.mark.django_db

REPORT = "assessments_item_statistics"


def sit(assessment, answers: dict[int, str]):
    """Each assignee answers question id → key as given (everyone the same)."""
    for assignment in assessment.assignments.all():
        attempt = start_attempt(assignment)
        for slot in attempt.slots.select_related("question_version"):
            save_answer(attempt, slot.number, [answers[slot.question_version.question_id]])
        with committed():
            submit_attempt(attempt)


@pytest.fixture
def answered(bank):
    """A's three workers sat the shared question and A's two own; B's worker the shared one
    and B's own. All right, except A's first own question: wrong for all (B chosen)."""
    bank.editor.jurisdiction = bank.j1
    bank.editor.save()
    ensure_regulator_group().user_set.add(bank.regulator.user)
    bank.own_a2 = QuestionFactory(enterprise=bank.a, stem="甲企业第二题：动火作业前检测什么？")
    for enterprise, answers, people in (
        (bank.a, {bank.shared.pk: "A", bank.own_a.pk: "B", bank.own_a2.pk: "A"}, 3),
        (bank.b, {bank.shared.pk: "A", bank.own_b.pk: "A"}, 1),
    ):
        rules = {QuestionType.SINGLE: len(answers)}
        blueprint = make_blueprint(bank.j1, rules, enterprise=enterprise)
        staff = [
            person(f"{enterprise.pk}号企业员工{n}", enterprise=enterprise) for n in range(people)
        ]
        sit(make_assessment(blueprint, enterprise, staff=staff), answers)
    return bank


def report(client, profile, **params) -> str:
    response = login(client, profile).get(reverse(REPORT), params)
    assert response.status_code == 200
    return response.content.decode()


def test_a_manager_reads_their_enterprise_bank_only(client, answered):
    page = report(client, answered.manager_a)
    assert answered.own_a.stem[:10] in page
    assert answered.shared.stem[:10] not in page
    assert answered.own_b.stem[:10] not in page
    # A's question: 3 attempts, nobody right (facility 0.00), chosen B by all.
    assert "<td>3</td>" in page and "<td>0.00</td>" in page
    assert "A 0%（正确） B 100%" in page


def test_the_other_enterprise_sees_its_own_question_only(client, answered):
    page = report(client, answered.manager_b)
    assert answered.own_b.stem[:10] in page
    assert answered.own_a.stem[:10] not in page
    assert answered.shared.stem[:10] not in page


@pytest.mark.parametrize("who", ["regulator", "editor"])
def test_the_bureau_reads_its_shared_bank(client, answered, who):
    page = report(client, getattr(answered, who))
    assert answered.shared.stem[:10] in page
    assert "<td>4</td>" in page  # 3 from A, 1 from B
    assert answered.own_a.stem[:10] not in page and answered.own_b.stem[:10] not in page


def test_another_jurisdiction_sees_none_of_it(client, answered):
    regulator_2 = person("乙区监管", regulator=True, jurisdiction=answered.j2)
    ensure_regulator_group().user_set.add(regulator_2.user)
    page = report(client, regulator_2)
    assert answered.shared.stem[:10] not in page
    assert "还没有已评分的首次作答" in page


def test_a_worker_gets_no_report(client, answered):
    response = login(client, answered.worker_a).get(reverse(REPORT))
    assert response.status_code in (302, 403)
    assert answered.own_a.stem[:10] not in response.content.decode()


def test_the_figures_on_the_question_page_and_a_404_outside(client, answered):
    page = login(client, answered.manager_a).get(snippet_url("inspect", answered.own_a.pk))
    html = page.content.decode()
    assert "题目质量（首次作答统计）" in html and "作答不满 10 人次" in html
    assert "<dt>作答人次</dt><dd>3</dd>" in html
    other = login(client, answered.manager_b).get(snippet_url("inspect", answered.own_a.pk))
    assert other.status_code == 404


def test_sorting_and_the_dubious_filter(client, answered):
    hard, easy = answered.own_a.stem[:10], answered.own_a2.stem[:10]
    page = report(client, answered.manager_a)  # by facility, hardest first
    assert page.index(hard) < page.index(easy)
    assert 'href="?sort=-facility"' in page  # the active column's link flips the order
    page = report(client, answered.manager_a, sort="-facility")
    assert page.index(easy) < page.index(hard)
    # With fewer than 10 attempts nothing is flagged yet.
    assert "没有存疑的题目" in report(client, answered.manager_a, dubious="1")


def test_the_export_is_a_formula_safe_workbook(client, answered):
    Question.objects.filter(pk=answered.own_a.pk).update(stem='=HYPERLINK("x") 甲企业题')
    response = login(client, answered.manager_a).get(reverse(REPORT), {"format": "xlsx"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("题目编号", "题型", "题干", "作答人次", "难度系数", "区分度")
    assert rows[1][0] == answered.own_a.pk
    assert rows[1][2] == '\'=HYPERLINK("x") 甲企业题'
    assert rows[1][3] == 3 and rows[1][4] == 0
    assert rows[1][6] == "A 0%（正确） B 100% C 0% D 0%"
    assert len(rows) == 3  # the headers, A's two questions


def test_the_report_reads_in_a_fixed_number_of_queries(client, answered, django_assert_num_queries):
    """Two questions (A's bank) and one (B's bank) cost the same: no query per row.

    Session, user, two permission reads, Wagtail's user profile; the bank's questions, the
    answered slots with their last answers, the keys; Wagtail's menu (locale, page and
    collection permissions, the root page)."""
    login(client, answered.manager_a)
    with django_assert_num_queries(12):
        assert client.get(reverse(REPORT)).status_code == 200
    login(client, answered.manager_b)
    with django_assert_num_queries(12):
        assert client.get(reverse(REPORT)).status_code == 200
