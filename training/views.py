"""One person's exams, off-post training and audit timeline; training entry and sign-back.

Only the enterprise's safety manager records hours and signs people back (the services
check it again); principals and regulators read, workers see their own record.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from accounts.permissions import role_required
from accounts.scoping import get_staff_in_scope_or_404, role_of
from accounts.timeline import timeline
from accounts.vocab import Role
from assessments.exams.services.errors import AssessmentError
from assessments.exams.views.common import EVERYONE, get_in_scope_or_404
from training import selectors
from training import services as training
from training.forms import SignBackForm, TrainingRecordForm
from training.models import ProgrammeStatus, TrainingProgramme
from training.selectors import visible_programmes


@require_GET
@role_required(*EVERYONE)
def staff_record(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_staff_in_scope_or_404(request.user, pk)
    return _render_record(request, member)


@require_POST
@role_required(Role.SAFETY_MANAGER)
def record_training(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_in_scope_or_404(visible_programmes(request.user), pk, "培训记录不存在。")
    form = TrainingRecordForm(request.POST)
    if form.is_valid():
        try:
            training.record_training(
                programme,
                actor=request.user,
                day=form.cleaned_data["date"],
                content=form.cleaned_data["content"],
                hours=form.cleaned_data["hours"],
                trainer=form.cleaned_data["trainer"],
            )
        except AssessmentError as exc:
            messages.error(request, str(exc))
            return redirect("training:staff", programme.staff_id)
        else:
            programme.refresh_from_db(fields=["status"])
            messages.success(request, f"已登记 {form.cleaned_data['hours']} 学时。")
            if programme.status == ProgrammeStatus.RETEST_UNLOCKED:
                messages.success(request, "培训学时已满，复岗考核已开放。")
            return redirect("training:staff", programme.staff_id)
    return _render_record(request, programme.staff, training_form=form, status=400)


@require_POST
@role_required(Role.SAFETY_MANAGER)
def sign_back(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_in_scope_or_404(visible_programmes(request.user), pk, "培训记录不存在。")
    form = SignBackForm(request.POST)
    if form.is_valid():
        try:
            training.sign_back(programme, actor=request.user, remark=form.cleaned_data["remark"])
        except AssessmentError as exc:
            messages.error(request, str(exc))
            return redirect("training:staff", programme.staff_id)
        else:
            messages.success(request, f"{programme.staff.display_name} 已签字复岗。")
            return redirect("training:staff", programme.staff_id)
    return _render_record(request, programme.staff, sign_back_form=form, status=400)


def _render_record(
    request: HttpRequest,
    member,
    *,
    training_form: TrainingRecordForm | None = None,
    sign_back_form: SignBackForm | None = None,
    status: int = 200,
) -> HttpResponse:
    member.refresh_from_db(fields=["status"])
    programme = selectors.open_programme_of(member)
    is_manager = (
        role_of(request.user) == Role.SAFETY_MANAGER
        and request.user.profile.enterprise_id == member.enterprise_id
    )
    can_record = is_manager and programme is not None
    can_sign = (
        is_manager and programme is not None and (programme.status == ProgrammeStatus.RETEST_PASSED)
    )
    context = {
        "member": member,
        "programme": programme,
        "hours_percent": selectors.hours_percent(programme) if programme else 0,
        "records": programme.records.select_related("entered_by") if programme else (),
        "past_programmes": selectors.with_hours(
            TrainingProgramme.objects.filter(staff=member, status=ProgrammeStatus.RETURNED)
        ).select_related("signed_back_by"),
        "attempts": selectors.person_attempts(member),
        "timeline": timeline(member),
        "is_own": member.user_id == request.user.pk,
        "training_form": (training_form or TrainingRecordForm()) if can_record else None,
        "sign_back_form": (sign_back_form or SignBackForm()) if can_sign else None,
    }
    return render(request, "training/staff_record.html", context, status=status)
