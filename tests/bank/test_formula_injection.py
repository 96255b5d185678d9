"""No export carries a live spreadsheet formula; re-importing an export restores the text.

A stem like ``=HYPERLINK(…)`` written as is would run when the file is opened in Excel
or WPS; every cell that starts with = + - @ (or a tab/CR) gets an apostrophe in front.
"""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.urls import reverse
from wagtail.admin.viewsets.base import ViewSet
from wagtail.snippets.models import get_snippet_models

from assessments.bank.export import export_questions
from assessments.bank.importing import preview_question_file
from assessments.models import Question, QuestionImport
from safetykb.cells import safe_cell, unneutralise
from safetykb.spreadsheets import SafeExportMixin, table_bytes
from tests.bank.conftest import login
from tests.bank.files import upload
from tests.bank.urls import snippet_url
from tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://evil.example/x","点击查看答案")'
CMD = "=cmd|' /C calc'!A0"
DANGEROUS = (HYPERLINK, CMD, "+1+1", "-2+3", "@SUM(1,1)", "\t=1+1", "\r=1+1")


@pytest.fixture
def evil(bank) -> Question:
    return QuestionFactory(
        enterprise=bank.a,
        stem=HYPERLINK,
        options=[
            {"key": "A", "text": "+1+1"},
            {"key": "B", "text": "-2+3"},
            {"key": "C", "text": "@SUM(1,1)"},
            {"key": "D", "text": "正常选项"},
        ],
        explanation=CMD,
    )


def xlsx_cells(data: bytes) -> list:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def assert_no_formula_cells(data: bytes) -> list[str]:
    cells = xlsx_cells(data)
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    texts = [cell.value for cell in cells if isinstance(cell.value, str)]
    assert not [text for text in texts if text.startswith(("=", "+", "-", "@"))]
    return texts


def csv_cells(data: bytes) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for cell in row]


@pytest.mark.parametrize("value", DANGEROUS)
def test_safe_cell_neutralises_and_unneutralise_restores(value):
    assert safe_cell(value) == "'" + value
    assert unneutralise(safe_cell(value)) == value
    assert safe_cell("动火作业前应当做什么？") == "动火作业前应当做什么？"
    assert safe_cell(-3) == -3  # numbers stay numbers


def test_the_bank_excel_export_holds_text_not_formulas(client, bank, evil):
    login(client, bank.manager_a)
    response = client.get(snippet_url("list") + "?export=bank-xlsx")
    assert response.status_code == 200
    texts = assert_no_formula_cells(response.content)
    assert "'" + HYPERLINK in texts and "'" + CMD in texts and "'+1+1" in texts


@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_the_listing_spreadsheet_exports_are_neutralised(client, bank, evil, export):
    login(client, bank.manager_a)
    response = client.get(snippet_url("list") + f"?export={export}")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if export == "csv":
        cells = csv_cells(body)
        assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]
        assert "'" + HYPERLINK in cells and "'" + CMD in cells
    else:
        texts = assert_no_formula_cells(body)
        assert "'" + HYPERLINK in texts and "'" + CMD in texts


def test_re_importing_the_bank_export_restores_the_original_text(bank, evil):
    data = export_questions([evil], "xlsx")
    preview = preview_question_file("b.xlsx", data, jurisdiction_id=bank.j2.pk, enterprise_id=None)
    parsed = preview.items[0].question
    assert parsed.stem == HYPERLINK and parsed.explanation == CMD
    assert [option.text for option in parsed.options] == ["+1+1", "-2+3", "@SUM(1,1)", "正常选项"]


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_import_reports_are_neutralised(client, bank, file_format):
    login(client, bank.manager_a)
    # A CSV upload: text typed as "=…" stays text there (openpyxl would write a formula).
    text = (
        f'题型,题干,选项A,选项B,答案\n单选题,动火前做什么？,检测,动火,A\n单选题,"{CMD}",甲,乙,E\n'
    )
    response = client.post(
        reverse("assessments_question_import"),
        {"file": upload("bank.csv", text.encode()), "target": f"e{bank.a.pk}"},
    )
    client.post(
        reverse("assessments_question_import_confirm"), {"token": response.context["token"]}
    )
    batch = QuestionImport.objects.get()
    url = reverse("assessments_question_import_report_download", args=[batch.pk, file_format])
    body = client.get(url).content
    cells = csv_cells(body) if file_format == "csv" else assert_no_formula_cells(body)
    assert "'" + CMD in cells


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_report_tables_neutralise_every_cell(file_format):
    body = table_bytes(("行号", "未导入原因"), [(3, HYPERLINK), (4, "@SUM(1,1)")], file_format)
    cells = csv_cells(body) if file_format == "csv" else assert_no_formula_cells(body)
    assert "'" + HYPERLINK in cells and "'@SUM(1,1)" in cells


def test_every_snippet_listing_with_an_export_neutralises_it():
    exporting = [
        model
        for model in get_snippet_models()
        if model.snippet_viewset.list_export not in (ViewSet.UNDEFINED, None, [])
    ]
    assert len(exporting) >= 5  # questions, enterprises, staff, catalogue, glossary
    for model in exporting:
        assert issubclass(model.snippet_viewset.index_view_class, SafeExportMixin), model


def test_the_enterprise_list_csv_is_neutralised(client, bank, django_user_model):
    bank.a.name = HYPERLINK
    bank.a.save()
    client.force_login(django_user_model.objects.create_superuser("root", "r@example.com", "x"))
    response = client.get(reverse("wagtailsnippets_accounts_enterprise:list") + "?export=csv")
    cells = csv_cells(b"".join(response.streaming_content))
    assert "'" + HYPERLINK in cells and HYPERLINK not in cells
