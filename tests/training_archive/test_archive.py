"""一人一档: the page, the .docx card and the enterprise workbooks hold the person's record."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse
from docx import Document

pytestmark = pytest.mark.django_db


def _docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def _sheet_values(book, title) -> list:
    return [value for row in book[title].iter_rows(values_only=True) for value in row]


def test_the_worker_reads_their_whole_archive_on_one_page(client, world):
    client.force_login(world.worker.user)
    page = client.get(reverse("training:archive", args=[world.worker.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    for expected in (
        "张三",
        "合成车间",
        "厂级安全教育：危化品基础",  # 三级教育
        "车间级安全教育：合成工艺",
        "动火作业专项",
        "已更正：实际到场 4 学时",  # the corrected entry stays, marked
        "合成岗位安全考核",
        reverse("assessments:result", args=[world.attempt.pk]),  # a link to the result
        "TZ-2024-0099",
        "30天内到期",
        "archive-print.css",  # the print stylesheet
    ):
        assert expected in html, expected


def test_the_archive_card_docx_opens_and_holds_the_entries(client, world):
    client.force_login(world.manager.user)
    response = client.get(reverse("training:archive_docx", args=[world.worker.pk]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    text = _docx_text(response.content)
    for expected in (
        "从业人员安全培训档案",
        "张三",
        "A0001",
        "三级安全教育（厂级）",
        "厂级安全教育：危化品基础",
        "动火作业专项",
        "已更正：实际到场 4 学时",
        "合成岗位安全考核",
        "TZ-2024-0099",
        "本人签字",
    ):
        assert expected in text, expected


def test_the_enterprise_workbook_opens_with_a_sheet_per_part(client, world):
    client.force_login(world.principal.user)
    response = client.get(reverse("training:archive_xlsx", args=[world.a.pk]))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["人员", "培训记录", "考核记录", "持证情况"]
    assert {"张三", "李四"} <= set(_sheet_values(book, "人员"))
    entries = _sheet_values(book, "培训记录")
    assert "厂级安全教育：危化品基础" in entries and "已更正：实际到场 4 学时" in entries
    assert "合成岗位安全考核" in _sheet_values(book, "考核记录")
    assert "TZ-2024-0099" in _sheet_values(book, "持证情况")


def test_ledger_compliance_and_certificate_exports_open(client, world):
    client.force_login(world.regulator.user)
    year = world.worker.hire_date.year
    ledger = openpyxl.load_workbook(
        io.BytesIO(
            client.get(reverse("training:ledger_xlsx", args=[world.a.pk]), {"year": year}).content
        )
    )
    assert "动火作业专项" in _sheet_values(ledger, "培训活动")
    assert "张三" in _sheet_values(ledger, "学时明细")
    compliance = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("training:compliance_xlsx", args=[world.a.pk])).content)
    )
    assert "张三" in _sheet_values(compliance, "人员学时")
    assert "全企业" in _sheet_values(compliance, "汇总")
    certificates = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("training:certificates_xlsx", args=[world.a.pk])).content)
    )
    assert "TZ-2024-0099" in _sheet_values(certificates, "证书")
    assert "30天内到期" in _sheet_values(certificates, "证书")


PERSON_URLS = ("training:archive", "training:archive_docx")
ENTERPRISE_URLS = (
    "training:exports",
    "training:archive_xlsx",
    "training:ledger_xlsx",
    "training:compliance_xlsx",
    "training:certificates_xlsx",
)


@pytest.mark.parametrize("name", PERSON_URLS)
def test_a_persons_archive_is_a_404_out_of_scope(client, world, name):
    url = reverse(name, args=[world.worker.pk])
    for outsider in (world.colleague, world.manager_b, world.stranger_regulator):
        client.force_login(outsider.user)
        assert client.get(url).status_code == 404, outsider
    for insider in (world.worker, world.manager, world.principal, world.regulator):
        client.force_login(insider.user)
        assert client.get(url).status_code == 200, insider


@pytest.mark.parametrize("name", ENTERPRISE_URLS)
def test_enterprise_exports_are_a_404_out_of_scope(client, world, name):
    url = reverse(name, args=[world.a.pk])
    for outsider in (world.manager_b, world.stranger_regulator):
        client.force_login(outsider.user)
        assert client.get(url).status_code == 404, outsider
    client.force_login(world.worker.user)
    assert client.get(url).status_code == 403  # workers have no enterprise exports
    for insider in (world.manager, world.principal, world.regulator):
        client.force_login(insider.user)
        assert client.get(url).status_code == 200, insider


def test_a_formula_in_a_session_title_is_neutralised(client, world):
    import datetime as dt
    from decimal import Decimal

    from training.ledger import SessionInput, record_session

    record_session(
        world.a,
        SessionInput(
            kind="refresher",
            title="=1+1",
            starts_on=dt.date.today() - dt.timedelta(days=1),
            hours_per_day=Decimal(1),
            trainer_name="安全科",
        ),
        [world.colleague],
        actor=world.manager.user,
        password=None,
    )
    client.force_login(world.manager.user)
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("training:archive_xlsx", args=[world.a.pk])).content)
    )
    entries = _sheet_values(book, "培训记录")
    assert "'=1+1" in entries and "=1+1" not in entries
