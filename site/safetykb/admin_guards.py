"""Guards for Wagtail admin screens that Wagtail itself does not scope by enterprise."""

from django.core.exceptions import PermissionDenied
from django.urls import resolve
from wagtail.admin import urls as wagtailadmin_urls  # noqa: F401  (ensures the admin urlconf loads)

from accounts.scoping import role_of
from accounts.vocab import Role


def bureau_staff_only(request, *args, **kwargs):
    """Serve the wrapped Wagtail view only to editors and superusers; others get 403."""
    user = request.user
    if not user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path(), "wagtailadmin_login")
    if not (user.is_superuser or role_of(user) == Role.EDITOR):
        raise PermissionDenied("只有监管部门编辑可以查看全站操作记录。")
    match = resolve(request.path_info, urlconf="safetykb.wagtail_admin_urls")
    return match.func(request, *match.args, **match.kwargs)
