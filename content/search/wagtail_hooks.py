from wagtail.snippets.models import register_snippet

from accounts.admin_viewsets import SharedSnippetViewSet

from .models import GlossaryTerm


class GlossaryTermViewSet(SharedSnippetViewSet):
    """Editors keep the worker→regulation glossary here; saving re-segments the index."""

    model = GlossaryTerm
    icon = "search"
    menu_label = "检索同义词"
    menu_order = 220
    add_to_admin_menu = True
    list_display = ["worker_terms", "regulation_terms", "not_within", "enabled", "updated_at"]
    list_filter = ["enabled"]
    list_export = ["worker_terms", "regulation_terms", "not_within", "enabled", "note"]
    export_filename = "search-glossary"
    search_fields = ["worker_terms", "regulation_terms", "note"]
    search_backend_name = None  # a small table: plain database lookups suffice
    ordering = ["pk"]


register_snippet(GlossaryTermViewSet)
