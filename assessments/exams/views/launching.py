"""Surprise assessments (不定期抽考): prepare, then launch with a reason.

A safety manager or principal launches for their enterprise, a regulator for any
enterprise in the jurisdiction. A prepared test is seen and launched only by the side that
prepared it (a regulator's draft stays a surprise to the enterprise) until launched.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.permissions import role_required
from accounts.scoping import get_enterprise_in_scope_or_404
from assessments.exams import selectors
from assessments.exams.engine import SamplingError, sample_size
from assessments.exams.forms import LaunchForm, SurpriseForm
from assessments.exams.services import launching
from assessments.exams.services.errors import AssessmentError
from assessments.exams.views.common import OVERSEERS, get_in_scope_or_404, visible_assessments
from assessments.models import AssessmentKind


@require_http_methods(["GET", "POST"])
@role_required(*OVERSEERS)
def prepare(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = get_enterprise_in_scope_or_404(request.user, pk)
    if not launching.can_launch_for(request.user, enterprise):
        raise Http404("企业不存在或不在您的查看范围内。")
    form = SurpriseForm(request.POST or None, blueprints=selectors.blueprints_for(enterprise))
    if request.method == "POST" and form.is_valid():
        try:
            assessment = launching.prepare_surprise(
                blueprint=form.cleaned_data["blueprint"],
                enterprise=enterprise,
                actor=request.user,
                title=form.cleaned_data["title"],
                count=form.cleaned_data["count"],
                percent=form.cleaned_data["percent"],
                window_minutes=form.cleaned_data["window_minutes"],
                absence_counts_as_fail=form.cleaned_data["absence_counts_as_fail"],
            )
        except AssessmentError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("assessments:launch", assessment.pk)
    status = 400 if form.is_bound else 200
    return render(
        request,
        "assessments/surprise_prepare.html",
        {"enterprise": enterprise, "form": form},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@role_required(*OVERSEERS)
def launch(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_in_scope_or_404(
        visible_assessments(request.user).filter(kind=AssessmentKind.SURPRISE),
        pk,
        "抽考不存在。",
    )
    if assessment.is_launched:
        messages.info(request, "该抽考已经发起。")
        return redirect("oversight:assessment", assessment.pk)
    if not launching.can_launch_for(request.user, assessment.enterprise):
        raise Http404("抽考不存在。")
    refusal = launching.draft_refusal(assessment, request.user)
    if refusal:  # a void draft (sampling failed, period lapsed) stays in the history only
        messages.error(request, refusal)
        return redirect("oversight:assessment", assessment.pk)
    form = LaunchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            chosen = launching.launch_surprise(
                assessment, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except AssessmentError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                f"抽考已发起：抽中 {len(chosen)} 人，须在 {assessment.window_minutes} 分钟内完成作答。",
            )
            return redirect("oversight:assessment", assessment.pk)
    pool = list(launching.matching_staff(assessment.blueprint, assessment.enterprise_id))
    try:
        expected = sample_size(
            len(pool), count=assessment.sample_count, percent=assessment.sample_percent
        )
        sampling_problem = ""
    except SamplingError as exc:
        expected, sampling_problem = 0, str(exc)
    context = {
        "assessment": assessment,
        "form": form,
        "pool_size": len(pool),
        "strata": selectors.strata_of(pool),
        "expected": expected,
        "sampling_problem": sampling_problem,
    }
    return render(
        request, "assessments/surprise_launch.html", context, status=400 if form.is_bound else 200
    )
