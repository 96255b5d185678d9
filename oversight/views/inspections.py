"""Inspection pages: the list, opening one, the record with its four checks, moving it on.

Thin views over ``oversight.inspections``: scope and edit rights are read there (out of
scope, or not an inspector for a write, is a 404).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.permissions import role_required
from accounts.scoping import profile_of, visible_enterprises
from accounts.vocab import ENTERPRISE_MANAGER_ROLES, Role
from oversight import inspections as service
from oversight import record_signing
from oversight.inspection_facts import facts_for
from oversight.models import CheckKind, CheckResult, InspectionState
from oversight.sealing import record_content, seal_matches
from oversight.spot_tests import examinee_rows
from safetykb.signatures.selectors import signature_rows

VIEWERS = (Role.REGULATOR, *ENTERPRISE_MANAGER_ROLES)


class InspectionForm(forms.Form):
    enterprise = forms.ModelChoiceField(label="被检查单位", queryset=None, empty_label="请选择企业")
    date = forms.DateField(label="检查日期", widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label="检查场所", max_length=200)
    inspectors = forms.MultipleChoiceField(
        label="检查人员（至少两名）", widget=forms.CheckboxSelectMultiple
    )
    representative_name = forms.CharField(label="企业在场负责人姓名", max_length=50)
    representative_post = forms.CharField(label="职务", max_length=50)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = visible_enterprises(user)
        self.fields["inspectors"].choices = [
            (p.pk, f"{p.display_name}（执法证号 {p.enforcement_number or '未填写'}）")
            for p in service.regulators_for(user)
        ]


@require_GET
@role_required(*VIEWERS)
def inspection_list(request: HttpRequest) -> HttpResponse:
    inspections = service.visible_inspections(request.user).prefetch_related("inspectors__user")
    return render(
        request,
        "oversight/inspections/list.html",
        {
            "inspections": inspections[:200],
            "is_regulator": profile_of(request.user).role == Role.REGULATOR,
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.REGULATOR)
def new(request: HttpRequest) -> HttpResponse:
    initial = {"date": timezone.localdate(), "inspectors": [profile_of(request.user).pk]}
    if request.GET.get("enterprise", "").isdigit():
        initial["enterprise"] = int(request.GET["enterprise"])
    form = InspectionForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            inspection = service.open_inspection(
                actor=request.user,
                enterprise=data["enterprise"],
                date=data["date"],
                place=data["place"],
                inspector_profile_ids=[int(pk) for pk in data["inspectors"]],
                representative_name=data["representative_name"],
                representative_post=data["representative_post"],
            )
        except service.InspectionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "已新建执法检查（准备中，企业在现场开始检查前看不到）。")
            return redirect("oversight:inspection", inspection.pk)
    status = 400 if form.is_bound else 200
    return render(request, "oversight/inspections/new.html", {"form": form}, status=status)


@require_GET
@role_required(*VIEWERS)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = service.get_inspection_or_404(request.user, pk)
    editing = service.is_inspector(request.user, inspection)
    on_site = inspection.state == InspectionState.ON_SITE
    checks = []
    for check in inspection.checks.select_related("recorded_by").order_by("pk"):
        # While on site the facts are read afresh; once recorded, what was shown is kept.
        live = on_site or not check.facts
        checks.append(
            {
                "check": check,
                "facts": facts_for(inspection, check.kind).as_json() if live else check.facts,
            }
        )
    spot = getattr(inspection, "spot_test", None)
    context = {
        "inspection": inspection,
        "inspectors": inspection.inspectors.select_related("user"),
        "checks": checks,
        "results": [c for c in CheckResult.choices if c[0] != CheckResult.PENDING],
        "editing": editing,
        "on_site": on_site,
        "spot": spot,
        "spot_rows": examinee_rows(spot) if spot else [],
        "next_states": [
            (state.value, state.label) for state in inspection.state_enum.allowed_next()
        ]
        if editing
        else [],
        "seal_ok": seal_matches(inspection),
        "signature_rows": signature_rows(inspection, record_content(inspection))
        if inspection.state in (InspectionState.AWAITING_SIGNATURES, InspectionState.FILED)
        else [],
        "representative_signature": getattr(inspection, "representative_signature", None),
        "unsigned_inspectors": record_signing.unsigned_inspectors(inspection)
        if editing and inspection.state == InspectionState.AWAITING_SIGNATURES
        else [],
        "corrections": inspection.corrections.all(),
    }
    return render(request, "oversight/inspections/detail.html", context)


@require_POST
@role_required(Role.REGULATOR)
def move(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = service.get_inspection_to_edit_or_404(request.user, pk)
    target = request.POST.get("to", "")
    try:
        inspection = service.move(inspection, target, actor=request.user)
    except (service.InspectionError, ValueError) as exc:
        messages.error(request, str(exc) or "无法变更检查记录状态。")
    else:
        messages.success(request, f"检查记录已转为“{inspection.get_state_display()}”。")
    return redirect("oversight:inspection", pk)


@require_POST
@role_required(Role.REGULATOR)
def record_check(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    inspection = service.get_inspection_to_edit_or_404(request.user, pk)
    if kind not in CheckKind.values:
        raise Http404("没有这个检查项。")
    try:
        service.record_check(
            inspection,
            kind,
            actor=request.user,
            result=request.POST.get("result", ""),
            notes=request.POST.get("notes", ""),
        )
    except service.InspectionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已记录“{CheckKind(kind).label}”的检查结果。")
    return redirect(reverse("oversight:inspection", args=[pk]) + f"#check-{kind}")


@require_POST
@role_required(Role.REGULATOR)
def correct(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = service.get_inspection_to_edit_or_404(request.user, pk)
    try:
        copy = service.correct(
            inspection, actor=request.user, reason=request.POST.get("reason", "")
        )
    except service.InspectionError as exc:
        messages.error(request, str(exc))
        return redirect("oversight:inspection", pk)
    messages.success(request, "已新建更正记录；原记录保持不变。")
    return redirect("oversight:inspection", copy.pk)


@require_POST
@role_required(Role.REGULATOR)
def sign(request: HttpRequest, pk: int) -> HttpResponse:
    """An inspector, or the enterprise representative, signs on the inspector's device."""
    inspection = service.get_inspection_to_edit_or_404(request.user, pk)
    try:
        png = record_signing.png_from_data_url(request.POST.get("drawn", ""))
        if request.POST.get("as") == "representative":
            record_signing.sign_as_representative(
                inspection,
                actor=request.user,
                drawn_png=png,
                device=request.headers.get("User-Agent", ""),
            )
            who = inspection.representative_name
        else:
            signer = request.POST.get("inspector", "")
            signature = record_signing.sign_as_inspector(
                inspection,
                actor=request.user,
                inspector_user_id=int(signer) if signer.isdigit() else 0,
                password=request.POST.get("password", ""),
                drawn_png=png,
                request=request,
            )
            who = signature.signer.get_full_name() or signature.signer.get_username()
    except service.InspectionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{who}已签名。")
    return redirect(reverse("oversight:inspection", args=[pk]) + "#signatures")
