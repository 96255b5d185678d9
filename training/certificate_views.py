"""Certificate pages: an enterprise's 持证情况 (and its .xlsx), a person's certificates,
recording and importing them, the managers' notices and the public 上岗证 verification.

Scope: workers see their own certificates; an enterprise's managers and the
jurisdiction's regulators see its people (regulators read only); only the enterprise's
safety manager records and imports. Anything out of scope is a 404.
"""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from accounts.permissions import role_required
from accounts.scoping import (
    get_enterprise_in_scope_or_404,
    get_staff_in_scope_or_404,
    profile_of,
    role_of,
    visible_staff,
)
from accounts.vocab import ENTERPRISE_MANAGER_ROLES, OVERSEER_ROLES, SITE_ROLES, Role
from safetykb.qr import looks_like_token, qr_svg
from safetykb.spreadsheets import table_response
from training import certificate_import as importing
from training import certificate_status as status
from training import certificates as service
from training import notices
from training.certificate_forms import CertificateForm, CertificateUploadForm, DutiesForm
from training.certificate_sheet import CertificateSheetError, build_template, parse_sheet
from training.models.certificates import Certificate
from training.rules.certificates import (
    CertificateKind,
    GapState,
    mask_name,
    post_certificate_status,
)

IMPORT_SESSION_KEY = "certificate_import"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _is_manager_of(user, enterprise_id) -> bool:
    profile = profile_of(user)
    return role_of(user) == Role.SAFETY_MANAGER and profile.enterprise_id == enterprise_id


