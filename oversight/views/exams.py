"""Oversight pages: an enterprise's exams, one assessment, routine schedules, a jurisdiction.

Safety managers and principals see their own enterprise; regulators every enterprise of
their jurisdiction. All of it is read-only here: the writes (training, sign-back, surprise
launch) have their own views.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.permissions import role_required
from accounts.scoping import (
    get_enterprise_in_scope_or_404,
    profile_of,
    visible_enterprises,
    visible_staff,
)
from accounts.vocab import Role
from assessments.exams.selectors.results import RateRow, results_breakdown
from assessments.exams.services.absence import can_excuse
from assessments.exams.services.launching import can_launch_for, draft_refusal, matching_staff
from assessments.exams.views.common import OVERSEERS, get_in_scope_or_404, visible_assessments
from assessments.exams.wagtail_admin.schedule_permissions import schedule_admin_url
from assessments.models import AssessmentKind, Assignment
from oversight import selectors
from safetykb.models import AuditEvent, AuditKind
from training import selectors as training_selectors

ASSESSMENTS_PER_PAGE = 20
PEOPLE_PER_PAGE = 100


@require_GET
@role_required(*OVERSEERS)
def enterprise_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = get_enterprise_in_scope_or_404(request.user, pk)
    assessments = selectors.exam_assessments(
        visible_assessments(request.user).filter(enterprise=enterprise)
    )
    launched = assessments.filter(is_launched=True)
    staff = visible_staff(request.user).filter(enterprise=enterprise)
    context = {
        "enterprise": enterprise,
        "summary": selectors.totals(launched),
        "assessment_count": launched.count(),
        "page": Paginator(assessments, ASSESSMENTS_PER_PAGE).get_page(request.GET.get("page")),
        "drafts": selectors.pending_drafts(assessments),
        "breakdowns": results_breakdown(
            Assignment.objects.filter(staff__in=staff, assessment__in=launched)
        ),
        "programmes": training_selectors.off_post_programmes(staff),
        "can_launch": can_launch_for(request.user, enterprise),
        "is_regulator": profile_of(request.user).role == Role.REGULATOR,
    }
    return render(request, "oversight/enterprise_exams.html", context)


@require_GET
@role_required(Role.REGULATOR)
def jurisdiction(request: HttpRequest) -> HttpResponse:
    enterprises = visible_enterprises(request.user)
    rows = selectors.jurisdiction_exam_rows(enterprises)
    context = {
        "jurisdiction": profile_of(request.user).jurisdiction,
        "rows": rows,
        "summary": RateRow(
            "合计",
            sum(row.rates.assigned for row in rows),
            sum(row.rates.completed for row in rows),
            sum(row.rates.passed for row in rows),
        ),
        "programmes": training_selectors.off_post_programmes(visible_staff(request.user))[
            :PEOPLE_PER_PAGE
        ],
        "off_post_total": sum(row.off_post for row in rows),
    }
    return render(request, "oversight/jurisdiction_exams.html", context)


@require_GET
@role_required(*OVERSEERS)
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scoped = visible_assessments(request.user)
    get_in_scope_or_404(scoped, pk, "考核不存在。")
    assessment = selectors.with_stats(scoped).get(pk=pk)
    people = selectors.participants(assessment)
    page = Paginator(people, PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    launch_event = (
        AuditEvent.objects.filter(
            kind=AuditKind.SURPRISE_LAUNCHED,
            enterprise=assessment.enterprise,
            data__assessment_id=assessment.pk,
        )
        .select_related("actor")
        .first()
    )
    context = {
        "assessment": assessment,
        "rates": RateRow(
            assessment.title, assessment.assigned, assessment.completed, assessment.passed
        ),
        "status": selectors.assessment_status(assessment),
        "page": page,
        "breakdowns": results_breakdown(people) if assessment.assigned else (),
        "launch_event": launch_event,
        "can_launch": (
            assessment.kind == AssessmentKind.SURPRISE
            and draft_refusal(assessment, request.user) is None
        ),
        "can_excuse": can_excuse(request.user, assessment.enterprise),
    }
    return render(request, "oversight/assessment_detail.html", context)


@require_GET
@role_required(*OVERSEERS)
def schedules(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = get_enterprise_in_scope_or_404(request.user, pk)
    rows = [
        (schedule, matching_staff(schedule.blueprint, enterprise.pk).count())
        for schedule in selectors.schedules_of(enterprise)
    ]
    context = {
        "enterprise": enterprise,
        "rows": rows,
        "admin_url": schedule_admin_url(request.user, enterprise.pk),
    }
    return render(request, "oversight/schedules.html", context)
