"""Big question files are previewed by the task worker, with progress, not in the request.

Parsing and checking a bank of thousands of questions against the bank for duplicates
takes longer than a request should. Above ``BACKGROUND_PREVIEW_BYTES`` the upload view
stages the file, ``start_preview_job`` records a job and enqueues it after commit, the
page polls the job's state, and the finished preview is stored on the job so that the
confirmation imports exactly what the user saw, without parsing the file again.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from assessments.bank.importing import (
    ImportPreview,
    PreviewItem,
    QuestionImportError,
    preview_question_file,
)
from assessments.bank.models import PreviewJobState, QuestionPreviewJob
from importers import staging
from importers.questions import Option, ParsedQuestion, Problem, ProblemCode, QuestionType

#: Uploads larger than this are previewed in the worker: a 1,000-question template .xlsx
#: measured 59 KB, so from roughly 4,000 questions on. The setting of the same name
#: overrides it (the tests set it low).
BACKGROUND_PREVIEW_BYTES = 256 * 1024


def runs_in_background(size: int) -> bool:
    return size > getattr(settings, "BACKGROUND_PREVIEW_BYTES", BACKGROUND_PREVIEW_BYTES)


def start_preview_job(
    *, token: str, filename: str, jurisdiction_id: int, enterprise_id: int | None, user
) -> QuestionPreviewJob:
    with transaction.atomic():
        job = QuestionPreviewJob.objects.create(
            token=token,
            filename=filename,
            jurisdiction_id=jurisdiction_id,
            enterprise_id=enterprise_id,
            created_by=user,
        )
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    from assessments.bank.tasks import build_question_preview

    build_question_preview.enqueue(job_id)


def run_preview_job(job_id: int) -> str:
    """Build the job's preview (the task's body); the job's final state."""
    job = QuestionPreviewJob.objects.filter(pk=job_id).first()
    if job is None or job.is_finished:
        return job.state if job else "missing"
    job.state = PreviewJobState.RUNNING
    job.save(update_fields=["state", "updated_at"])
    data = staging.read(job.token)
    try:
        if data is None:
            raise QuestionImportError(staging.EXPIRED_MESSAGE)
        preview = preview_question_file(
            job.filename,
            data,
            jurisdiction_id=job.jurisdiction_id,
            enterprise_id=job.enterprise_id,
        )
    except QuestionImportError as exc:
        job.state, job.message = PreviewJobState.FAILED, str(exc)
    else:
        job.state, job.result = PreviewJobState.DONE, preview_to_json(preview)
        job.question_count = len(preview.items)
    job.save()
    return job.state


def forget_jobs(token: str) -> None:
    """The upload was imported or cancelled: its job is of no further use."""
    QuestionPreviewJob.objects.filter(token=token).delete()


def purge_expired_jobs() -> int:
    """Delete jobs whose staged upload has expired (run by ``tick``)."""
    cutoff = timezone.now() - staging.STAGING_TTL
    deleted, _ = QuestionPreviewJob.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def job_preview(token: str, user) -> ImportPreview | None:
    """The worker's finished preview of ``user``'s upload; None if the upload was
    previewed in the request. Refuses (Chinese) while the job is not done."""
    job = QuestionPreviewJob.objects.filter(token=token, created_by=user).first()
    if job is None:
        return None
    if job.state != PreviewJobState.DONE:
        raise QuestionImportError("预览尚未完成或解析失败：请等预览显示后再确认。")
    return stored_preview(job)


def stored_preview(job: QuestionPreviewJob) -> ImportPreview:
    return preview_from_json(job.result)


def preview_to_json(preview: ImportPreview) -> dict:
    return {
        "filename": preview.filename,
        "skipped": list(preview.skipped),
        "errors": list(preview.errors),
        "items": [
            {
                "number": item.number,
                "provision_id": item.provision_id,
                "provision_label": item.provision_label,
                "question": _question_to_json(item.question),
            }
            for item in preview.items
        ],
    }


def preview_from_json(data: dict) -> ImportPreview:
    return ImportPreview(
        filename=data["filename"],
        skipped=tuple(data["skipped"]),
        errors=tuple(data["errors"]),
        items=tuple(
            PreviewItem(
                number=item["number"],
                question=_question_from_json(item["question"]),
                provision_id=item["provision_id"],
                provision_label=item["provision_label"],
            )
            for item in data["items"]
        ),
    )


_TUPLES = ("answer", "levels", "specialties", "posts", "topics")


def _question_to_json(question: ParsedQuestion) -> dict:
    return {
        "type": question.type.value if question.type else None,
        "stem": question.stem,
        "options": [[option.key, option.text] for option in question.options],
        "explanation": question.explanation,
        "difficulty": question.difficulty,
        "basis": question.basis,
        "source_ref": question.source_ref,
        "problems": [[problem.code.value, problem.message] for problem in question.problems],
        **{name: list(getattr(question, name)) for name in _TUPLES},
    }


def _question_from_json(data: dict) -> ParsedQuestion:
    return ParsedQuestion(
        type=QuestionType(data["type"]) if data["type"] else None,
        stem=data["stem"],
        options=tuple(Option(key, text) for key, text in data["options"]),
        explanation=data["explanation"],
        difficulty=data["difficulty"],
        basis=data["basis"],
        source_ref=data["source_ref"],
        problems=tuple(Problem(ProblemCode(code), message) for code, message in data["problems"]),
        **{name: tuple(data[name]) for name in _TUPLES},
    )
