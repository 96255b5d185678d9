"""Roster import: upload a real .xlsx → preview 新增/变更/问题 → confirm in one transaction."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import StaffProfile
from accounts.roster import COLUMNS
from safetykb.models import AuditEvent, AuditKind
from tests.accounts.roster_files import id_number, roster_xlsx

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ROWS = [
    # new, in a known department and post (N1 is repeated below, so both N1 rows are problems)
    (
        "N1",
        "新人一",
        "13500000001",
        id_number(1),
        "合成车间",
        "操作人员",
        "工艺",
        "合成岗",
        "2025-01-02",
    ),
    ("N2", "新人二", "13500000002", id_number(2), "", "新上岗人员", "", "中控岗", ""),
    # changed: 甲员工 (工号 from the factory) moves to 中控岗
    (None, "甲员工", "", "", "", "", "", "中控岗", ""),
    # problems
    ("N3", "问题一", "1350000", "", "", "操作人员", "", "", ""),
    ("N4", "问题二", "", "", "不存在车间", "操作人员", "", "", ""),
    ("N1", "重复工号", "13500000009", "", "", "操作人员", "", "", ""),
]


@pytest.fixture
def manager(client, world):
    client.force_login(world.safety_manager_a.user)
    return client


def upload(client, world, rows=ROWS):
    rows = [(world.worker_a.employee_no, *r[1:]) if r[0] is None else r for r in rows]
    data = roster_xlsx(rows)
    return client.post(
        reverse("accounts:roster_upload"),
        {"file": SimpleUploadedFile("名单.xlsx", data, content_type=XLSX)},
    )


def test_the_template_downloads_with_the_header_and_an_example(manager):
    response = manager.get(reverse("accounts:roster_template"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [c.value for c in sheet[1]] == list(COLUMNS)
    assert sheet["B2"].value == "张三"
    assert "attachment" in response["Content-Disposition"]


def test_the_preview_lists_new_changed_and_problems_and_writes_nothing(manager, world):
    before = StaffProfile.objects.count()
    page = upload(manager, world).content.decode()
    assert 'data-count="new">1<' in page
    assert 'data-count="changed">1<' in page
    assert 'data-count="problem">4<' in page
    assert "岗位：合成岗 → 中控岗" in page
    assert "手机号“1350000”格式不正确" in page
    assert "部门“不存在车间”不存在" in page
    assert "工号 N1 在文件中重复" in page
    assert id_number(2) not in page and "**************" + id_number(2)[-4:] in page
    assert StaffProfile.objects.count() == before
    world.worker_a.refresh_from_db()
    assert world.worker_a.post == "合成岗"


def test_confirm_writes_the_good_rows_and_reports_the_rest(manager, world):
    page = upload(manager, world).content.decode()
    token = page.split('name="token" value="')[1].split('"')[0]
    report = manager.post(reverse("accounts:roster_confirm"), {"token": token}).content.decode()
    # N1 appears twice in the file, so both N1 rows are problems; N2 is the only new person.
    new = StaffProfile.objects.select_related("user").get(enterprise=world.a, employee_no="N2")
    assert new.must_change_password and new.level == "new_hire"
    assert new.user.username in report and "data-password" in report
    assert "未导入" in report and "第 5 行" in report
    world.worker_a.refresh_from_db()
    assert world.worker_a.post == "中控岗"
    assert AuditEvent.objects.filter(staff=world.worker_a, kind=AuditKind.POST_MOVED).exists()
    # The token is spent: confirming again imports nothing more.
    again = manager.post(reverse("accounts:roster_confirm"), {"token": token}, follow=True)
    assert "预览已过期或无效" in again.content.decode()
    assert StaffProfile.objects.filter(employee_no="N2").count() == 1


def test_a_roster_gone_stale_since_preview_writes_nothing(manager, world):
    page = upload(manager, world).content.decode()
    token = page.split('name="token" value="')[1].split('"')[0]
    # Someone adds N2 by hand between preview and confirm.
    from accounts import people

    people.add_person(
        world.a,
        people.PersonInput(name="抢先", employee_no="N2", level="operator"),
        actor=world.principal_a.user,
    )
    response = manager.post(reverse("accounts:roster_confirm"), {"token": token})
    assert response.status_code == 400
    assert "预览之后人员名单已有变化" in response.content.decode()
    world.worker_a.refresh_from_db()
    assert world.worker_a.post == "合成岗"  # the change row was not written either


def test_a_token_from_another_manager_s_session_writes_nothing(client, manager, world):
    page = upload(manager, world).content.decode()
    token = page.split('name="token" value="')[1].split('"')[0]
    client.logout()
    client.force_login(world.principal_a.user)
    response = client.post(reverse("accounts:roster_confirm"), {"token": token}, follow=True)
    assert "预览已过期或无效" in response.content.decode()
    assert not StaffProfile.objects.filter(employee_no="N2").exists()


def test_a_file_that_is_not_a_roster_is_refused_in_chinese(manager):
    response = manager.post(
        reverse("accounts:roster_upload"),
        {"file": SimpleUploadedFile("名单.csv", b"a,b", content_type="text/csv")},
    )
    assert response.status_code == 400 and "不是 .xlsx 文件" in response.content.decode()


def test_other_roles_cannot_import(client, world):
    client.force_login(world.worker_a.user)
    assert client.get(reverse("accounts:roster_upload")).status_code == 403
    assert client.get(reverse("accounts:roster_template")).status_code == 403
