"""Training in the Wagtail admin: the bureau's hours standards."""

from __future__ import annotations

from wagtail.snippets.models import register_snippet

from accounts.admin_viewsets import SharedSnippetViewSet
from training.models import StatutoryHoursRule, TrainingHoursRule
from training.models.certificates import CertificateRequirementRule, OperationCategory


class TrainingHoursRuleViewSet(SharedSnippetViewSet):
    """Required new-hire training hours per enterprise type (defaults: 72 / 24 学时)."""

    model = TrainingHoursRule
    icon = "time"
    menu_label = "培训学时标准"
    menu_order = 230
    add_to_admin_menu = True
    list_display = ["enterprise_type", "required_hours", "basis"]


register_snippet(TrainingHoursRuleViewSet)


class StatutoryHoursRuleViewSet(SharedSnippetViewSet):
    """What each person owes (issue 12 §2): the statutory minima with their legal source,
    pre-filled from 《生产经营单位安全培训规定》; the compliance pages read this table.
    Only editors hold its permissions (the editor group gets every snippet's)."""

    model = StatutoryHoursRule
    icon = "list-ul"
    menu_label = "培训学时规则"
    menu_order = 231
    add_to_admin_menu = True
    list_display = ["title", "hours", "units", "source", "before_post", "active"]
    list_filter = ["units", "trigger", "before_post", "active"]


register_snippet(StatutoryHoursRuleViewSet)


class OperationCategoryViewSet(SharedSnippetViewSet):
    """特种作业 / 特种设备 作业类别 the certificates and duties name."""

    model = OperationCategory
    icon = "list-ul"
    menu_label = "作业类别"
    menu_order = 231
    add_to_admin_menu = True
    list_display = ["name", "group", "kind", "sort_order"]
    list_filter = ["kind"]


class CertificateRequirementRuleViewSet(SharedSnippetViewSet):
    """Who must hold which certificate, citing the law (持证要求)."""

    model = CertificateRequirementRule
    icon = "doc-full"
    menu_label = "持证要求"
    menu_order = 232
    add_to_admin_menu = True
    list_display = ["title", "kind", "source", "grace_months", "active"]


register_snippet(OperationCategoryViewSet)
register_snippet(CertificateRequirementRuleViewSet)
