"""Guards for Wagtail admin screens that Wagtail itself does not scope by enterprise.

Each guard checks the request, then hands it to the Wagtail view it stands in front of
(resolved in ``safetykb.wagtail_admin_urls``, Wagtail's admin URLs alone).
"""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import resolve
from wagtail.admin import urls as wagtailadmin_urls  # noqa: F401  (ensures the admin urlconf loads)
from wagtail.documents import get_document_model
from wagtail.models import Page
from wagtail.permissions import policy_registry

from accounts.scoping import role_of
from accounts.vocab import Role
from content.home.wagtail_hooks import admin_visible_pages


def _wagtail_view(request):
    match = resolve(request.path_info, urlconf="safetykb.wagtail_admin_urls")
    return match.func(request, *match.args, **match.kwargs)


def bureau_staff_only(request, *args, **kwargs):
    """Serve the wrapped Wagtail view only to editors and superusers; others get 403."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path(), "wagtailadmin_login")
    if not (user.is_superuser or role_of(user) == Role.EDITOR):
        raise PermissionDenied("只有监管部门编辑可以查看全站操作记录。")
    return _wagtail_view(request)


def visible_pages_only(request, **page_ids):
    """Page screens and the page chooser's browse view (a parent page's heading) and
    chosen-multiple (``?id=``) name the pages they are given, some before any permission
    check; a page the user may not see named (a draft, for all but editors) is a 404."""
    if request.user.is_authenticated:
        wanted = {pk for pk in page_ids.values() if pk} or set(request.GET.getlist("id"))
        ids = {int(pk) for pk in wanted if str(pk).isdigit()}
        visible = admin_visible_pages(Page.objects.filter(pk__in=ids), request.user)
        if len(ids) < len(wanted) or visible.count() != len(ids):
            raise Http404("页面不存在或不在您的查看范围内。")
    return _wagtail_view(request)


def document_choosers_only(request, *args, **kwargs):
    """Wagtail's admin API lists every document (title, file name) to any admin user; it
    is for those who may choose documents, as the document chooser is."""
    policy = policy_registry.get_by_type(get_document_model())
    if request.user.is_authenticated and not policy.user_has_any_permission(
        request.user, {"add", "change", "delete", "choose"}
    ):
        raise Http404("文件不存在或不在您的查看范围内。")
    return _wagtail_view(request)
