"""The import screens list imports nobody recorded (the CLI's, the demo's) without crashing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.bank.importing import preview_question_file
from assessments.bank.services import import_questions
from tests.bank.conftest import login
from tests.bank.files import bank_xlsx, single

pytestmark = pytest.mark.django_db


def cli_import(jurisdiction_id: int, enterprise_id: int | None, stem: str):
    """What ``manage.py import_questions`` does: no user is recorded."""
    data = bank_xlsx([single(stem)])
    preview = preview_question_file(
        "cli.xlsx", data, jurisdiction_id=jurisdiction_id, enterprise_id=enterprise_id
    )
    return import_questions(preview, jurisdiction_id=jurisdiction_id, enterprise_id=enterprise_id)


@pytest.mark.parametrize("who", ["editor", "manager_a"])
def test_upload_and_report_pages_render_with_a_cli_import(client, bank, who):
    shared = cli_import(bank.j1.pk, None, "命令行导入的共享题：动火前做什么？")
    own = cli_import(bank.j1.pk, bank.a.pk, "命令行导入的甲企业题：进罐前做什么？")
    login(client, getattr(bank, who))
    page = client.get(reverse("assessments_question_import"))
    assert page.status_code == 200
    assert "系统（命令行导入）" in page.content.decode()
    visible = [own] if who == "manager_a" else [shared, own]
    for batch in visible:
        report = client.get(reverse("assessments_question_import_report", args=[batch.pk]))
        assert report.status_code == 200
        assert "系统（命令行导入）" in report.content.decode()
