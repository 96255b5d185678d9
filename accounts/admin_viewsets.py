"""Snippet viewsets whose listing and chooser read one tenancy queryset.

Wagtail's snippet chooser (``/admin/snippets/choose/<app>/<model>/``) lists every row of
a model to anyone with admin access, whatever the listing shows. Every snippet viewset of
the project is a ``ScopedSnippetViewSet``: it says once, in ``scope(user)``, which rows a
user may see, and both the listing and the chooser (list, search, ``chosen/<pk>/``,
``chosen-multiple/``) read that queryset; a chosen id outside it is a 404.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import FieldDoesNotExist
from django.db.models import BooleanField, QuerySet
from django.http import Http404
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views import chooser, snippets
from wagtail.snippets.views.snippets import SnippetViewSet

from accounts.scoping import sees_everything
from safetykb.spreadsheets import SafeExportMixin

Scope = Callable[[object], QuerySet]


class _ScopedList:
    scope: Scope | None = None

    def get_object_list(self):
        return self.scope(self.request.user)


class ScopedChooseView(_ScopedList, chooser.ChooseView):
    pass


class ScopedChooseResultsView(_ScopedList, chooser.ChooseResultsView):
    pass


class ScopedChosenView(chooser.SnippetChosenView):
    scope: Scope | None = None

    def get_object(self, pk):
        found = self.scope(self.request.user).filter(pk=pk).first() if pk.isdigit() else None
        if found is None:
            raise Http404("不在您的查看范围内")
        return found


class ScopedChosenMultipleView(chooser.SnippetChosenMultipleView):
    scope: Scope | None = None

    def get_objects(self, pks):
        wanted = {int(pk) for pk in pks if str(pk).isdigit()}
        found = list(self.scope(self.request.user).filter(pk__in=wanted))
        if len(found) != len(wanted) or len(wanted) < len(set(pks)):
            raise Http404("所选对象不在您的查看范围内")
        return found


class ScopedSnippetChooserViewSet(chooser.SnippetChooserViewSet):
    """A snippet chooser that lists, and accepts, only ``scope(user)``."""

    choose_view_class = ScopedChooseView
    choose_results_view_class = ScopedChooseResultsView
    chosen_view_class = ScopedChosenView
    chosen_multiple_view_class = ScopedChosenMultipleView
    scope: Scope | None = None
    ordering: tuple[str, ...] | list[str] | None = None

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(scope=self.scope, ordering=self.ordering, **kwargs)


def yes_no(value) -> str:
    return "是" if value else "否"


class ChineseBooleansIndexView(SafeExportMixin, snippets.IndexView):
    """Boolean columns and export cells read 是/否 (Wagtail prints True/False); exports
    cannot carry a live formula (SafeExportMixin)."""

    custom_value_preprocess = {
        **snippets.IndexView.custom_value_preprocess,
        bool: {"csv": yes_no, "xlsx": yes_no},
    }

    def _get_custom_column(self, field_name, column_class=Column, **kwargs):
        try:
            field = self.model._meta.get_field(field_name)
        except FieldDoesNotExist:
            field = None
        if not isinstance(field, BooleanField):
            return super()._get_custom_column(field_name, column_class, **kwargs)
        return column_class(
            field_name,
            label=field.verbose_name,
            accessor=lambda obj: yes_no(getattr(obj, field_name)),
            sort_key=field_name,
            **kwargs,
        )


class ScopedSnippetViewSet(SnippetViewSet):
    """A snippet viewset whose listing and chooser show only ``scope(user)``.

    Subclasses define ``scope``; a listing that needs more (annotations) overrides
    ``get_queryset`` on top of it. Views that take an object id scope themselves (the
    question bank's, blueprints' and schedules' views do; people data is editors' only).
    """

    chooser_viewset_class = ScopedSnippetChooserViewSet
    index_view_class = ChineseBooleansIndexView

    def scope(self, user) -> QuerySet:
        raise NotImplementedError(f"{type(self).__name__} must say what a user may see")

    def get_queryset(self, request) -> QuerySet:
        return self.scope(request.user)

    @property
    def chooser_viewset(self):
        return self.chooser_viewset_class(
            self.get_chooser_admin_url_namespace(),
            model=self.model,
            url_prefix=self.get_chooser_admin_base_path(),
            icon=self.icon,
            per_page=self.chooser_per_page,
            scope=self.scope,
            ordering=getattr(self, "ordering", None) or None,
        )


class SharedSnippetViewSet(ScopedSnippetViewSet):
    """Reference data with no tenant (the catalogue, the glossary, training-hour rules):
    every admin user may see and choose it; drafts only editors."""

    def scope(self, user) -> QuerySet:
        objects = self.model._default_manager.all()
        if hasattr(objects, "live") and not sees_everything(user):
            return objects.live()  # DraftStateMixin: never-published rows are editors' only
        return objects
