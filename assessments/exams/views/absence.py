"""Excusing a 缺考 (sick leave, a business trip): a manager in scope, with a reason."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from accounts.permissions import role_required
from accounts.scoping import visible_staff
from assessments.exams.forms import ExcuseAbsenceForm
from assessments.exams.services.absence import excuse_absence
from assessments.exams.services.errors import AssessmentError
from assessments.exams.views.common import OVERSEERS, get_in_scope_or_404
from assessments.models import Absence


@require_POST
@role_required(*OVERSEERS)
def excuse(request: HttpRequest, pk: int) -> HttpResponse:
    absence = get_in_scope_or_404(
        Absence.objects.filter(assignment__staff__in=visible_staff(request.user)).select_related(
            "assignment__assessment", "assignment__staff__enterprise", "assignment__staff__user"
        ),
        pk,
        "缺考记录不存在。",
    )
    back = redirect("oversight:assessment", absence.assignment.assessment_id)
    form = ExcuseAbsenceForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写核准缺考的原因（如病假、出差）。")
        return back
    try:
        excuse_absence(absence, actor=request.user, reason=form.cleaned_data["reason"])
    except AssessmentError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已核准 {absence.assignment.staff.display_name} 的缺考。")
    return back
