"""Training in the Wagtail admin: the bureau's hours standards."""

from __future__ import annotations

from wagtail.snippets.models import register_snippet

from accounts.admin_viewsets import SharedSnippetViewSet
from training.models import TrainingHoursRule


class TrainingHoursRuleViewSet(SharedSnippetViewSet):
    """Required new-hire training hours per enterprise type (defaults: 72 / 24 学时)."""

    model = TrainingHoursRule
    icon = "time"
    menu_label = "培训学时标准"
    menu_order = 230
    add_to_admin_menu = True
    list_display = ["enterprise_type", "required_hours", "basis"]


register_snippet(TrainingHoursRuleViewSet)