@require_GET
@role_required(*OVERSEER_ROLES)
def enterprise_certificates(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = get_enterprise_in_scope_or_404(request.user, pk)
    today = timezone.localdate()
    staff = visible_staff(request.user).filter(enterprise=enterprise)
    checks = status.certificate_checks(staff, today)
    wanted = request.GET.get("state", "")
    if wanted in {state.value for state in GapState}:
        gaps = [row for row in checks if row.state.value == wanted]
    else:
        wanted, gaps = "", status.only_gaps(checks)
    context = {
        "enterprise": enterprise,
        "today": today,
        "summary": status.summarise(checks),
        "states": list(GapState),
        "wanted": wanted,
        "gaps": gaps,
        "held": status.held_certificates(staff, today),
        "can_record": _is_manager_of(request.user, enterprise.pk),
    }
    return render(request, "training/certificates/enterprise.html", context)


@require_GET
@role_required(*OVERSEER_ROLES)
def export_certificates(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = get_enterprise_in_scope_or_404(request.user, pk)
    today = timezone.localdate()
    staff = visible_staff(request.user).filter(enterprise=enterprise)
    rows = []
    for certificate, state in status.held_certificates(staff, today):
        person = certificate.staff
        rows.append(
            (
                person.employee_no,
                person.display_name,
                person.department.name if person.department_id else "",
                person.post,
                certificate.get_kind_display(),
                certificate.category.name if certificate.category_id else "",
                certificate.number,
                certificate.issuer,
                certificate.issued_on,
                certificate.expires_on,
                certificate.review_due_on,
                "暂停" if certificate.suspended else state.status.label,
            )
        )
    for gap in status.certificate_gaps(staff, today):
        if gap.certificate is None:
            person = gap.person
            rows.append(
                (
                    person.employee_no,
                    person.display_name,
                    person.department.name if person.department_id else "",
                    person.post,
                    gap.kind.label,
                    gap.category,
                    "",
                    "",
                    None,
                    gap.due_by,
                    None,
                    gap.state.label,
                )
            )
    headers = (
        "工号",
        "姓名",
        "部门",
        "岗位",
        "证书种类",
        "作业类别",
        "证书编号",
        "发证机关",
        "发证日期",
        "有效期至",
        "复审日期",
        f"状态（{today:%Y-%m-%d}）",
    )
    return table_response(
        headers,
        rows,
        "xlsx",
        f"{enterprise.name}-持证情况-{today:%Y%m%d}",
        title="持证情况",
        widths=(10, 10, 14, 12, 30, 20, 24, 20, 12, 12, 12, 14),
    )


@require_GET
@role_required(*SITE_ROLES)
def my_certificates(request: HttpRequest) -> HttpResponse:
    return redirect("training:person_certificates", profile_of(request.user).pk)


@require_GET
@role_required(*SITE_ROLES)
def person_certificates(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_staff_in_scope_or_404(request.user, pk)
    return _render_person(request, member)


def _render_person(request, member, *, form=None, duties_form=None, status_code=200):
    today = timezone.localdate()
    held = []
    for certificate, state in status.held_certificates(
        visible_staff(request.user).filter(pk=member.pk), today
    ):
        qr = url = ""
        if certificate.token:
            url = request.build_absolute_uri(reverse("training:verify", args=[certificate.token]))
            qr = qr_svg(url)
        held.append({"certificate": certificate, "state": state, "qr": qr, "verify_url": url})
    can_record = _is_manager_of(request.user, member.enterprise_id)
    duties = [d.category for d in member.operation_duties.select_related("category")]
    context = {
        "member": member,
        "held": held,
        "checks": status.certificate_checks(
            visible_staff(request.user).filter(pk=member.pk), today
        ),
        "duties": duties,
        "is_own": member.user_id == request.user.pk,
        "can_record": can_record,
        "form": (form or CertificateForm()) if can_record else None,
        "duties_form": (duties_form or DutiesForm(initial={"categories": duties}))
        if can_record
        else None,
    }
    return render(request, "training/certificates/person.html", context, status=status_code)


@require_POST
@role_required(Role.SAFETY_MANAGER)
def add_certificate(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_staff_in_scope_or_404(request.user, pk)
    form = CertificateForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            service.record_certificate(
                member,
                service.CertificateInput(
                    kind=CertificateKind(data["kind"]),
                    number=data["number"],
                    issuer=data["issuer"],
                    issued_on=data["issued_on"],
                    expires_on=data["expires_on"],
                    review_due_on=data["review_due_on"],
                    category=data["category"],
                    note=data["note"],
                ),
                actor=request.user,
            )
        except service.CertificateError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"已为 {member.display_name} 登记证书 {data['number']}。")
            return redirect("training:person_certificates", member.pk)
    return _render_person(request, member, form=form, status_code=400)


@require_POST
@role_required(Role.SAFETY_MANAGER)
def set_duties(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_staff_in_scope_or_404(request.user, pk)
    form = DutiesForm(request.POST)
    if form.is_valid():
        try:
            service.set_operation_duties(
                member, form.cleaned_data["categories"], actor=request.user
            )
        except service.CertificateError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "已保存从事的作业类别。")
            return redirect("training:person_certificates", member.pk)
    return _render_person(request, member, duties_form=form, status_code=400)


# --- Import ---------------------------------------------------------------------------


@require_GET
@role_required(Role.SAFETY_MANAGER)
def import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(build_template(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, "证书导入模板.xlsx")
    return response


@role_required(Role.SAFETY_MANAGER)
def import_upload(request: HttpRequest) -> HttpResponse:
    """GET: the form. POST: check the file and preview; nothing is written."""
    enterprise = profile_of(request.user).enterprise
    form = CertificateUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            sheet = parse_sheet(upload.read(), today=timezone.localdate())
        except CertificateSheetError as exc:
            form.add_error("file", str(exc))
        else:
            if not sheet:
                form.add_error("file", "文件中没有证书（表头下面是空的）。")
            else:
                rows = importing.judge_rows(enterprise, sheet)
                token = secrets.token_urlsafe(16)
                request.session[IMPORT_SESSION_KEY] = {
                    "token": token,
                    "enterprise_id": enterprise.pk,
                    "filename": upload.name,
                    "rows": [row.to_json() for row in rows],
                }
                return _preview(request, enterprise, rows, token, upload.name)
    return render(
        request,
        "training/certificates/import_upload.html",
        {"form": form, "enterprise": enterprise},
        status=400 if form.errors else 200,
    )


def _preview(request, enterprise, rows, token, filename, error=""):
    return render(
        request,
        "training/certificates/import_preview.html",
        {
            "enterprise": enterprise,
            "filename": filename,
            "token": token,
            "new_rows": [r for r in rows if r.action == importing.NEW],
            "other_rows": [r for r in rows if r.action != importing.NEW],
            "error": error,
        },
        status=400 if error else 200,
    )


@never_cache
@require_POST
@role_required(Role.SAFETY_MANAGER)
def import_confirm(request: HttpRequest) -> HttpResponse:
    enterprise = profile_of(request.user).enterprise
    staged = request.session.get(IMPORT_SESSION_KEY)
    if (
        not staged
        or staged.get("token") != request.POST.get("token")
        or staged.get("enterprise_id") != enterprise.pk
    ):
        messages.error(request, "预览已过期或无效，没有导入任何证书。请重新上传文件。")
        return redirect("training:certificate_import")
    if request.POST.get("discard"):
        del request.session[IMPORT_SESSION_KEY]
        messages.success(request, "已取消，没有导入任何证书。")
        return redirect("training:certificate_import")
    rows = [importing.ImportRow.from_json(row) for row in staged["rows"]]
    try:
        result = importing.import_certificates(
            enterprise, rows, actor=request.user, filename=staged["filename"]
        )
    except service.CertificateError as exc:
        return _preview(request, enterprise, rows, staged["token"], staged["filename"], str(exc))
    del request.session[IMPORT_SESSION_KEY]
    return render(
        request,
        "training/certificates/import_report.html",
        {"enterprise": enterprise, "result": result, "filename": staged["filename"]},
    )


# --- Notices --------------------------------------------------------------------------


@require_GET
@role_required(*ENTERPRISE_MANAGER_ROLES)
def notice_list(request: HttpRequest) -> HttpResponse:
    enterprise = profile_of(request.user).enterprise
    items = notices.notices_for(enterprise.pk)[:200]
    return render(
        request,
        "training/certificates/notices.html",
        {
            "enterprise": enterprise,
            "items": [(n, notices.kind_label(n.kind)) for n in items],
        },
    )


# --- Public verification ---------------------------------------------------------------

NOT_FOUND = "查无此证：二维码无效，不是本系统签发的上岗合格证，或已被篡改。"


@require_GET
def verify(request: HttpRequest, token: str) -> HttpResponse:
    """No login: masked name, enterprise, post and status, nothing else."""
    certificate = None
    if looks_like_token(token):
        certificate = (
            Certificate.objects.filter(token=token, kind=CertificateKind.POST)
            .select_related("staff__user", "staff__enterprise")
            .first()
        )
    if certificate is None:
        return render(
            request, "training/certificates/verify.html", {"problem": NOT_FOUND}, status=404
        )
    replaced = Certificate.objects.filter(replaces=certificate).exists()
    context = {
        "masked_name": mask_name(certificate.staff.display_name),
        "enterprise_name": certificate.staff.enterprise.name,
        "post": certificate.post or "—",
        "status": post_certificate_status(
            suspended=certificate.suspended or replaced,
            expires_on=certificate.expires_on,
            on=timezone.localdate(),
        ),
    }
    response = render(request, "training/certificates/verify.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response
