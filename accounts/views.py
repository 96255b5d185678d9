"""Thin views: check the role, fetch through `accounts.scoping`, render.

Every page is role-guarded (`role_required`) and every object is fetched through a
scoped selector, so an out-of-scope id is a 404 whatever the template does.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.forms import ChangePasswordForm, LoginForm
from accounts.people import change_own_password, login_failures
from accounts.permissions import role_required
from accounts.scoping import (
    get_staff_in_scope_or_404,
    profile_of,
    role_of,
    visible_enterprises,
)
from accounts.timeline import timeline as people_timeline
from accounts.vocab import (
    ENTERPRISE_MANAGER_ROLES,
    SITE_ROLES,
    Role,
    StaffStatus,
)

STAFF_PER_PAGE = 50
MANAGERS = ENTERPRISE_MANAGER_ROLES
ENTERPRISE_VIEWERS = SITE_ROLES


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """POST only (Django's default); a GET shows 405."""


@never_cache
@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    """修改密码; `PasswordChangeRequiredMiddleware` sends people here after a reset."""
    form = ChangePasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        change_own_password(request.user, form.cleaned_data["new_password1"])
        update_session_auth_hash(request, request.user)  # stay logged in
        messages.success(request, "密码已修改，请牢记新密码。")
        return redirect(_next_or_home(request))
    profile = profile_of(request.user)
    context = {"form": form, "required": bool(profile and profile.must_change_password)}
    return render(
        request, "accounts/password_change.html", context, status=400 if form.errors else 200
    )


def _next_or_home(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url("accounts:home")


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each role to its own start page."""
    role = role_of(request.user)
    if role == Role.WORKER:
        return redirect("oversight:my_home")
    if role == Role.PRINCIPAL:
        return redirect("leadership:principal_home")
    if role in ENTERPRISE_MANAGER_ROLES:
        return redirect("oversight:enterprise_dashboard")
    if role == Role.REGULATOR:
        return redirect("oversight:jurisdiction_dashboard")
    if role == Role.EDITOR or (role is None and request.user.is_superuser):
        return redirect("wagtailadmin_home")
    return render(
        request, "accounts/no_role.html", {"profile": profile_of(request.user)}, status=403
    )


@require_GET
@role_required(*ENTERPRISE_VIEWERS)
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_staff_in_scope_or_404(request.user, pk)
    viewer_sees_enterprise = (
        member.enterprise_id is not None
        and visible_enterprises(request.user).filter(pk=member.enterprise_id).exists()
    )
    context = {"member": member, "viewer_sees_enterprise": viewer_sees_enterprise}
    if role_of(request.user) in MANAGERS:
        # Only managers see and act on the person's account and history here.
        context |= {
            "can_manage": member.status != StaffStatus.LEFT,
            "login_failures": login_failures(member),
            "timeline": people_timeline(member),
        }
    return render(request, "accounts/staff_detail.html", context)
