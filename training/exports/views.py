"""Download views: each scopes what it exports to the user (out of scope is a 404)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from accounts.permissions import role_required
from accounts.vocab import OVERSEER_ROLES
from training.plan_selectors import (
    get_plan_in_scope_or_404,
    minimum_report,
    plan_lines,
    plan_progress,
)

from . import plan as plan_files
from .workbook import download


def _plan_name(plan) -> str:
    return f"{plan.enterprise.name}-{plan.year}年度安全培训计划-第{plan.revision}版"


@require_GET
@role_required(*OVERSEER_ROLES)
def plan_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_in_scope_or_404(request.user, pk)
    lines = plan_lines(plan)
    body = plan_files.plan_xlsx(plan, minimum_report(plan, lines), plan_progress(plan, lines))
    return download(body, f"{_plan_name(plan)}.xlsx")


@require_GET
@role_required(*OVERSEER_ROLES)
def plan_docx(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_in_scope_or_404(request.user, pk)
    body = plan_files.plan_docx(plan, minimum_report(plan, plan_lines(plan)))
    return download(body, f"{_plan_name(plan)}.docx")
