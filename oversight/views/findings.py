"""问题清单 pages: an inspection's findings, one finding with its signed steps, the
list across the user's scope (open, overdue…), the provision suggestion, evidence.

Thin views over ``oversight.findings``: scope comes from there (out of scope is a 404);
a wrong role or a skipped step is refused by the service with a Chinese message.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from accounts.permissions import role_required
from accounts.scoping import role_of
from accounts.vocab import ENTERPRISE_MANAGER_ROLES, Role
from oversight import findings as service
from oversight.inspections import (
    get_inspection_or_404,
    get_inspection_to_edit_or_404,
    is_inspector,
)
from oversight.models import FindingEvidence, FindingState, StepKind
from oversight.models.findings import INSPECTOR_STEPS

VIEWERS = (Role.REGULATOR, *ENTERPRISE_MANAGER_ROLES)

#: The list's filters, by the name the links carry.
FILTERS = {
    "open": "待整改",
    "answered": "待复查",
    "overdue": "逾期未整改",
    "unresolved": "未销号",
    "closed": "已销号",
}


@require_GET
@role_required(*VIEWERS)
def for_inspection(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_inspection_or_404(request.user, pk)
    findings = service.visible_findings(request.user).filter(inspection=inspection)
    editing = is_inspector(request.user, inspection)
    return render(
        request,
        "oversight/findings/for_inspection.html",
        {
            "inspection": inspection,
            "findings": findings.order_by("number"),
            "editing": editing,
            "proposing": editing and inspection.state in service.PROPOSING_STATES,
            "today": timezone.localdate(),
        },
    )


@require_POST
@role_required(Role.REGULATOR)
def propose(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_inspection_to_edit_or_404(request.user, pk)
    try:
        created = service.propose_findings(inspection, actor=request.user)
    except service.FindingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            f"已从抽考与检查结果生成 {len(created)} 条待确认问题。"
            if created
            else "没有新的问题可生成。",
        )
    return redirect("oversight:inspection_findings", pk)


@require_POST
@role_required(Role.REGULATOR)
def add(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_inspection_to_edit_or_404(request.user, pk)
    try:
        finding = service.add_finding(
            inspection, actor=request.user, description=request.POST.get("description", "")
        )
    except service.FindingError as exc:
        messages.error(request, str(exc))
        return redirect("oversight:inspection_findings", pk)
    messages.success(request, f"已添加问题{finding.number}，请确认违反条款、整改要求和期限。")
    return redirect("oversight:finding", finding.pk)


@require_GET
@role_required(*VIEWERS)
def finding_list(request: HttpRequest) -> HttpResponse:
    findings = service.visible_findings(request.user).exclude(state=FindingState.DISMISSED)
    today = timezone.localdate()
    shown = request.GET.get("show", "")
    if shown == "overdue":
        findings = service.overdue(findings, today)
    elif shown == "unresolved":
        findings = service.unresolved(findings)
    elif shown in FindingState.values:
        findings = findings.filter(state=shown)
    enterprise = request.GET.get("enterprise", "")
    if enterprise.isdigit():
        findings = findings.filter(enterprise_id=int(enterprise))
    return render(
        request,
        "oversight/findings/list.html",
        {
            "findings": findings.order_by("deadline", "pk")[:500],
            "filters": FILTERS,
            "shown": shown,
            "today": today,
        },
    )


@require_GET
@role_required(*VIEWERS)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    finding = service.get_finding_or_404(request.user, pk)
    steps = [
        {"step": step, "signature": service.step_signature(step), "evidence": step.evidence.all()}
        for step in finding.steps.select_related("actor").order_by("pk")
    ]
    allowed = FindingState(finding.state).allowed_steps()
    inspector = is_inspector(request.user, finding.inspection)
    own_enterprise = (
        role_of(request.user) in ENTERPRISE_MANAGER_ROLES
        and request.user.profile.enterprise_id == finding.enterprise_id
    )
    actions = [
        (kind.value, kind.label)
        for kind in allowed
        if (kind in INSPECTOR_STEPS and inspector)
        or (kind not in INSPECTOR_STEPS and own_enterprise)
    ]
    # The suggestion runs only when asked (a button): search may be slow without the model.
    suggestions = (
        service.suggest_provisions(finding.description)
        if request.GET.get("suggest") and StepKind.ISSUED.value in dict(actions)
        else None
    )
    return render(
        request,
        "oversight/findings/detail.html",
        {
            "finding": finding,
            "steps": steps,
            "actions": actions,
            "suggestions": suggestions,
            "today": timezone.localdate(),
            "extensions": ", ".join(sorted(service.EVIDENCE_EXTENSIONS)),
        },
    )


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        raise service.FindingError(f"日期“{value}”无法识别，请按 年-月-日 填写。") from None


def _uploads(request: HttpRequest) -> list[service.Upload]:
    """The evidence files; an oversized one is refused before it is read into memory."""
    files = request.FILES.getlist("evidence")
    for f in files:
        if f.size > service.MAX_EVIDENCE_BYTES:
            raise service.FindingError(f"佐证材料“{f.name}”超过 10 MB，请压缩后再上传。")
    return [service.Upload(f.name, f.read()) for f in files]


@require_POST
@role_required(*VIEWERS)
def step(request: HttpRequest, pk: int) -> HttpResponse:
    finding = service.get_finding_or_404(request.user, pk)
    kind = request.POST.get("kind", "")
    provision = request.POST.get("provision", "")
    try:
        service.take_step(
            finding,
            kind,
            actor=request.user,
            password=request.POST.get("password", ""),
            text=request.POST.get("text", ""),
            provision_id=int(provision) if provision.isdigit() else None,
            rectification=request.POST.get("rectification", ""),
            deadline=_date(request.POST.get("deadline", "")),
            uploads=_uploads(request),
            request=request,
        )
    except service.FindingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已{StepKind(kind).label}并签名。")
    return redirect("oversight:finding", pk)


@require_GET
@role_required(Role.REGULATOR)
def suggest(request: HttpRequest, pk: int) -> JsonResponse:
    """Provisions the knowledge base suggests for the finding (or for ``?q=``)."""
    finding = service.get_finding_or_404(request.user, pk)
    text = request.GET.get("q", "").strip() or finding.description
    return JsonResponse({"suggestions": [s.as_json() for s in service.suggest_provisions(text)]})


@require_GET
@role_required(*VIEWERS)
def evidence(request: HttpRequest, pk: int) -> FileResponse:
    try:
        item = FindingEvidence.objects.select_related("step").get(pk=pk)
    except FindingEvidence.DoesNotExist:
        raise Http404("材料不存在。") from None
    service.get_finding_or_404(request.user, item.step.finding_id)
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.name)
