"""The bureau's leadership-check rubric in the Wagtail admin (editors edit it)."""

from __future__ import annotations

from wagtail.snippets.models import register_snippet

from accounts.admin_viewsets import SharedSnippetViewSet
from leadership.models import Rubric


class RubricViewSet(SharedSnippetViewSet):
    """评估细则: modules and items; new checks freeze the newest active rubric."""

    model = Rubric
    icon = "tasks"
    menu_label = "安全领导力评估细则"
    menu_order = 240
    add_to_admin_menu = True
    list_display = ["name", "active", "updated_at"]


register_snippet(RubricViewSet)
