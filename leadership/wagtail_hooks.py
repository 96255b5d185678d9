"""Leadership in the Wagtail admin: the bureau's commitment template, and the hazard
register for editors (safety managers keep their own on the site's pages)."""

from __future__ import annotations

from django.db.models import QuerySet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from accounts.admin_viewsets import ScopedSnippetViewSet
from accounts.scoping import visible_enterprises, visible_jurisdictions
from leadership.models import CommitmentTemplate, EnterpriseProcess, KeyPlace, MajorHazardSource


class CommitmentTemplateViewSet(ScopedSnippetViewSet):
    """The yearly commitment text, its duties (安全生产法 第二十一条) and the due date."""

    model = CommitmentTemplate
    icon = "doc-full"
    menu_label = "安全承诺书模板"
    list_display = ["__str__", "year", "due_date"]
    list_filter = ["year"]
    search_backend_name = None

    def scope(self, user) -> QuerySet[CommitmentTemplate]:
        return CommitmentTemplate.objects.filter(jurisdiction__in=visible_jurisdictions(user))


class _EnterpriseOwned(ScopedSnippetViewSet):
    search_backend_name = None

    def scope(self, user) -> QuerySet:
        return self.model.objects.filter(enterprise__in=visible_enterprises(user))


class HazardSourceViewSet(_EnterpriseOwned):
    model = MajorHazardSource
    icon = "warning"
    menu_label = "重大危险源"
    list_display = ["name", "enterprise", "grade", "location"]
    list_filter = ["grade"]
    search_fields = ["name", "location"]


class KeyPlaceViewSet(_EnterpriseOwned):
    model = KeyPlace
    icon = "cogs"
    menu_label = "关键装置/重点部位"
    list_display = ["name", "kind", "enterprise", "contact"]
    list_filter = ["kind"]
    search_fields = ["name"]


class EnterpriseProcessViewSet(_EnterpriseOwned):
    model = EnterpriseProcess
    icon = "list-ul"
    menu_label = "重点监管危险化工工艺"
    list_display = ["process", "enterprise", "unit"]


class LeadershipViewSetGroup(SnippetViewSetGroup):
    items = (
        CommitmentTemplateViewSet,
        HazardSourceViewSet,
        KeyPlaceViewSet,
        EnterpriseProcessViewSet,
    )
    menu_icon = "user"
    menu_label = "安全领导力"
    menu_name = "leadership"
    menu_order = 240


register_snippet(LeadershipViewSetGroup)

# The leadership check's rubric (its own module).
from leadership import wagtail_hooks_checks  # noqa: E402, F401
