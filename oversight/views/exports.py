"""Downloads of one inspection: the record (.docx) and the spot-test score sheet (.xlsx).

Regulators of the jurisdiction download any state (a draft says so on its first line);
the enterprise gets its records once filed. Out of scope, or not yet filed for the
enterprise, is a 404.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from accounts.permissions import role_required
from accounts.scoping import role_of
from accounts.vocab import ENTERPRISE_MANAGER_ROLES, Role
from oversight.inspections import get_inspection_or_404
from oversight.models import Inspection
from oversight.record_export import record_docx, score_sheet_xlsx
from safetykb.spreadsheets import CONTENT_TYPES

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _exportable(request: HttpRequest, pk: int) -> Inspection:
    inspection = get_inspection_or_404(request.user, pk)
    if role_of(request.user) != Role.REGULATOR and not inspection.is_filed:
        raise Http404("检查记录归档后才能下载。")
    return inspection


def _download(body: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@require_GET
@role_required(Role.REGULATOR, *ENTERPRISE_MANAGER_ROLES)
def record(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _exportable(request, pk)
    name = f"现场检查记录-{inspection.enterprise.name}-{inspection.date:%Y%m%d}.docx"
    return _download(record_docx(inspection), DOCX, name)


@require_GET
@role_required(Role.REGULATOR, *ENTERPRISE_MANAGER_ROLES)
def score_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _exportable(request, pk)
    name = f"现场抽考成绩-{inspection.enterprise.name}-{inspection.date:%Y%m%d}.xlsx"
    return _download(score_sheet_xlsx(inspection), CONTENT_TYPES["xlsx"], name)
