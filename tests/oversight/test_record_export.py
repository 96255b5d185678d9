"""The record as a 现场检查记录 .docx and the score sheet as .xlsx, opened with
python-docx and openpyxl: sample, scores, 缺考, findings, signature images, seal."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from docx import Document

from assessments.exams.services.answering import submit_attempt
from oversight import findings, inspections, record_signing, spot_joining, spot_tests
from oversight.drawn import signature_png
from oversight.models import CheckKind, CheckResult, InspectionState
from oversight.record_export import verification_code
from tests.exams.builders import answer_all
from tests.factories import TEST_PASSWORD, person
from tests.oversight.test_findings import issue
from tests.oversight.world import build_world, spot_open

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def provision():
    from safetykb.demo.pages import ensure_page_tree
    from tests.search.builders import make_regulation

    ensure_page_tree()
    return make_regulation("安全生产法", [("第二十八条", "", "教育和培训。")]).provisions.get()


@pytest.fixture
def filed(world, provision):
    passed, absent = world.workers[:2]
    inspection, spot = spot_open(world, [passed, absent])
    attempt = spot_joining.join(passed.user, code=spot.join_code, last4="1001")
    answer_all(attempt, correct=True)
    submit_attempt(attempt)
    spot_tests.close_spot_test(spot, actor=world.inspector1.user)
    for kind in CheckKind.values:
        inspections.record_check(
            inspection, kind, actor=world.inspector1.user, result=CheckResult.MEETS, notes=""
        )
    (finding,) = findings.propose_findings(inspection, actor=world.inspector1.user)
    issue(world, finding, provision)
    inspection = inspections.move(
        inspection, InspectionState.AWAITING_SIGNATURES, actor=world.inspector1.user
    )
    for profile in (world.inspector1, world.inspector2):
        record_signing.sign_as_inspector(
            inspection,
            actor=world.inspector1.user,
            inspector_user_id=profile.user_id,
            password=TEST_PASSWORD,
            drawn_png=signature_png(profile.display_name),
        )
    record_signing.sign_as_representative(
        inspection, actor=world.inspector1.user, drawn_png=signature_png("甲负责人")
    )
    return inspections.move(inspection, InspectionState.FILED, actor=world.inspector1.user)


def client_for(profile) -> Client:
    client = Client()
    assert client.login(username=profile.user.username, password=TEST_PASSWORD)
    return client


def test_the_docx_holds_the_record(world, filed):
    response = client_for(world.manager).get(reverse("oversight:inspection_docx", args=[filed.pk]))
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "现场检查记录" in text and "草稿" not in text
    for label in ("被检查单位", "地址", "主要负责人", "检查场所", "检查时间", "检查人员及执法证号"):
        assert label in cells
    assert "14040001" in cells and "甲负责人" in cells
    assert "甲员工1" in cells and "合格" in cells and "甲员工2" in cells and "缺考" in cells
    assert "缺考 1 人（甲员工2）" in text
    assert "现场抽考安全生产常识缺考" in cells and "安全生产法第二十八条" in cells
    finding = filed.findings.get()
    assert f"{finding.deadline:%Y-%m-%d}" in cells and "组织补考并重新培训" in cells
    assert filed.seal_hash in text and verification_code(filed.seal_hash) in text
    assert len(document.inline_shapes) == 3  # two inspectors and the representative


def test_the_score_sheet_lists_the_sample(world, filed):
    response = client_for(world.inspector2).get(reverse("oversight:spot_xlsx", args=[filed.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][:2] == ["序号", "姓名"]
    by_name = {row[1]: row for row in rows[1:]}
    assert by_name["甲员工1"][6] == "合格" and by_name["甲员工1"][7] == "100"
    assert by_name["甲员工2"][6] == "缺考"


def test_exports_are_scoped(world, filed):
    manager_b = person("乙安全员", safety_manager=True, enterprise=world.tj.b)
    for outsider in (world.regulator_j2, manager_b, world.workers[0]):
        client = client_for(outsider)
        for name in ("oversight:inspection_docx", "oversight:spot_xlsx"):
            status = client.get(reverse(name, args=[filed.pk])).status_code
            assert status == (403 if outsider is world.workers[0] else 404)


def test_the_enterprise_waits_for_filing(world):
    inspection, _ = spot_open(world, [world.workers[0]])
    url = reverse("oversight:inspection_docx", args=[inspection.pk])
    assert client_for(world.manager).get(url).status_code == 404
    draft = client_for(world.inspector1).get(url)
    assert "草稿" in Document(io.BytesIO(draft.content)).paragraphs[0].text
