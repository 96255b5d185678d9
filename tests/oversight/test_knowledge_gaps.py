"""知识薄弱点: the heat map's figures against answers chosen by hand, its drill-down, the
.xlsx, who may see what, and the page's query budget.

Every paper holds the same three questions (the bank has exactly the three singles the
blueprint draws): q1 and q2 cite provision P1, q3 cites P2. Enterprise A's answers:

    person  post   department  q1  q2  q3
    syn1    合成岗  合成车间     R   R   W
    syn2    合成岗  合成车间     W   R   R
    syn3    合成岗  (none)      R   W   R
    sto1    储运岗  储运车间     R   R   W
    sto2    储运岗  储运车间     W   W   W

so P1 × 合成岗 = 4 of 6 right (67 %), P2 × 合成岗 = 2 of 3 (样本不足), P1 × 储运岗 = 2 of 4
(样本不足), P2 × 储运岗 = 0 of 2; P1 = 6 of 10 (60 %), P2 = 2 of 5 (40 %, first).
Enterprise B (same jurisdiction): b1 (合成岗) gets all three wrong.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import timedelta

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Enterprise, StaffProfile
from assessments.exams.engine.knowledge_gaps import Cell, period_from
from assessments.exams.selectors.knowledge_gaps import Axis, gap_grid
from assessments.exams.services.answering import save_answer, submit_attempt
from assessments.exams.services.papers import start_attempt
from assessments.models import Attempt, QuestionType
from tests.exams.builders import (
    correct_response,
    make_assessment,
    make_blueprint,
    make_question,
    wrong_response,
)
from tests.factories import DepartmentFactory, person, two_jurisdictions

pytestmark = pytest.mark.django_db

ANSWERS = {  # person → (q1, q2, q3) right?
    "syn1": (True, True, False),
    "syn2": (False, True, True),
    "syn3": (True, False, True),
    "sto1": (True, True, False),
    "sto2": (False, False, False),
}


def provisions():
    """One published regulation with two provisions."""
    from content.regulations.models import Provision, RegulationIndexPage, RegulationPage
    from safetykb.demo.pages import ensure_page_tree

    ensure_page_tree()
    page = RegulationPage(title="中华人民共和国安全生产法", slug="aqscf")
    RegulationIndexPage.objects.get().add_child(instance=page)
    page.save_revision().publish()
    return [
        Provision.objects.create(
            page=page, kind="article", label=label, number=n, anchor=f"art-{n}", text="…"
        )
        for n, label in ((28, "第二十八条"), (29, "第二十九条"))
    ]


@dataclass
class GapWorld:
    a: Enterprise
    b: Enterprise
    c: Enterprise
    p1: object
    p2: object
    questions: list
    people: dict[str, StaffProfile]
    b1: StaffProfile
    manager_a: StaffProfile
    principal_a: StaffProfile
    manager_b: StaffProfile
    regulator_1: StaffProfile
    regulator_2: StaffProfile
    worker_a: StaffProfile
    editor: StaffProfile
    blueprint: object


def sit(assessment, staff, rights, questions) -> Attempt:
    """``staff`` sits ``assessment``: right on the questions where ``rights`` says so."""
    attempt = start_attempt(assessment.assignments.get(staff=staff))
    right = {q.pk for q, ok in zip(questions, rights, strict=True) if ok}
    for slot in attempt.slots.select_related("question_version"):
        ok = slot.question_version.question_id in right
        save_answer(attempt, slot.number, correct_response(slot) if ok else wrong_response(slot))
    return submit_attempt(attempt)


@pytest.fixture
def gw() -> GapWorld:
    tj = two_jurisdictions()
    p1, p2 = provisions()
    questions = [
        make_question(tj.j1, number=1, provision=p1),
        make_question(tj.j1, number=2, provision=p1),
        make_question(tj.j1, number=3, provision=p2),
    ]
    synthesis = DepartmentFactory(enterprise=tj.a, name="合成车间")
    storage = DepartmentFactory(enterprise=tj.a, name="储运车间")
    places = {
        "syn1": ("合成岗", synthesis),
        "syn2": ("合成岗", synthesis),
        "syn3": ("合成岗", None),
        "sto1": ("储运岗", storage),
        "sto2": ("储运岗", storage),
    }
    people = {
        name: person(f"甲{name}", enterprise=tj.a, post=post, department=department)
        for name, (post, department) in places.items()
    }
    b1 = person("乙b1", enterprise=tj.b, post="合成岗")
    blueprint = make_blueprint(tj.j1, {QuestionType.SINGLE: 3})
    exam_a = make_assessment(blueprint, tj.a, staff=people.values())
    exam_b = make_assessment(blueprint, tj.b, staff=[b1])
    for name, member in people.items():
        sit(exam_a, member, ANSWERS[name], questions)
    sit(exam_b, b1, (False, False, False), questions)
    return GapWorld(
        a=tj.a,
        b=tj.b,
        c=tj.c,
        p1=p1,
        p2=p2,
        questions=questions,
        people=people,
        b1=b1,
        manager_a=person("甲安全员", enterprise=tj.a, safety_manager=True),
        principal_a=person("甲负责人", enterprise=tj.a, principal=True),
        manager_b=person("乙安全员", enterprise=tj.b, safety_manager=True),
        regulator_1=person("甲区监管", regulator=True, jurisdiction=tj.j1),
        regulator_2=person("乙区监管", regulator=True, jurisdiction=tj.j2),
        worker_a=people["syn1"],
        editor=person("编辑", editor=True),
        blueprint=blueprint,
    )


def default_period():
    return period_from(None, timezone.localdate())


def grid_of(enterprises, axis=Axis.POST, period=None):
    return gap_grid(enterprises, period or default_period(), axis)


# --- the figures ---------------------------------------------------------------------------


def test_the_grid_of_an_enterprise_matches_the_answers_by_hand(gw):
    grid = grid_of(Enterprise.objects.filter(pk=gw.a.pk))
    p1, p2 = gw.p1.pk, gw.p2.pk
    assert grid.cell(p1, "合成岗") == Cell(6, 4) and grid.cell(p1, "合成岗").percent == 67
    assert grid.cell(p2, "合成岗") == Cell(3, 2)
    assert grid.cell(p1, "储运岗") == Cell(4, 2)
    assert grid.cell(p2, "储运岗") == Cell(2, 0)
    assert grid.rows == (p2, p1)  # 40 % before 60 %
    assert grid.row_totals[p1] == Cell(10, 6) and grid.row_totals[p2] == Cell(5, 2)
    # Cells under the threshold are marked; the one with six answers is coloured.
    assert grid.cell(p2, "合成岗").is_sparse and grid.cell(p1, "储运岗").is_sparse
    assert not grid.cell(p1, "合成岗").is_sparse and grid.cell(p1, "合成岗").band == 1


def test_by_department_people_without_one_have_their_own_column(gw):
    grid = grid_of(Enterprise.objects.filter(pk=gw.a.pk), Axis.DEPARTMENT)
    synthesis = str(gw.people["syn1"].department_id)
    assert grid.cell(gw.p1.pk, synthesis) == Cell(4, 3)  # syn1, syn2
    assert grid.cell(gw.p1.pk, "") == Cell(2, 1)  # syn3


def test_the_jurisdiction_adds_the_other_enterprise(gw):
    grid = grid_of(Enterprise.objects.filter(jurisdiction=gw.a.jurisdiction))
    assert grid.cell(gw.p1.pk, "合成岗") == Cell(8, 4)  # + b1's two wrong answers


def test_only_first_graded_attempts_in_the_period_count(gw):
    syn1 = gw.people["syn1"]
    # A round with a second try: the first, all wrong, graded 200 days ago; the second,
    # all right, today. Only the first counts (item statistics' rule), in its own period.
    retry = make_blueprint(gw.a.jurisdiction, {QuestionType.SINGLE: 3}, attempts_allowed=2)
    old = make_assessment(retry, gw.a, staff=[syn1], title="可补考的一轮")
    first = sit(old, syn1, (False, False, False), gw.questions)
    long_ago = timezone.now() - timedelta(days=200)
    Attempt.objects.filter(pk=first.pk).update(graded_at=long_ago)
    second = sit(old, syn1, (True, True, True), gw.questions)
    assert (first.number, second.number) == (1, 2)
    # A paper still being answered counts nowhere.
    in_progress = make_assessment(gw.blueprint, gw.a, staff=[syn1], title="进行中")
    start_attempt(in_progress.assignments.get())

    a = Enterprise.objects.filter(pk=gw.a.pk)
    assert grid_of(a).cell(gw.p1.pk, "合成岗") == Cell(6, 4)
    year = period_from(str(long_ago.year), timezone.localdate())
    expected = Cell(8, 4) if long_ago.year == timezone.localdate().year else Cell(2, 0)
    assert grid_of(a, period=year).cell(gw.p1.pk, "合成岗") == expected


def test_a_provision_linked_after_the_question_was_asked_counts(gw):
    question = make_question(gw.a.jurisdiction, number=9)  # no provision when asked
    blueprint = make_blueprint(gw.a.jurisdiction, {QuestionType.SINGLE: 4}, name="四题")
    exam = make_assessment(blueprint, gw.a, staff=[gw.people["syn1"]], title="四题卷")
    sit(exam, gw.people["syn1"], (True, True, True), [*gw.questions])  # q9 wrong
    before = grid_of(Enterprise.objects.filter(pk=gw.a.pk)).cell(gw.p2.pk, "合成岗")
    type(question).objects.filter(pk=question.pk).update(source_provision=gw.p2)
    after = grid_of(Enterprise.objects.filter(pk=gw.a.pk)).cell(gw.p2.pk, "合成岗")
    assert after == before + Cell(1, 0)


# --- the pages -----------------------------------------------------------------------------


def get(client, profile, name="oversight:gaps", args=(), **params):
    client.force_login(profile.user)
    return client.get(reverse(name, args=args), params)


def test_the_managers_page_shows_the_grid_with_numbers_and_greyed_cells(client, gw):
    response = get(client, gw.manager_a)
    assert response.status_code == 200
    html = response.content.decode()
    assert "知识薄弱点 · " + gw.a.name in html
    assert "第二十八条" in html and "第二十九条" in html
    assert "67%" in html and "6人次" in html  # P1 × 合成岗, the number printed, not only coloured
    assert html.count("heat-sparse") >= 3  # two sparse cells and the legend
    assert "样本不足" in html
    assert "首次作答" in html and "近90天" in html
    assert gw.b.name not in html  # no enterprise filter for a manager


def test_a_cell_lists_its_questions_and_the_people_who_got_them_wrong(client, gw):
    response = get(
        client, gw.principal_a, "oversight:gap_cell", [gw.p1.pk], axis="post", column="合成岗"
    )
    assert response.status_code == 200
    html = response.content.decode()
    for question in gw.questions[:2]:
        assert question.stem in html
    assert gw.questions[2].stem not in html  # P2's question
    assert "甲syn2" in html and "甲syn3" in html
    assert "甲syn1" not in html  # right on both
    assert "甲sto2" not in html and "乙b1" not in html  # another post; another enterprise
    assert "正确率67%" in html


def test_a_department_cell_for_people_without_one(client, gw):
    response = get(
        client, gw.manager_a, "oversight:gap_cell", [gw.p1.pk], axis="department", column=""
    )
    html = response.content.decode()
    assert response.status_code == 200 and "未分配部门" in html and "甲syn3" in html
    assert "甲syn2" not in html


def test_the_regulator_sees_the_jurisdiction_and_can_pick_an_enterprise(client, gw):
    html = get(client, gw.regulator_1).content.decode()
    assert "辖区全部企业" in html and gw.b.name in html  # the filter lists both enterprises
    cell = get(
        client, gw.regulator_1, "oversight:gap_cell", [gw.p1.pk], axis="post", column="合成岗"
    ).content.decode()
    assert "乙b1" in cell and "甲syn2" in cell
    only_b = get(
        client,
        gw.regulator_1,
        "oversight:gap_cell",
        [gw.p1.pk],
        axis="post",
        column="合成岗",
        enterprise=gw.b.pk,
    ).content.decode()
    assert "乙b1" in only_b and "甲syn2" not in only_b


@pytest.mark.parametrize("name", ["oversight:gaps", "oversight:gap_cell"])
def test_another_enterprise_or_jurisdiction_is_a_404(client, gw, name):
    args = [gw.p1.pk] if name == "oversight:gap_cell" else []
    params = {"axis": "post", "column": "合成岗", "enterprise": gw.a.pk}
    assert get(client, gw.manager_b, name, args, **params).status_code == 404
    assert get(client, gw.regulator_2, name, args, **params).status_code == 404
    assert get(client, gw.manager_a, name, args, **{**params, "enterprise": "x"}).status_code == 404


def test_another_enterprises_manager_sees_only_their_own_people(client, gw):
    html = get(
        client, gw.manager_b, "oversight:gap_cell", [gw.p1.pk], axis="post", column="合成岗"
    ).content.decode()
    assert "乙b1" in html and "甲syn2" not in html


def test_the_regulator_of_another_jurisdiction_sees_none_of_its_answers(client, gw):
    html = get(client, gw.regulator_2).content.decode()
    assert "第二十八条" not in html and "没有已评分" in html


@pytest.mark.parametrize("who", ["worker_a", "editor"])
def test_workers_and_editors_are_refused(client, gw, who):
    profile = getattr(gw, who)
    assert get(client, profile).status_code == 403
    assert get(client, profile, "oversight:gap_cell", [gw.p1.pk]).status_code == 403


def test_an_unknown_provision_or_column_is_a_404(client, gw):
    assert get(client, gw.manager_a, "oversight:gap_cell", [999999]).status_code == 404
    response = get(
        client, gw.manager_a, "oversight:gap_cell", [gw.p1.pk], axis="department", column="x"
    )
    assert response.status_code == 404


def test_the_export_opens_and_holds_the_grid(client, gw):
    response = get(client, gw.manager_a, format="xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = rows[0]
    assert header[:4] == ["法规/文件", "条款", "合计正确率（%）", "合计作答人次"]
    syn = header.index("合成岗 正确率（%）")
    sto = header.index("储运岗 正确率（%）")
    p2, p1, total = rows[1], rows[2], rows[3]
    assert p2[1] == "第二十九条" and p2[2:4] == [40, 5]
    assert p1[1] == "第二十八条" and p1[syn : syn + 2] == [67, 6]
    assert p1[sto : sto + 2] == ["样本不足", 4]
    assert total[0] == "合计" and total[2:4] == [53, 15]


def test_a_post_that_looks_like_a_formula_is_exported_as_text(client, gw):
    StaffProfile.objects.filter(pk=gw.people["sto1"].pk).update(post="=HYPERLINK(1)")
    sheet = openpyxl.load_workbook(
        io.BytesIO(get(client, gw.manager_a, format="xlsx").content)
    ).active
    headers = [cell.value for cell in sheet[1]]
    assert "'=HYPERLINK(1) 正确率（%）" in headers


def test_the_page_costs_the_same_queries_with_more_people_and_answers(
    client, gw, django_assert_num_queries
):
    client.force_login(gw.manager_a.user)
    url = reverse("oversight:gaps")
    with django_assert_num_queries(QUERIES_MANAGER_PAGE):
        assert client.get(url).status_code == 200
    more = [person(f"甲more{n}", enterprise=gw.a, post=f"岗{n}") for n in range(4)]
    exam = make_assessment(gw.blueprint, gw.a, staff=more, title="又一轮")
    for member in more:
        sit(exam, member, (True, False, True), gw.questions)
    with django_assert_num_queries(QUERIES_MANAGER_PAGE):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(QUERIES_MANAGER_PAGE + 1):  # the departments' names
        assert client.get(url, {"axis": "department"}).status_code == 200


#: session, user with profile, the enterprise, the grid, the provisions' labels, and the
#: base template's count of training notices (a context processor).
QUERIES_MANAGER_PAGE = 6


def test_the_dashboards_link_the_heat_map(client, gw):
    gaps = reverse("oversight:gaps")
    assert gaps in get(client, gw.manager_a, "oversight:enterprise_dashboard").content.decode()
    regulator_pages = (
        get(client, gw.regulator_1, "oversight:jurisdiction_dashboard"),
        get(client, gw.regulator_1, "oversight:jurisdiction"),
    )
    assert all(gaps in page.content.decode() for page in regulator_pages)
    detail = get(client, gw.regulator_1, "oversight:enterprise_detail", [gw.a.pk])
    assert f"{gaps}?enterprise={gw.a.pk}" in detail.content.decode()


def test_a_post_with_markup_is_escaped_in_the_grid(client, gw):
    StaffProfile.objects.filter(pk=gw.people["sto1"].pk).update(post="<b>储运</b>")
    html = get(client, gw.manager_a).content.decode()
    assert "<b>储运</b>" not in html and "&lt;b&gt;储运&lt;/b&gt;" in html
