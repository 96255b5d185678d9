"""Commitments: issuing the year's copies, reading and signing one, the printable notice."""

from __future__ import annotations

from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import StaffProfile
from accounts.permissions import role_required
from accounts.scoping import get_enterprise_in_scope_or_404
from accounts.vocab import ENTERPRISE_MANAGER_ROLES, OVERSEER_ROLES, SITE_ROLES, StaffStatus
from leadership import commitments as service
from leadership.selectors import commitment_status, get_in_scope_or_404, visible_commitments
from leadership.signed_steps import LeadershipError, NotAllowed
from leadership.views.common import refused, year_of
from safetykb.signatures.forms import SignForm

NOT_FOUND = "承诺书不存在或不在您的查看范围内。"


class IssueForm(forms.Form):
    department_heads = forms.ModelMultipleChoiceField(
        label="同时下发给以下部门负责人",
        queryset=StaffProfile.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, enterprise, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department_heads"].queryset = (
            StaffProfile.objects.select_related("user")
            .filter(enterprise=enterprise)
            .exclude(status=StaffStatus.LEFT)
        )


@require_POST
@role_required(*ENTERPRISE_MANAGER_ROLES)
def issue(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = get_enterprise_in_scope_or_404(request.user, pk)
    year = year_of(request)
    form = IssueForm(request.POST, enterprise=enterprise)
    if not form.is_valid():
        messages.error(request, "所选部门负责人不在本企业。")
        return redirect("leadership:commitments", enterprise.pk)
    try:
        issued = service.issue_commitments(
            enterprise,
            year,
            actor=request.user,
            department_heads=form.cleaned_data["department_heads"],
        )
    except NotAllowed as refusal:
        return refused(request, refusal)
    except LeadershipError as problem:
        messages.error(request, str(problem))
    else:
        messages.success(request, f"已下发 {len(issued)} 份{year}年度安全承诺书。")
    return redirect(f"{reverse('leadership:commitments', args=[enterprise.pk])}?year={year}")


@require_http_methods(["GET", "POST"])
@role_required(*SITE_ROLES)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = get_in_scope_or_404(visible_commitments(request.user), pk, NOT_FOUND)
    is_signer = commitment.staff.user_id == request.user.pk
    form = SignForm(request.POST or None) if is_signer and not commitment.signed_at else None
    if request.method == "POST":
        if form is None:
            return refused(request, NotAllowed("承诺书只能由签订人本人签名，且只签一次。"))
        if form.is_valid():
            try:
                service.sign_commitment(
                    commitment,
                    user=request.user,
                    password=form.cleaned_data["password"],
                    request=request,
                )
            except NotAllowed as refusal:
                return refused(request, refusal)
            except LeadershipError as problem:
                form.add_error("password", str(problem))
            else:
                messages.success(request, "安全承诺书已签订。")
                return redirect("leadership:commitment", commitment.pk)
    return render(
        request,
        "leadership/commitments/detail.html",
        {
            "commitment": commitment,
            "content": commitment.signed_content(),
            "status": commitment_status(commitment.staff, commitment.year),
            "form": form,
            "enterprise_link": request.user.profile.role != "worker",
        },
        status=400 if form is not None and form.errors else 200,
    )


@require_GET
@role_required(*SITE_ROLES)
def notice(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = get_in_scope_or_404(visible_commitments(request.user), pk, NOT_FOUND)
    response = HttpResponse(
        service.notice_docx(commitment),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    name = f"{commitment.year}年度安全承诺书-{commitment.staff.display_name}.docx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@require_GET
@role_required(*OVERSEER_ROLES)
def enterprise_list(request: HttpRequest, pk: int) -> HttpResponse:
    """Every copy of the year for one enterprise, with who is overdue (managers, regulators)."""
    enterprise = get_enterprise_in_scope_or_404(request.user, pk)
    year = year_of(request)
    rows = visible_commitments(request.user).filter(enterprise=enterprise, year=year)
    return render(
        request,
        "leadership/commitments/list.html",
        {
            "enterprise": enterprise,
            "year": year,
            "rows": [(c, commitment_status(c.staff, year)) for c in rows],
            "issue_form": IssueForm(enterprise=enterprise),
        },
    )
