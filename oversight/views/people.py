"""The pages each role opens first: the worker's own page, the enterprise and jurisdiction
dashboards. Figures come only from the viewer's scoped staff and enterprises."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.filters import EnterpriseFilterForm, StaffFilterForm
from accounts.models import Enterprise
from accounts.permissions import role_required
from accounts.scoping import (
    get_enterprise_in_scope_or_404,
    profile_of,
    role_of,
    visible_enterprises,
    visible_staff,
)
from accounts.vocab import ENTERPRISE_MANAGER_ROLES, ENTERPRISE_ROLES, SITE_ROLES, Role
from assessments.exams.selectors import worker_exams
from oversight.overview import enterprise_overview, jurisdiction_overview

STAFF_PER_PAGE = 50
MANAGERS = ENTERPRISE_MANAGER_ROLES
ENTERPRISE_VIEWERS = SITE_ROLES


@require_GET
@role_required(*ENTERPRISE_ROLES)
def my_home(request: HttpRequest) -> HttpResponse:
    """The logged-in employee's own record (workers land here; managers may visit)."""
    profile = profile_of(request.user)
    context = {"profile": profile, "exams": worker_exams(profile)}
    return render(request, "oversight/my_home.html", context)


@require_GET
@role_required(*MANAGERS)
def enterprise_dashboard(request: HttpRequest) -> HttpResponse:
    profile = profile_of(request.user)
    if profile.enterprise is None:  # only possible for rows saved without full_clean()
        return render(request, "accounts/no_role.html", {"profile": profile}, status=403)
    return _render_enterprise(request, profile.enterprise, is_dashboard=True)


@require_GET
@role_required(*ENTERPRISE_VIEWERS)
def enterprise_detail(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = get_enterprise_in_scope_or_404(request.user, pk)
    return _render_enterprise(request, enterprise, is_dashboard=False)


@require_GET
@role_required(Role.REGULATOR)
def jurisdiction_dashboard(request: HttpRequest) -> HttpResponse:
    profile = profile_of(request.user)
    form = EnterpriseFilterForm(request.GET)
    enterprises = visible_enterprises(request.user)
    context = {
        "jurisdiction": profile.jurisdiction,
        "totals": jurisdiction_overview(enterprises),
        "overview": jurisdiction_overview(form.filter(enterprises)),
        "form": form,
    }
    return render(request, "oversight/jurisdiction_dashboard.html", context)


def _render_enterprise(
    request: HttpRequest, enterprise: Enterprise, *, is_dashboard: bool
) -> HttpResponse:
    """Enterprise page; staff figures come only from the viewer's scoped staff."""
    context: dict = {"enterprise": enterprise, "is_dashboard": is_dashboard}
    if role_of(request.user) != Role.WORKER:
        staff = visible_staff(request.user)
        form = StaffFilterForm(request.GET, enterprise=enterprise, staff=staff)
        table = form.filter(staff.filter(enterprise=enterprise)).order_by("employee_no", "pk")
        context |= {
            "overview": enterprise_overview(enterprise, staff),
            "form": form,
            "page": Paginator(table, STAFF_PER_PAGE).get_page(request.GET.get("page")),
        }
    return render(request, "oversight/enterprise_detail.html", context)
