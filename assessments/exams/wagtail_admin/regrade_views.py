""" "更正答案并重新评分" for one question: pick a used version, the corrected key (or full
marks) and a reason; preview who is affected; confirm to apply.

Only users who may change the question get here (404 outside their banks, 403 for a
bank they only see). The confirmation carries the preview's fingerprint, so a forged or
stale form is refused by the service with a Chinese message and writes nothing.
"""

from __future__ import annotations

from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from wagtail.admin import messages

from assessments.bank.scoping import get_question_in_scope_or_404
from assessments.bank.wagtail_admin.answers import answer_as_text
from assessments.bank.wagtail_admin.views import policy
from assessments.exams.selectors.answer_secrecy import EDIT_REFUSED, is_hidden_from
from assessments.exams.services.regrading import (
    RegradeError,
    RegradeResult,
    preview_regrade,
    regrade,
)
from assessments.exams.wagtail_admin.regrade_forms import RegradeForm
from assessments.models import AnswerKeyCorrection, AttemptState, Question
from assessments.models import QuestionVersion as Version

NO_VERSION_MESSAGE = "这道题还没有用于考试的版本，直接修改试题即可，无需重新评分。"


def regrade_url(question: Question, version: Version | None = None) -> str:
    url = reverse("assessments_question_regrade", args=[question.pk])
    return f"{url}?{urlencode({'version': version.pk})}" if version else url


def question_regrade(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_question_in_scope_or_404(request.user, pk)
    if not policy().user_has_permission_for_instance(request.user, "change", question):
        raise PermissionDenied
    inspect_url = reverse(
        Question.snippet_viewset.get_url_name("inspect"), args=(quote(question.pk),)
    )
    if is_hidden_from(request.user, question):
        messages.warning(request, EDIT_REFUSED)
        return redirect(inspect_url)
    versions = list(used_versions(question))
    if not versions:
        messages.warning(request, NO_VERSION_MESSAGE)
        return redirect(inspect_url)
    version = _chosen_version(request, versions)
    if version is None:
        messages.error(request, "所选版本不存在或尚未用于考试，请重新选择。")
        return redirect(regrade_url(question))

    form = RegradeForm(request.POST or None, content=version.content)
    preview = None
    if request.method == "POST" and form.is_valid():
        confirm = request.POST.get("action") == "apply"
        try:
            if confirm:
                result = regrade(
                    version,
                    new_answer=form.new_answer,
                    full_marks=form.full_marks,
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                    # A missing fingerprint can never match: confirm only what was previewed.
                    expected_fingerprint=form.cleaned_data["fingerprint"] or "-",
                )
                messages.success(request, _success_message(result))
                return redirect(regrade_url(question, version))
            preview = preview_regrade(
                version, new_answer=form.new_answer, full_marks=form.full_marks
            )
        except RegradeError as exc:
            form.add_error(None, str(exc))
        else:
            # The confirm button sends back exactly this preview's state.
            data = form.data.copy()
            data["fingerprint"] = preview.fingerprint
            form = RegradeForm(data, content=version.content)
            form.is_valid()

    return TemplateResponse(
        request,
        "assessments/admin/question_regrade.html",
        {
            "question": question,
            "version": version,
            "versions": versions,
            "current_key": _current_key(version),
            "form": form,
            "preview": preview,
            "preview_answer": (
                key_text(version.content["type"], preview.correction.answer) if preview else ""
            ),
            "history": _history(version),
            "inspect_url": inspect_url,
            "regrade_url": regrade_url(question, version),
        },
    )


def used_versions(question: Question):
    """The question's versions that papers have used, newest first, with graded counts."""
    graded = Q(slots__attempt__state=AttemptState.GRADED)
    return (
        question.versions.filter(used_at__isnull=False)
        .annotate(graded_count=Count("slots__attempt", filter=graded, distinct=True))
        .order_by("-number")
        .prefetch_related("corrections")
    )


def _chosen_version(request: HttpRequest, versions: list[Version]) -> Version | None:
    wanted = request.POST.get("version") or request.GET.get("version")
    if not wanted:
        return versions[0]
    return next((v for v in versions if str(v.pk) == wanted), None)


def _current_key(version: Version) -> dict:
    content = version.content
    last = max(version.corrections.all(), key=lambda c: c.pk, default=None)
    original = key_text(content["type"], content["answer"])
    if last is None:
        return {"text": original, "corrected": False, "original": original}
    text = key_text(content["type"], last.answer, last.full_marks)
    return {"text": text, "corrected": True, "original": original}


def key_text(question_type: str, answer, full_marks: bool = False) -> str:
    return "所有考生得分" if full_marks else answer_as_text(question_type, list(answer))


def _history(version: Version) -> list[dict]:
    """The version's corrections, newest first, with their keys as the editor typed them."""
    question_type = version.content["type"]
    corrections = (
        AnswerKeyCorrection.objects.filter(version=version)
        .select_related("created_by", "new_version")
        .order_by("-pk")
    )
    return [
        {
            "correction": item,
            "before": key_text(question_type, item.previous_answer, item.previous_full_marks),
            "after": key_text(question_type, item.answer, item.full_marks),
        }
        for item in corrections
    ]


def _success_message(result: RegradeResult) -> str:
    text = f"已更正答案并重新评分：{result.graded_count} 份已评分答卷中 {result.changed_count} 份得分变化"
    flipped = len(result.flipped)
    if flipped:
        text += f"，{flipped} 份合格结果改变（已按规定调整人员状态并记入审计日志）"
    if result.new_version_id:
        text += "；题库已生成新版本，今后组卷使用更正后的答案"
    return text + "。"
