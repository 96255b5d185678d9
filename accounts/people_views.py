"""The people pages a safety manager or principal uses: thin views over `accounts.people`.

Every page is role-guarded and every person is fetched through `accounts.scoping`, so a
person of another enterprise is a 404; the services check the actor again. One-time
passwords appear only in the response to the POST that made them (never stored, never
cached), on a printable account slip.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from accounts import people, post_absence, roster_import
from accounts.models import StaffProfile
from accounts.people_forms import (
    AwayForm,
    LeaveForm,
    MovePostForm,
    PersonForm,
    ReturnForm,
    RosterUploadForm,
)
from accounts.permissions import role_required
from accounts.roster import (
    CHANGED,
    COLUMNS,
    NEW,
    PROBLEM,
    RosterFileError,
    RosterRow,
    build_template_xlsx,
    check_roster,
    read_roster_xlsx,
)
from accounts.scoping import get_staff_in_scope_or_404, profile_of
from accounts.vocab import ENTERPRISE_MANAGER_ROLES

MANAGERS = ENTERPRISE_MANAGER_ROLES
ROSTER_SESSION_KEY = "roster_import"


def _form_error(form, exc: people.PeopleError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, str(exc))


def _slip(request: HttpRequest, accounts, *, title: str, back_url: str) -> HttpResponse:
    return render(
        request,
        "accounts/account_slip.html",
        {"accounts": accounts, "title": title, "back_url": back_url},
    )


@never_cache
@role_required(*MANAGERS)
def person_add(request: HttpRequest) -> HttpResponse:
    enterprise = profile_of(request.user).enterprise
    form = PersonForm(request.POST or None, enterprise=enterprise)
    if request.method == "POST" and form.is_valid():
        try:
            issued = people.add_person(enterprise, form.person_input(), actor=request.user)
        except people.PeopleError as exc:
            _form_error(form, exc)
        else:
            return _slip(
                request,
                [issued],
                title=f"已添加 {issued.name}",
                back_url=reverse("accounts:staff_detail", args=[issued.staff_id]),
            )
    return render(
        request,
        "accounts/person_form.html",
        {"form": form, "enterprise": enterprise, "title": "添加人员"},
        status=400 if form.errors else 200,
    )


@role_required(*MANAGERS)
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_staff_in_scope_or_404(request.user, pk)
    form = PersonForm(
        request.POST or None,
        enterprise=member.enterprise,
        editing=member,
        initial=PersonForm.initial_for(member),
    )
    if request.method == "POST" and form.is_valid():
        try:
            changes = people.edit_person(member, form.person_input(), actor=request.user)
        except people.PeopleError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "已保存：" + "；".join(changes) if changes else "没有修改。")
            return redirect("accounts:staff_detail", member.pk)
    return render(
        request,
        "accounts/person_form.html",
        {"form": form, "member": member, "title": f"修改人员信息 · {member.display_name}"},
        status=400 if form.errors else 200,
    )


@role_required(*MANAGERS)
def person_move(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_staff_in_scope_or_404(request.user, pk)
    form = MovePostForm(
        request.POST or None,
        enterprise=member.enterprise,
        initial={"department": member.department_id, "post": member.post},
    )
    if request.method == "POST" and form.is_valid():
        try:
            note = people.move_post(
                member,
                department=form.cleaned_data["department"],
                post=form.cleaned_data["post"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except people.PeopleError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, note)
            return redirect("accounts:staff_detail", member.pk)
    return render(
        request,
        "accounts/person_move.html",
        {"form": form, "member": member, "retraining": people.RETRAINING_ON_MOVE},
        status=400 if form.errors else 200,
    )


def _status_change(
    request: HttpRequest,
    pk: int,
    form_class: type[forms.Form],
    change: Callable[[StaffProfile, dict[str, Any]], str],
    template: str,
    **context: Any,
) -> HttpResponse:
    """A dated status change (离职, 离岗, 返岗): the form, the service call ``change``
    (which returns the page's message, or raises PeopleError naming the field), the
    redirect. A POST with every field left blank is still a POST (bound, so validated)."""
    member = get_staff_in_scope_or_404(request.user, pk)
    form = form_class(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            message = change(member, form.cleaned_data)
        except people.PeopleError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, message)
            return redirect("accounts:staff_detail", member.pk)
    return render(
        request,
        template,
        {"form": form, "member": member}
        | {key: value(member) if callable(value) else value for key, value in context.items()},
        status=400 if form.errors else 200,
    )


@role_required(*MANAGERS)
def person_leave(request: HttpRequest, pk: int) -> HttpResponse:
    def leave(member: StaffProfile, data: dict[str, Any]) -> str:
        people.mark_left(member, actor=request.user, reason=data["reason"], day=data["day"])
        return f"{member.display_name} 已标记为离职，登录账号已停用。"

    return _status_change(request, pk, LeaveForm, leave, "accounts/person_leave.html")


@role_required(*MANAGERS)
def person_away(request: HttpRequest, pk: int) -> HttpResponse:
    def away(member: StaffProfile, data: dict[str, Any]) -> str:
        post_absence.mark_away(member, actor=request.user, reason=data["reason"], day=data["day"])
        return f"已登记 {member.display_name} 离岗，离岗期间不参加考核。"

    return _status_change(request, pk, AwayForm, away, "accounts/person_away.html", returning=False)


@role_required(*MANAGERS)
def person_return(request: HttpRequest, pk: int) -> HttpResponse:
    def back(member: StaffProfile, data: dict[str, Any]) -> str:
        note = post_absence.mark_returned(
            member, actor=request.user, reason=data["reason"], day=data["day"]
        )
        return f"{member.display_name}：{note}。"

    return _status_change(
        request,
        pk,
        ReturnForm,
        back,
        "accounts/person_away.html",
        returning=True,
        away_from=post_absence.current_away_from,
        retraining=post_absence.RETRAINING_ON_RETURN,
    )


@never_cache
@require_POST
@role_required(*MANAGERS)
def person_reset_password(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_staff_in_scope_or_404(request.user, pk)
    try:
        issued = people.reset_password(member, actor=request.user)
    except people.PeopleError as exc:
        messages.error(request, str(exc))
        return redirect("accounts:staff_detail", member.pk)
    return _slip(
        request,
        [issued],
        title=f"{member.display_name} 的密码已重置",
        back_url=reverse("accounts:staff_detail", args=[member.pk]),
    )


@require_POST
@role_required(*MANAGERS)
def person_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_staff_in_scope_or_404(request.user, pk)
    try:
        failures = people.unlock_login(member, actor=request.user)
    except people.PeopleError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, f"已解除 {member.display_name} 的登录锁定（清除 {failures} 次失败记录）。"
        )
    return redirect("accounts:staff_detail", member.pk)


@require_GET
@role_required(*MANAGERS)
def roster_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        build_template_xlsx(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = content_disposition_header(True, "人员名单导入模板.xlsx")
    return response


@role_required(*MANAGERS)
def roster_upload(request: HttpRequest) -> HttpResponse:
    """GET: the upload form. POST: check the file and show 新增 / 变更 / 问题; write nothing."""
    enterprise = profile_of(request.user).enterprise
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = check_roster(
                read_roster_xlsx(upload.read()), roster_import.roster_context(enterprise)
            )
        except RosterFileError as exc:
            form.add_error("file", str(exc))
        else:
            if not rows:
                form.add_error("file", "文件中没有人员（表头下面是空的）。")
            else:
                # Parsed rows (ID numbers already masked) wait in the session, not the file.
                token = secrets.token_urlsafe(16)
                request.session[ROSTER_SESSION_KEY] = {
                    "token": token,
                    "enterprise_id": enterprise.pk,
                    "filename": upload.name,
                    "rows": [row.to_json() for row in rows],
                }
                return _preview(request, enterprise, rows, token, upload.name)
    return render(
        request,
        "accounts/roster_upload.html",
        {"form": form, "enterprise": enterprise, "columns": COLUMNS},
        status=400 if form.errors else 200,
    )


def _preview(request, enterprise, rows: list[RosterRow], token: str, filename: str, error=""):
    groups = {action: [r for r in rows if r.action == action] for action in (NEW, CHANGED, PROBLEM)}
    return render(
        request,
        "accounts/roster_preview.html",
        {
            "enterprise": enterprise,
            "filename": filename,
            "token": token,
            "new_rows": groups[NEW],
            "changed_rows": groups[CHANGED],
            "problem_rows": groups[PROBLEM],
            "unchanged_count": len(rows) - sum(len(g) for g in groups.values()),
            "error": error,
        },
        status=400 if error else 200,
    )


@never_cache
@require_POST
@role_required(*MANAGERS)
def roster_confirm(request: HttpRequest) -> HttpResponse:
    enterprise = profile_of(request.user).enterprise
    staged = request.session.get(ROSTER_SESSION_KEY)
    if (
        not staged
        or staged.get("token") != request.POST.get("token")
        or staged.get("enterprise_id") != enterprise.pk
    ):
        messages.error(request, "预览已过期或无效，没有导入任何人员。请重新上传文件。")
        return redirect("accounts:roster_upload")
    rows = [RosterRow.from_json(row) for row in staged["rows"]]
    try:
        result = roster_import.import_roster(enterprise, rows, actor=request.user)
    except people.PeopleError as exc:
        return _preview(request, enterprise, rows, staged["token"], staged["filename"], str(exc))
    del request.session[ROSTER_SESSION_KEY]
    return render(
        request,
        "accounts/roster_report.html",
        {
            "enterprise": enterprise,
            "result": result,
            "filename": staged["filename"],
            "accounts": result.created,
            "title": "人员名单导入完成",
            "back_url": reverse("oversight:enterprise_dashboard"),
        },
    )
