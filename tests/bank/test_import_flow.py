"""Question import through the admin: upload → preview → confirm → report, nothing early."""

from __future__ import annotations

import csv
import io
import re

import openpyxl
import pytest
from django.urls import reverse

from assessments.models import Question, QuestionImport
from importers.questions import parse_question_file
from tests.bank.conftest import SAMPLES, login
from tests.bank.files import MIXED_ROWS, bank_xlsx, docx_bank, single, upload
from tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db

UPLOAD = reverse("assessments_question_import")
CONFIRM = reverse("assessments_question_import_confirm")


def preview(client, name: str, data: bytes, target: str):
    response = client.post(UPLOAD, {"file": upload(name, data), "target": target})
    assert response.status_code == 200
    return response


def token_of(response) -> str:
    return response.context["token"]


def confirm(client, token: str, excluded=()):
    """Confirm the preview, leaving out the questions numbered in ``excluded``."""
    return client.post(CONFIRM, {"token": token, "excluded": [str(n) for n in excluded]})


def checkboxes(page: str) -> dict[int, str]:
    """Each question's 不导入 box in the preview: "import" (unticked), "exclude" (ticked)
    or "invalid" (ticked and disabled: a question with problems is never imported)."""
    states = {}
    for tag in re.findall(r'<input type="checkbox"[^>]*>', page):
        number = int(re.search(r'value="(\d+)"', tag).group(1))
        if "disabled" in tag:
            states[number] = "invalid"
        else:
            states[number] = "exclude" if re.search(r"\bchecked\b", tag) else "import"
    return states


def counts():
    return Question.objects.count(), QuestionImport.objects.count()


@pytest.mark.skipif(
    not (SAMPLES / "question-bank-tagged.docx").exists(), reason="../shared missing"
)
def test_the_tagged_sample_bank_imports_end_to_end(client, bank):
    data = (SAMPLES / "question-bank-tagged.docx").read_bytes()
    login(client, bank.manager_a)
    before = counts()
    response = preview(client, "question-bank-tagged.docx", data, f"e{bank.a.pk}")
    page = response.content.decode()
    items = response.context["preview"].items
    assert len(items) == 12 and all(item.is_valid for item in items)
    assert checkboxes(page) == dict.fromkeys(range(1, 13), "import")
    assert counts() == before  # nothing is written before confirmation

    response = confirm(client, token_of(response))
    batch = QuestionImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments_question_import_report", args=[batch.pk])
    assert batch.question_count == 12 and batch.enterprise == bank.a
    imported = Question.objects.filter(import_batch=batch)
    assert imported.count() == 12
    assert set(imported.values_list("enterprise_id", flat=True)) == {bank.a.pk}
    assert all(q.created_by == bank.manager_a.user for q in imported)
    assert all(q.versions.count() == 1 for q in imported)
    parsed = parse_question_file("question-bank-tagged.docx", data).questions
    assert sorted(imported.values_list("stem", flat=True)) == sorted(q.stem for q in parsed)


def test_bad_rows_are_reported_and_not_imported(client, bank):
    login(client, bank.manager_a)
    response = preview(client, "bank.xlsx", bank_xlsx(MIXED_ROWS), f"e{bank.a.pk}")
    page = response.content.decode()
    assert "答案“E”不在选项" in page and "多选题只有一个答案" in page
    assert checkboxes(page) == {
        1: "import",
        2: "import",
        3: "import",
        4: "invalid",
        5: "invalid",
    }
    assert counts() == (4, 0)

    # Confirming imports only the valid questions: the bad ones cannot be chosen.
    response = confirm(client, token_of(response))
    batch = QuestionImport.objects.get()
    assert batch.question_count == 3 and batch.skipped_count == 2
    assert set(Question.objects.filter(import_batch=batch).values_list("type", flat=True)) == {
        "single",
        "true_false",
        "fill",
    }
    assert not Question.objects.filter(stem__startswith="受限空间作业监护人").exists()

    report = client.get(response["Location"]).content.decode()
    assert "答案“E”不在选项" in report and "下列哪些属于特殊作业" in report
    xlsx = client.get(
        reverse("assessments_question_import_report_download", args=[batch.pk, "xlsx"])
    )
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("题号", "题干", "未导入原因")
    assert [row[0] for row in rows[1:]] == [4, 5]
    assert "答案“E”不在选项" in rows[1][2]
    csv_response = client.get(
        reverse("assessments_question_import_report_download", args=[batch.pk, "csv"])
    )
    lines = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    assert lines[0] == ["题号", "题干", "未导入原因"] and len(lines) == 3


