"""一人一档 pages and downloads, and the enterprise's archive exports.

A worker sees only their own archive; managers their enterprise's people; regulators
their jurisdiction's, read-only. Anything else is a 404 (``accounts.scoping``).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.permissions import role_required
from accounts.scoping import get_enterprise_in_scope_or_404, get_staff_in_scope_or_404
from accounts.vocab import OVERSEER_ROLES, SITE_ROLES
from training.archive import archive_of
from training.exports import archive as archive_files
from training.exports.workbook import download


def _year(request: HttpRequest) -> int:
    """The year asked for (?year=), this year when absent or not a plausible year."""
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


@require_GET
@role_required(*SITE_ROLES)
def person_archive(request: HttpRequest, pk: int) -> HttpResponse:
    staff = get_staff_in_scope_or_404(request.user, pk)
    archive = archive_of(staff, _year(request))
    return render(request, "training/archive/person.html", {"archive": archive, "member": staff})


@require_GET
@role_required(*SITE_ROLES)
def person_archive_docx(request: HttpRequest, pk: int) -> HttpResponse:
    staff = get_staff_in_scope_or_404(request.user, pk)
    body = archive_files.archive_card(archive_of(staff, _year(request)))
    name = f"{staff.enterprise.name if staff.enterprise_id else ''}-{staff.display_name}-培训档案卡"
    return download(body, f"{name}.docx")


def _enterprise_download(request, pk: int, build, title: str) -> HttpResponse:
    enterprise = get_enterprise_in_scope_or_404(request.user, pk)
    year = _year(request)
    body = build(enterprise, year)
    return download(body, f"{enterprise.name}-{year}年-{title}.xlsx")


@require_GET
@role_required(*OVERSEER_ROLES)
def enterprise_archive_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    return _enterprise_download(request, pk, archive_files.enterprise_archive, "一人一档")


@require_GET
@role_required(*OVERSEER_ROLES)
def ledger_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    return _enterprise_download(request, pk, archive_files.ledger_workbook, "培训学时台账")


@require_GET
@role_required(*OVERSEER_ROLES)
def compliance_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    return _enterprise_download(request, pk, archive_files.compliance_workbook, "学时达标汇总")


@require_GET
@role_required(*OVERSEER_ROLES)
def certificates_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    return _enterprise_download(request, pk, archive_files.certificate_workbook, "持证情况")


@require_GET
@role_required(*OVERSEER_ROLES)
def enterprise_exports(request: HttpRequest, pk: int) -> HttpResponse:
    """The enterprise's download page: one link per export, with the year."""
    enterprise = get_enterprise_in_scope_or_404(request.user, pk)
    year = _year(request)
    return render(
        request,
        "training/archive/exports.html",
        {"enterprise": enterprise, "year": year, "years": range(year - 2, year + 2)},
    )
