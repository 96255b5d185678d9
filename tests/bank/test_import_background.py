"""Big uploads are previewed by the task worker: progress page, then the preview, then import."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.models import PreviewJobState, Question, QuestionImport, QuestionPreviewJob
from tests.bank.conftest import login
from tests.bank.files import MIXED_ROWS, bank_xlsx, upload

pytestmark = pytest.mark.django_db

UPLOAD = reverse("assessments_question_import")
CONFIRM = reverse("assessments_question_import_confirm")


@pytest.fixture(autouse=True)
def every_upload_is_big(settings):
    settings.BACKGROUND_PREVIEW_BYTES = 100


def job_url(job) -> str:
    return reverse("assessments_question_import_job", args=[job.pk])


def start(client, bank, django_capture_on_commit_callbacks, *, run: bool):
    data = bank_xlsx(MIXED_ROWS)
    with django_capture_on_commit_callbacks(execute=run):
        response = client.post(
            UPLOAD, {"file": upload("big.xlsx", data), "target": f"e{bank.a.pk}"}
        )
    job = QuestionPreviewJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job_url(job)
    return job


def test_the_page_shows_progress_until_the_worker_is_done(
    client, bank, django_capture_on_commit_callbacks
):
    login(client, bank.manager_a)
    job = start(client, bank, django_capture_on_commit_callbacks, run=False)
    page = client.get(job_url(job)).content.decode()
    assert "已转到后台解析" in page and "排队等待（当前步骤）" in page
    assert 'http-equiv="refresh"' in page
    job.state = PreviewJobState.RUNNING
    job.save()
    assert "检查重复并关联依据条款（当前步骤）" in client.get(job_url(job)).content.decode()
    assert (Question.objects.count(), QuestionImport.objects.count()) == (4, 0)


def test_the_workers_preview_is_shown_and_confirmed(
    client, bank, django_capture_on_commit_callbacks
):
    login(client, bank.manager_a)
    job = start(client, bank, django_capture_on_commit_callbacks, run=True)
    job.refresh_from_db()
    assert job.state == PreviewJobState.DONE and job.question_count == 5
    response = client.get(job_url(job))
    page = response.content.decode()
    assert "答案“E”不在选项" in page and "多选题只有一个答案" in page
    assert response.context["preview"].valid_count == 3

    response = client.post(CONFIRM, {"token": response.context["token"], "excluded": ["2"]})
    batch = QuestionImport.objects.get()
    assert response["Location"] == reverse("assessments_question_import_report", args=[batch.pk])
    assert batch.question_count == 2 and batch.skipped_count == 3
    assert not QuestionPreviewJob.objects.exists()


def test_a_file_that_cannot_be_read_fails_with_a_chinese_message(
    client, bank, django_capture_on_commit_callbacks
):
    login(client, bank.manager_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            UPLOAD,
            {"file": upload("big.xlsx", b"PK\x03\x04" + b"x" * 200), "target": f"e{bank.a.pk}"},
        )
    job = QuestionPreviewJob.objects.get()
    assert job.state == PreviewJobState.FAILED
    page = client.get(job_url(job)).content.decode()
    assert "没有导入任何题目" in page and "Excel" in page


def test_someone_elses_job_is_a_404(client, bank, django_capture_on_commit_callbacks):
    login(client, bank.manager_a)
    job = start(client, bank, django_capture_on_commit_callbacks, run=True)
    login(client, bank.manager_b)
    assert client.get(job_url(job)).status_code == 404


def test_confirming_before_the_worker_is_done_is_refused(
    client, bank, django_capture_on_commit_callbacks
):
    login(client, bank.manager_a)
    job = start(client, bank, django_capture_on_commit_callbacks, run=False)
    response = client.post(CONFIRM, {"token": job.token}, follow=True)
    assert "预览尚未完成" in response.content.decode()
    assert QuestionImport.objects.count() == 0
