"""Bulk import from real .xlsx files: template, preview with per-row Chinese problems,
confirm in one transaction, and nothing written when anything changed meanwhile."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from safetykb.models import AuditEvent, AuditKind
from training.certificate_sheet import COLUMNS, parse_sheet
from training.models.certificates import Certificate

from .conftest import certify, login, today

pytestmark = pytest.mark.django_db


def xlsx(rows, header=COLUMNS) -> SimpleUploadedFile:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("证书.xlsx", buffer.getvalue())


def row(employee_no, name, kind, number, *, category="", expires="2030-06-30", **kw):
    values = {
        "工号": employee_no,
        "姓名": name,
        "身份证后四位": kw.get("last4", ""),
        "证书种类": kind,
        "作业类别": category,
        "证书编号": number,
        "发证机关": "长治市应急管理局",
        "发证日期": kw.get("issued", "2024-06-30"),
        "有效期至": expires,
        "复审日期": kw.get("review", ""),
        "备注": "",
    }
    return [values[c] for c in COLUMNS]


def upload(client, file):
    return client.post(reverse("training:certificate_import"), {"file": file})


def test_the_template_downloads_and_its_example_row_is_not_imported(client, world):
    login(client, world.safety_manager_a)
    response = client.get(reverse("training:certificate_import_template"))
    assert response.status_code == 200
    assert parse_sheet(response.content, today=today()) == []
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert tuple(c.value for c in workbook.active[1]) == COLUMNS


def test_a_good_file_previews_then_imports_in_one_go(client, world):
    a = world.worker_a
    login(client, world.safety_manager_a)
    preview = upload(
        client,
        xlsx(
            [
                row(a.employee_no, "甲员工", "特种作业操作证", "T-100", category="低压电工作业"),
                row(world.colleague_a.employee_no, "甲同事", "注册安全工程师", "Z-1", expires=""),
            ]
        ),
    )
    html = preview.content.decode()
    assert preview.status_code == 200 and 'data-count="new">2<' in html
    assert not Certificate.objects.exists()  # a preview writes nothing
    token = client.session["certificate_import"]["token"]
    report = client.post(reverse("training:certificate_import_confirm"), {"token": token})
    assert 'data-count="created">2<' in report.content.decode()
    electric = Certificate.objects.get(number="T-100")
    assert (electric.staff, electric.category.name) == (a, "低压电工作业")
    assert electric.expires_on.isoformat() == "2030-06-30"
    assert AuditEvent.objects.filter(kind=AuditKind.CERTIFICATE_RECORDED).count() == 2
    # The same token cannot be confirmed twice.
    again = client.post(reverse("training:certificate_import_confirm"), {"token": token})
    assert again.status_code == 302 and Certificate.objects.count() == 2


def test_a_broken_file_names_each_row_and_column(client, world):
    a = world.worker_a
    certify(a, world.safety_manager_a, number="T-OLD")
    login(client, world.safety_manager_a)
    preview = upload(
        client,
        xlsx(
            [
                row(
                    a.employee_no,
                    "甲员工",
                    "特种作业操作证",
                    "T-1",
                    category="低压电工作业",
                    expires="2030-13-01",
                ),
                row(a.employee_no, "甲员工", "驾驶证", "D-1"),
                row("Z9999", "无此人", "注册安全工程师", "Z-2"),
                row(a.employee_no, "乙员工", "注册安全工程师", "Z-3"),
                row(a.employee_no, "甲员工", "特种作业操作证", "T-2"),
                row(a.employee_no, "甲员工", "特种作业操作证", "T-3", category="开挖掘机"),
                row(a.employee_no, "甲员工", "特种作业操作证", "T-OLD", category="低压电工作业"),
                row(world.worker_b.employee_no, "乙员工", "注册安全工程师", "Z-4"),
                row(
                    a.employee_no,
                    "甲员工",
                    "注册安全工程师",
                    "Z-5",
                    issued="2031-01-01",
                    expires="2032-01-01",
                ),
                row(a.employee_no, "甲员工", "注册安全工程师", "OK-1"),
                row(a.employee_no, "甲员工", "注册安全工程师", "OK-1"),
            ]
        ),
    )
    html = preview.content.decode()
    assert 'data-count="new">1<' in html and 'data-count="problem">10<' in html
    for expected in (
        "第 2 行",
        "「有效期至」“2030-13-01”不是日期，请写成 2025-06-30。",
        "「证书种类」“驾驶证”无法识别",
        "「工号」Z9999 在本企业没有在职人员。",
        "「姓名」乙员工 与工号",
        "「作业类别」必填：特种作业操作证须写明作业类别。",
        "「作业类别」“开挖掘机”不在特种作业操作证的作业类别目录中。",
        "该证书已登记，不重复导入。",
        "「发证日期」2031-01-01 晚于今天。",
        "与第 11 行重复。",
    ):
        assert expected in html, expected
    # Another enterprise's 工号 is not found: people are matched within the enterprise.
    assert html.count("在本企业没有在职人员") == 2
    token = client.session["certificate_import"]["token"]
    report = client.post(reverse("training:certificate_import_confirm"), {"token": token})
    assert 'data-count="created">1<' in report.content.decode()
    assert set(Certificate.objects.values_list("number", flat=True)) == {"T-OLD", "OK-1"}


def test_a_change_after_the_preview_writes_nothing(client, world):
    a = world.worker_a
    login(client, world.safety_manager_a)
    upload(
        client,
        xlsx(
            [
                row(a.employee_no, "甲员工", "注册安全工程师", "Z-1"),
                row(a.employee_no, "甲员工", "注册安全工程师", "Z-2"),
            ]
        ),
    )
    token = client.session["certificate_import"]["token"]
    certify(a, world.safety_manager_a, number="Z-2", kind="registered_engineer")
    response = client.post(reverse("training:certificate_import_confirm"), {"token": token})
    assert response.status_code == 400
    assert (
        "没有导入任何证书" in response.content.decode() and "第 3 行" in response.content.decode()
    )
    assert list(Certificate.objects.values_list("number", flat=True)) == ["Z-2"]


@pytest.mark.parametrize(
    "file, message",
    [
        (SimpleUploadedFile("a.xlsx", b"not a zip"), "文件不是有效的 Excel（.xlsx）文件"),
        (SimpleUploadedFile("a.csv", b"x"), "不是 .xlsx 文件"),
        ("no-header", "第1行（表头）缺少列：证书种类、证书编号"),
        ("empty", "文件中没有证书"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(client, world, file, message):
    if file == "no-header":
        file = xlsx([["甲员工"]], header=("工号", "姓名"))
    elif file == "empty":
        file = xlsx([])
    login(client, world.safety_manager_a)
    response = upload(client, file)
    assert response.status_code == 400 and message in response.content.decode()


def test_only_safety_managers_import(client, world):
    for other in (world.principal_a, world.regulator_1, world.worker_a):
        login(client, other)
        assert client.get(reverse("training:certificate_import")).status_code == 403
        assert client.get(reverse("training:certificate_import_template")).status_code == 403
