"""Question import in the admin: upload → preview → confirm → report (and the template).

The upload is staged in the user's session (``importers.staging``) and parsed again on
confirmation, so nothing is written before it and a token from another session, or one
already used, writes nothing. A big upload is previewed by the task worker instead
(``assessments.bank.import_jobs``) and its stored preview is what the confirmation imports.
The confirmation posts the numbers to leave out, never the (possibly thousands) to keep. The import itself is ``question_import.import_questions``:
one transaction, valid and selected questions only.
"""

from __future__ import annotations

from collections.abc import Set

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import content_disposition_header
from wagtail.admin import messages
from wagtail.permissions import policy_registry

from assessments.bank.import_jobs import (
    forget_jobs,
    job_preview,
    runs_in_background,
    start_preview_job,
    stored_preview,
)
from assessments.bank.importing import (
    NOTHING_IMPORTABLE,
    ImportPreview,
    QuestionImportError,
    preview_question_file,
)
from assessments.bank.models import PreviewJobState, Question, QuestionImport, QuestionPreviewJob
from assessments.bank.services import import_questions
from assessments.bank.wagtail_admin.forms import QuestionConfirmForm, QuestionUploadForm
from assessments.bank.wagtail_admin.permissions import (
    BankTarget,
    bank_label,
    can_manage_bank,
    import_targets,
)
from importers import staging
from importers.questions import TEMPLATE_COLUMNS, build_template_xlsx
from importers.questions.export import answer_text
from safetykb.spreadsheets import table_response

STAGING_KIND = "question-bank"
REPORT_HEADERS = ("题号", "题干", "未导入原因")


def _require_importer(request) -> list[BankTarget]:
    policy = policy_registry.get_by_type(Question)
    targets = import_targets(request.user)
    if not targets or not policy.user_has_permission(request.user, "add"):
        raise PermissionDenied
    return targets


def _recent_imports(user):
    batches = QuestionImport.objects.select_related("enterprise", "jurisdiction", "imported_by")
    return [
        batch
        for batch in batches.order_by("-imported_at")[:50]
        if can_manage_bank(user, batch.jurisdiction_id, batch.enterprise_id)
    ][:10]


def _preview_response(
    request, preview: ImportPreview, token: str, target_label: str, excluded: Set[int] = frozenset()
):
    linked = sum(1 for item in preview.items if item.provision_id)
    return TemplateResponse(
        request,
        "assessments/admin/question_import_preview.html",
        {
            "preview": preview,
            "rows": [
                (item, answer_text(item.question), item.number in excluded)
                for item in preview.items
            ],
            "nothing_importable": NOTHING_IMPORTABLE if not preview.valid_count else "",
            "token": token,
            "target_label": target_label,
            "invalid_count": len(preview.items) - preview.valid_count,
            "linked_count": linked,
            "confirm_form": QuestionConfirmForm(initial={"token": token}),
        },
    )


def question_import_upload(request):
    _require_importer(request)
    form = QuestionUploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload, target = form.cleaned_data["file"], form.cleaned_data["target"]
        data = upload.read()
        if runs_in_background(len(data)):
            return _start_in_background(request, upload.name, data, target)
        try:
            preview = preview_question_file(
                upload.name,
                data,
                jurisdiction_id=target.jurisdiction_id,
                enterprise_id=target.enterprise_id,
            )
        except QuestionImportError as exc:
            form.add_error("file", str(exc))
        else:
            token = _stage(request, upload.name, data, target)
            return _preview_response(request, preview, token, target.label)
    return TemplateResponse(
        request,
        "assessments/admin/question_import_upload.html",
        {
            "form": form,
            "recent_imports": _recent_imports(request.user),
            "template_columns": TEMPLATE_COLUMNS,
        },
    )


def _stage(request, filename: str, data: bytes, target: BankTarget) -> str:
    return staging.stage(
        request.session,
        filename,
        data,
        {
            "kind": STAGING_KIND,
            "jurisdiction_id": target.jurisdiction_id,
            "enterprise_id": target.enterprise_id,
        },
    )


def _start_in_background(request, filename: str, data: bytes, target: BankTarget):
    token = _stage(request, filename, data, target)
    job = start_preview_job(
        token=token,
        filename=filename,
        jurisdiction_id=target.jurisdiction_id,
        enterprise_id=target.enterprise_id,
        user=request.user,
    )
    return redirect("assessments_question_import_job", pk=job.pk)


