"""The plan pages and downloads as each role uses them; out of scope is a 404."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse
from docx import Document

from accounts.vocab import Level
from safetykb.models import Signature
from tests.factories import TEST_PASSWORD, person
from tests.training_plans.builders import PlanWorld, line
from training.models import PlanStatus, TrainingPlan

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return PlanWorld()


@pytest.fixture
def plan(world):
    return world.draft(2026, line(hours="12", course="危化品安全再培训"))


def login(client, profile):
    client.force_login(profile.user)
    return client


def test_the_plan_page_shows_minimums_warnings_and_the_approval_form(client, world, plan):
    page = login(client, world.principal).get(reverse("training:plan", args=[plan.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "危化品安全再培训" in html
    assert "≥ 20 学时（《生产经营单位安全培训规定》第十三条）" in html
    assert "还差 8 学时" in html  # operators: 12 planned against 20
    assert "签名审批" in html and "添加培训条目" not in html


def test_the_safety_manager_adds_lines_but_cannot_approve(client, world, plan):
    login(client, world.manager)
    response = client.post(
        reverse("training:plan_line_add", args=[plan.pk]),
        {
            "level": Level.PRINCIPAL,
            "kind": "refresher",
            "course": "主要负责人再培训",
            "hours": "16",
            "month": "4",
            "trainer": "市安全培训中心",
            "audience": "主要负责人",
        },
    )
    assert response.status_code == 302
    assert plan.lines.filter(course="主要负责人再培训").exists()
    bad = client.post(reverse("training:plan_line_add", args=[plan.pk]), {"course": "缺项"})
    assert bad.status_code == 400
    assert "请填写人员层级。" in bad.content.decode()
    assert "请填写计划学时（每人）。" in bad.content.decode()
    refused = client.post(
        reverse("training:plan_approve", args=[plan.pk]), {"password": TEST_PASSWORD}
    )
    assert refused.status_code == 403
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_approval_through_the_page_needs_the_right_password(client, world, plan):
    login(client, world.principal)
    url = reverse("training:plan_approve", args=[plan.pk])
    wrong = client.post(url, {"password": "not-it"})
    assert wrong.status_code == 400
    assert "登录密码不正确" in wrong.content.decode()
    assert client.post(url, {"password": TEST_PASSWORD}).status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    page = client.get(reverse("training:plan", args=[plan.pk])).content.decode()
    assert "内容未改动" in page
    assert reverse("training:plan_approve", args=[plan.pk]) not in page  # approved once


def test_revision_through_the_page(client, world, plan):
    login(client, world.principal).post(
        reverse("training:plan_approve", args=[plan.pk]), {"password": TEST_PASSWORD}
    )
    login(client, world.manager)
    edit = client.post(
        reverse("training:plan_line_edit", args=[plan.pk, plan.lines.get().pk]),
        {"course": "改"},
    )
    assert edit.status_code == 302  # refused with a message, nothing changed
    assert plan.lines.get().course == "危化品安全再培训"
    response = client.post(reverse("training:plan_revise", args=[plan.pk]), {"reason": "增加课时"})
    revision = TrainingPlan.objects.get(revises=plan)
    assert response.url == reverse("training:plan", args=[revision.pk])
    page = client.get(reverse("training:plan", args=[revision.pk])).content.decode()
    assert "第1版" in page and "第2版" in page and "增加课时" in page


def test_exports_open_and_hold_the_lines(client, world, plan):
    login(client, world.manager)
    xlsx = client.get(reverse("training:plan_xlsx", args=[plan.pk]))
    assert xlsx.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    values = [c for row in book["培训计划"].iter_rows(values_only=True) for c in row]
    assert "危化品安全再培训" in values and 12 in values
    warnings = [r[0] for r in book["学时预警"].iter_rows(min_row=2, values_only=True)]
    assert any("还差 8 学时" in w for w in warnings)
    docx = client.get(reverse("training:plan_docx", args=[plan.pk]))
    document = Document(io.BytesIO(docx.content))
    text = "\n".join(cell.text for t in document.tables for r in t.rows for cell in r.cells)
    assert "危化品安全再培训" in text
    assert "2026年度安全培训计划" in "\n".join(p.text for p in document.paragraphs)


def test_a_formula_in_a_course_name_is_neutralised_in_the_xlsx(client, world):
    plan = world.draft(2026, line(course='=HYPERLINK("http://x","点")'))
    response = login(client, world.manager).get(reverse("training:plan_xlsx", args=[plan.pk]))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    values = [c for row in book["培训计划"].iter_rows(values_only=True) for c in row]
    assert '\'=HYPERLINK("http://x","点")' in values


# (url name, method, needs a line, the roles the page is for: others get the 403 page)
PLAN_URLS = [
    ("training:plan", "get", False, ("manager", "principal")),
    ("training:plan_xlsx", "get", False, ("manager", "principal")),
    ("training:plan_docx", "get", False, ("manager", "principal")),
    ("training:plan_line_add", "post", False, ("manager",)),
    ("training:plan_line_edit", "get", True, ("manager",)),
    ("training:plan_line_delete", "post", True, ("manager",)),
    ("training:plan_approve", "post", False, ("principal",)),
    ("training:plan_revise", "post", False, ("manager",)),
]


def _url(name, plan, extra):
    args = [plan.pk] + ([plan.lines.first().pk] if extra else [])
    return reverse(name, args=args)


@pytest.mark.parametrize(("name", "method", "extra", "roles"), PLAN_URLS)
def test_another_enterprises_plan_is_a_404(client, plan, name, method, extra, roles):
    other = PlanWorld("康源制药", jurisdiction=plan.enterprise.jurisdiction)
    url = _url(name, plan, extra)
    for profile in (getattr(other, role) for role in roles):
        client.force_login(profile.user)
        assert getattr(client, method)(url).status_code == 404, (profile, url)


@pytest.mark.parametrize(("name", "method", "extra", "roles"), PLAN_URLS[:3])
def test_regulators_read_their_jurisdiction_only(client, world, plan, name, method, extra, roles):
    url = _url(name, plan, extra)
    own = person("本区监管", regulator=True, jurisdiction=world.enterprise.jurisdiction)
    client.force_login(own.user)
    assert client.get(url).status_code == 200
    stranger = person("外区监管", regulator=True)
    client.force_login(stranger.user)
    assert client.get(url).status_code == 404


def test_regulators_and_workers_cannot_write(client, world, plan):
    regulator = person("本区监管", regulator=True, jurisdiction=world.enterprise.jurisdiction)
    worker = person("操作工", enterprise=world.enterprise)
    for profile in (regulator, worker):
        client.force_login(profile.user)
        assert client.post(reverse("training:plan_approve", args=[plan.pk])).status_code == 403
        assert client.post(reverse("training:plan_revise", args=[plan.pk])).status_code == 403
        assert client.post(reverse("training:plan_create"), {"year": 2027}).status_code == 403
    client.force_login(worker.user)
    assert client.get(reverse("training:plan", args=[plan.pk])).status_code == 403
    assert client.get(reverse("training:plans")).status_code == 403
    assert not Signature.objects.exists()


def test_the_list_shows_only_plans_in_scope_and_creates_a_copy(client, world, plan):
    other = PlanWorld("康源制药")
    other.draft(2026, line(course="别家的课程"))
    login(client, world.manager)
    page = client.get(reverse("training:plans")).content.decode()
    assert world.enterprise.name in page and other.enterprise.name not in page
    response = client.post(reverse("training:plan_create"), {"year": 2027, "copy_from": plan.pk})
    copy = TrainingPlan.objects.get(enterprise=world.enterprise, year=2027)
    assert response.url == reverse("training:plan", args=[copy.pk])
    assert copy.lines.get().course == "危化品安全再培训"
    other_plan = TrainingPlan.objects.get(enterprise=other.enterprise)
    refused = client.post(
        reverse("training:plan_create"), {"year": 2028, "copy_from": other_plan.pk}
    )
    assert refused.status_code == 400
