from wagtail.snippets.models import register_snippet

from accounts.admin_viewsets import SharedSnippetViewSet

from .models import EliminatedItem


class EliminatedItemViewSet(SharedSnippetViewSet):
    model = EliminatedItem
    icon = "warning"
    menu_label = "淘汰目录"
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "batch", "number", "category", "action", "deadline", "is_sample"]
    list_filter = ["batch", "category", "action", "is_sample", "live"]
    list_export = [
        "batch",
        "number",
        "category",
        "action",
        "name",
        "main_risk",
        "scope",
        "deadline",
        "replacement",
        "source_note",
    ]
    export_filename = "eliminated-catalogue"
    search_fields = ["name", "main_risk", "replacement"]
    ordering = ["batch", "number"]


register_snippet(EliminatedItemViewSet)