def _job_in_scope(request, pk: int) -> QuestionPreviewJob:
    """The user's own job whose upload is still staged in their session (else 404)."""
    job = get_object_or_404(QuestionPreviewJob, pk=pk, created_by=request.user)
    if not staging.holds(request.session, job.token):
        raise Http404("预览已过期或无效")
    return job


def question_import_job(request, pk: int):
    """A big upload's preview: progress while the worker builds it, then the preview."""
    _require_importer(request)
    job = _job_in_scope(request, pk)
    if job.state == PreviewJobState.DONE:
        label = bank_label(job.jurisdiction_id, job.enterprise_id)
        return _preview_response(request, stored_preview(job), job.token, label)
    return TemplateResponse(
        request,
        "assessments/admin/question_import_job.html",
        {"job": job, "refresh_seconds": 0 if job.is_finished else 2},
    )


def question_import_confirm(request):
    targets = _require_importer(request)
    form = QuestionConfirmForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return redirect("assessments_question_import")
    token = form.cleaned_data["token"]
    staged = staging.load(request.session, token)
    if staged is None or staged[0].get("kind") != STAGING_KIND:
        if staging.expired(request.session, token):
            staging.discard(request.session, token)
            messages.error(request, staging.EXPIRED_MESSAGE)
        else:
            messages.error(request, "预览已过期或无效，没有导入任何题目。请重新上传文件。")
        return redirect("assessments_question_import")
    info, data = staged
    place = (info["jurisdiction_id"], info["enterprise_id"])
    if place not in {(t.jurisdiction_id, t.enterprise_id) for t in targets}:
        raise PermissionDenied
    excluded = form.excluded_numbers()
    try:
        # What the user saw: the worker's stored preview of a big file, else parse again.
        preview = job_preview(token, request.user) or preview_question_file(
            info["filename"], data, jurisdiction_id=place[0], enterprise_id=place[1]
        )
    except QuestionImportError as exc:
        messages.error(request, f"没有导入任何题目：{exc}")
        return redirect("assessments_question_import")
    try:
        batch = import_questions(
            preview,
            jurisdiction_id=place[0],
            enterprise_id=place[1],
            user=request.user,
            excluded=excluded,
        )
    except QuestionImportError as exc:
        messages.error(request, f"没有导入任何题目：{exc}")
        return _preview_response(request, preview, token, bank_label(*place), excluded)
    staging.discard(request.session, token)
    forget_jobs(token)
    messages.success(
        request,
        f"已导入 {batch.question_count} 道题到{bank_label(*place)}；"
        f"{batch.skipped_count} 项未导入，见下方报告。",
    )
    return redirect("assessments_question_import_report", pk=batch.pk)


def question_import_discard(request):
    """取消 on the preview: the staged upload is deleted at once, not left to expire."""
    _require_importer(request)
    form = QuestionConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        if staging.holds(request.session, token):
            forget_jobs(token)
        staging.discard(request.session, token)
        messages.success(request, "已取消导入，上传的文件已删除。")
    return redirect("assessments_question_import")


def _batch_in_scope(request, pk: int) -> QuestionImport:
    _require_importer(request)
    batch = get_object_or_404(
        QuestionImport.objects.select_related("enterprise", "jurisdiction", "imported_by"), pk=pk
    )
    if not can_manage_bank(request.user, batch.jurisdiction_id, batch.enterprise_id):
        raise Http404("没有这条导入记录")
    return batch


def question_import_report(request, pk: int):
    batch = _batch_in_scope(request, pk)
    questions_url = reverse("wagtailsnippets_assessments_question:list")
    return TemplateResponse(
        request,
        "assessments/admin/question_import_report.html",
        {
            "batch": batch,
            "bank": bank_label(batch.jurisdiction_id, batch.enterprise_id),
            "questions_url": f"{questions_url}?import_batch={batch.pk}",
        },
    )


def question_import_report_download(request, pk: int, file_format: str):
    batch = _batch_in_scope(request, pk)
    rows = [
        (entry.get("number") or "", entry.get("stem", ""), "；".join(entry.get("problems", [])))
        for entry in batch.report
    ]
    return table_response(REPORT_HEADERS, rows, file_format, f"题库导入报告-{batch.pk}")


def question_import_template(request):
    _require_importer(request)
    response = HttpResponse(
        build_template_xlsx(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = content_disposition_header(True, "题库导入模板.xlsx")
    return response