def test_unchecked_questions_are_left_out_and_reported(client, bank):
    login(client, bank.manager_a)
    response = preview(client, "bank.xlsx", bank_xlsx(MIXED_ROWS[:3]), f"e{bank.a.pk}")
    confirm(client, token_of(response), excluded=[2, 3])
    batch = QuestionImport.objects.get()
    assert batch.question_count == 1
    assert [entry["problems"] for entry in batch.report] == [["未选择"], ["未选择"]]


def test_nothing_selected_writes_nothing_and_keeps_the_preview(client, bank):
    login(client, bank.manager_a)
    response = preview(client, "bank.xlsx", bank_xlsx(MIXED_ROWS[:3]), f"e{bank.a.pk}")
    response = confirm(client, token_of(response), excluded=[1, 2, 3])
    page = response.content.decode()
    assert response.status_code == 200 and "没有可导入的题目" in page
    assert checkboxes(page) == dict.fromkeys([1, 2, 3], "exclude")  # the choice is kept
    assert counts() == (4, 0)


def test_a_forged_or_spent_token_writes_nothing(client, bank):
    login(client, bank.manager_a)
    response = confirm(client, "forged-token-123")
    assert response.status_code == 302 and response["Location"] == UPLOAD
    assert counts() == (4, 0)
    token = token_of(preview(client, "bank.xlsx", bank_xlsx(MIXED_ROWS[:1]), f"e{bank.a.pk}"))
    confirm(client, token)
    assert counts() == (5, 1)
    response = confirm(client, token)  # the same confirmation again
    assert response["Location"] == UPLOAD
    assert counts() == (5, 1)


def test_another_users_token_writes_nothing(client, bank, django_user_model):
    from django.test import Client

    login(client, bank.manager_a)
    token = token_of(preview(client, "bank.xlsx", bank_xlsx(MIXED_ROWS[:1]), f"e{bank.a.pk}"))
    other = login(Client(), bank.manager_b)
    response = confirm(other, token)
    assert response["Location"] == UPLOAD
    assert counts() == (4, 0)


def test_a_manager_can_only_import_into_their_own_bank(client, bank):
    login(client, bank.manager_b)
    response = client.post(
        UPLOAD, {"file": upload("bank.xlsx", bank_xlsx(MIXED_ROWS[:1])), "target": f"e{bank.a.pk}"}
    )
    assert "选择一个有效的选项" in response.content.decode()
    response = preview(client, "bank.xlsx", bank_xlsx(MIXED_ROWS[:1]), f"e{bank.b.pk}")
    confirm(client, token_of(response))
    assert Question.objects.get(stem=MIXED_ROWS[0]["题干"]).enterprise == bank.b


def test_an_editor_imports_into_a_shared_bank(client, bank):
    login(client, bank.editor)
    page = client.get(UPLOAD).content.decode()
    assert "甲区应急管理局（辖区共享题库）" in page and "乙区应急管理局（辖区共享题库）" in page
    response = preview(client, "bank.xlsx", bank_xlsx(MIXED_ROWS[:1]), f"j{bank.j1.pk}")
    confirm(client, token_of(response))
    question = Question.objects.get(stem=MIXED_ROWS[0]["题干"])
    assert question.jurisdiction == bank.j1 and question.enterprise is None


