"""Guards for Wagtail admin screens that Wagtail itself does not scope by enterprise.

Each guard checks the request, then hands it to the Wagtail view it stands in front of
(resolved in ``safetykb.wagtail_admin_urls``, Wagtail's admin URLs alone).
"""

from django.apps import apps
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.urls import resolve
from wagtail.admin import urls as wagtailadmin_urls  # noqa: F401  (ensures the admin urlconf loads)
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.documents import get_document_model
from wagtail.models import Page
from wagtail.permissions import policy_registry

from accounts.admin_viewsets import ScopedSnippetViewSet
from accounts.scoping import role_of, sees_everything
from accounts.vocab import Role
from assessments.bank.wagtail_admin.scoped_views import ScopedBulkActionMixin
from content.home.wagtail_hooks import admin_visible_pages

#: Every action a permission policy knows: a row is nameable to whoever may do any.
_ANY_ACTION = {"add", "change", "delete", "publish", "lock", "unlock", "choose", "view"}


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


def admin_nameable(model, user) -> QuerySet:
    """The rows of ``model`` the admin may name to ``user``: a snippet's scope, pages as
    the page chooser shows them, anything else where the user holds some permission."""
    if issubclass(model, Page):
        return admin_visible_pages(model.objects.all(), user)
    viewset = getattr(model, "snippet_viewset", None)
    if isinstance(viewset, ScopedSnippetViewSet):
        return viewset.scope(user)
    policy = policy_registry.get_by_type(model)
    return policy.instances_user_has_any_permission_for(user, _ANY_ACTION)


def bulk_action_in_scope(request, app_label, model_name, action):
    """Wagtail's bulk-action confirmation lists every id it is given by name, those the
    user may not act on too; an id the admin may not name to the user is a 404. "All"
    (the whole listing) only through actions that read it through the user's scope."""
    user = request.user
    action_class = bulk_action_registry.get_bulk_action_class(app_label, model_name, action)
    if user.is_authenticated and action_class and not sees_everything(user):
        ids = request.GET.getlist("id")
        if "all" in ids and not issubclass(action_class, ScopedBulkActionMixin):
            raise Http404("所选对象不在您的查看范围内")
        wanted = {int(pk) for pk in ids if pk.isdigit()}
        if len(wanted) < len(set(ids) - {"all"}):
            raise Http404("所选对象不在您的查看范围内")
        nameable = admin_nameable(apps.get_model(app_label, model_name), user)
        if nameable.filter(pk__in=wanted).count() != len(wanted):
            raise Http404("所选对象不在您的查看范围内")
    return _wagtail_view(request)
