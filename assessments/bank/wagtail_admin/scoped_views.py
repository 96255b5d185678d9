"""What the question bank's, the blueprints' and the routine schedules' admin views share:
objects come through the user's scope (a 404 outside it), and what the user may do is the
model's registered permission policy's answer for that object."""

from __future__ import annotations

from django import forms
from django.contrib.admin.utils import quote
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from wagtail.actions.delete import DeleteAction
from wagtail.admin import messages
from wagtail.permissions import policy_registry
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction


def policy_for(model):
    return policy_registry.get_by_type(model)


class ScopedObjectMixin:
    """Edit/delete views: load the object through `scoped_queryset()`, note whether the
    user may change it (`read_only`) and refuse with `read_only_message` if not, sending
    the user to the read-only inspect page. Views with more reasons to refuse extend
    `refusal()`."""

    read_only = False
    read_only_message = "您只能查看，不能修改。"

    def dispatch(self, request, *args, **kwargs):
        refused = self.refusal()
        if refused is not None:
            message, url = refused
            return self.refuse(request, message, url)
        return super().dispatch(request, *args, **kwargs)

    def refusal(self) -> tuple[str, str | None] | None:
        """Why the view may not go on, and where to send the user (None: inspect page)."""
        return (self.read_only_message, None) if self.read_only else None

    def scoped_queryset(self) -> QuerySet:
        raise NotImplementedError

    def get_queryset(self):
        return self.scoped_queryset()

    def get_object(self, queryset=None):
        if getattr(self, "object", None):
            return self.object
        obj = super().get_object(queryset)
        self.read_only = not policy_for(self.model).user_has_permission_for_instance(
            self.request.user, "change", obj
        )
        return obj

    def inspect_url(self) -> str:
        url_name = self.model.snippet_viewset.get_url_name("inspect")
        return reverse(url_name, args=(quote(self.object.pk),))

    def refuse(self, request, message: str, url: str | None = None):
        messages.warning(request, message)
        return redirect(url or self.inspect_url())


class PolicyListingMixin:
    """Index views: a row's edit and delete links only where the policy allows them on that
    object (without an edit link the title opens the read-only inspect page); no copying."""

    def get_edit_url(self, instance):
        return self._row_url_if_allowed("change", self.edit_url_name, instance)

    def get_delete_url(self, instance):
        return self._row_url_if_allowed("delete", self.delete_url_name, instance)

    def get_copy_url(self, instance):
        return None

    def _row_url_if_allowed(self, action: str, url_name: str, instance) -> str | None:
        allowed = policy_for(self.model).user_has_permission_for_instance(
            self.request.user, action, instance
        )
        return reverse(url_name, args=(quote(instance.pk),)) if allowed else None


class PolicyButtonsMixin:
    """Inspect views: the edit and delete buttons only for users the policy allows."""

    def get_edit_url(self):
        return self._url_if_allowed("change", self.edit_url_name)

    def get_delete_url(self):
        return self._url_if_allowed("delete", self.delete_url_name)

    def _url_if_allowed(self, action: str, url_name: str) -> str | None:
        allowed = policy_for(self.model).user_has_permission_for_instance(
            self.request.user, action, self.object
        )
        return reverse(url_name, args=(quote(self.object.pk),)) if allowed else None


def limit_chooser(field: forms.ModelChoiceField, scope: QuerySet) -> None:
    """A chooser field that accepts only ``scope``, and whose widget renders a submitted id
    only from it: re-showing a refused (forged) POST must not name what lies outside."""
    field.queryset = scope

    class InScopeChooser(type(field.widget)):
        def get_instance(self, value):
            if value is None or isinstance(value, self.model_class):
                return value
            return scope.filter(pk=value).first() if str(value).isdigit() else None

    field.widget = InScopeChooser(attrs=field.widget.attrs)


class ScopedBulkActionMixin:
    """Snippet bulk actions whose ids (from the query string) are read through the user's
    scope: an id outside it refuses the whole request with a 404, as every other URL
    does. Objects in scope that the policy does not allow `check_action` on are listed as
    out of reach (Wagtail's "no access" list)."""

    check_action = "change"

    def scoped_queryset(self) -> QuerySet:
        raise NotImplementedError

    def get_all_objects_in_listing_query(self, parent_id):
        return self.scoped_queryset().values_list("pk", flat=True)

    def get_actionable_objects(self):
        return self._scoped_objects

    @cached_property
    def _scoped_objects(self):
        ids = self.request.GET.getlist("id")
        if "all" in ids:
            ids = list(self.get_all_objects_in_listing_query(None))
        wanted = {int(value) for value in ids if str(value).isdigit()}
        found = list(self.scoped_queryset().filter(pk__in=wanted))
        if len(found) != len(wanted) or len(wanted) < len(set(ids)):
            raise Http404("所选对象不在您的查看范围内")
        objects, no_access = [], []
        for obj in found:
            (objects if self.check_perm(obj) else no_access).append(obj)
        return objects, {"items_with_no_access": no_access}

    def check_perm(self, obj):
        return self.permission_policy.user_has_permission_for_instance(
            self.request.user, self.check_action, obj
        )


class LoggedDeleteBulkAction(DeleteBulkAction):
    """Wagtail's snippet bulk delete deletes with one queryset call and logs nothing; here
    every object goes through Wagtail's DeleteAction (a "wagtail.delete" log entry with
    the user, as a single delete writes), all in one transaction."""

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        with transaction.atomic():
            for obj in objects:
                DeleteAction(obj, user=user).execute(skip_permission_checks=True)
        return len(objects), 0

    def get_execution_context(self):
        return {**super().get_execution_context(), "user": self.request.user}