def test_duplicates_of_the_bank_are_flagged_in_the_preview(client, bank):
    login(client, bank.manager_a)
    shared = bank.shared
    response = preview(client, "bank.xlsx", bank_xlsx([single(shared.stem)]), f"e{bank.a.pk}")
    item = response.context["preview"].items[0]
    assert not item.is_valid and any("重复" in problem for problem in item.problems)
    # Another enterprise's identical question is no duplicate: A never sees it.
    b_only = QuestionFactory(enterprise=bank.b, stem="乙企业独有：冻干机清洗前应当做什么？")
    response = preview(client, "bank.xlsx", bank_xlsx([single(b_only.stem)]), f"e{bank.a.pk}")
    assert response.context["preview"].items[0].is_valid
    login(client, bank.manager_b)
    response = preview(client, "bank.xlsx", bank_xlsx([single(b_only.stem)]), f"e{bank.b.pk}")
    assert not response.context["preview"].items[0].is_valid


def test_a_docx_built_in_the_test_imports(client, bank):
    data = docx_bank(
        [
            "一、单选题",
            "1.动火作业前应当首先做什么？（ A ）",
            "A.气体检测 B.直接动火 C.口头通知 D.无需准备",
            "二、判断题",
            "1.进入受限空间前必须通风、检测。（√）",
        ]
    )
    login(client, bank.manager_a)
    response = preview(client, "bank.docx", data, f"e{bank.a.pk}")
    items = response.context["preview"].items
    assert [(i.question.type.value, i.is_valid) for i in items] == [
        ("single", True),
        ("true_false", True),
    ]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("bank.docx", b"", "空文件"),
        ("bank.doc", b"\xd0\xcf\x11\xe0 old word", "旧版 Word（.doc）文件不能直接导入"),
        ("bank.docx", "不是压缩包".encode(), "这不是 Word（.docx）文件"),
        ("bank.xlsx", b"PK\x03\x04broken", "无法导入"),
        ("notes.txt", "今天开会\n明天检查".encode(), "中没有找到题目"),
        ("bank.pdf", b"%PDF-1.4", "不支持的文件类型"),
    ],
)
def test_bad_files_get_a_chinese_message_and_write_nothing(client, bank, name, data, message):
    login(client, bank.manager_a)
    response = client.post(UPLOAD, {"file": upload(name, data), "target": f"e{bank.a.pk}"})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "token" not in (response.context or {})
    assert counts() == (4, 0)


def test_a_gbk_csv_imports(client, bank):
    text = "题型,题干,选项A,选项B,选项C,答案\n单选题,动火作业前应当首先做什么？,气体检测,直接动火,口头通知,A\n"
    login(client, bank.manager_a)
    response = preview(client, "bank.csv", text.encode("gbk"), f"e{bank.a.pk}")
    assert response.context["preview"].items[0].question.stem == "动火作业前应当首先做什么？"


def test_template_download_is_the_import_template(client, bank):
    login(client, bank.manager_a)
    response = client.get(reverse("assessments_question_template"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    header = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    assert header[:3] == ["题型", "题干", "选项A"]


def test_reports_of_other_enterprises_are_hidden(client, bank):
    login(client, bank.manager_a)
    token = token_of(preview(client, "bank.xlsx", bank_xlsx(MIXED_ROWS[:1]), f"e{bank.a.pk}"))
    confirm(client, token)
    batch = QuestionImport.objects.get()
    login(client, bank.manager_b)
    assert (
        client.get(reverse("assessments_question_import_report", args=[batch.pk])).status_code
        == 404
    )
    url = reverse("assessments_question_import_report_download", args=[batch.pk, "xlsx"])
    assert client.get(url).status_code == 404


def test_workers_and_regulators_without_rights_cannot_import(client, bank):
    login(client, bank.worker_a)
    assert client.get(UPLOAD).status_code == 302
    login(client, bank.regulator)
    assert client.get(UPLOAD).status_code == 302
