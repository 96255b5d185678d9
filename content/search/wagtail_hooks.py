from django.http import HttpResponseRedirect
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView

from accounts.admin_viewsets import SharedSnippetViewSet
from accounts.scoping import sees_everything

from . import log_admin
from .models import CommonPhrasing, EverydayQuestion, GlossaryTerm, TechnicalStandard


class PrefilledCreateView(CreateView):
    """An add form the search-log report opens with the question filled in:
    ``?<prefill_param>=<the question>``."""

    prefill_param = ""
    prefill_chars = 500

    def prefilled_instance(self, value: str):
        raise NotImplementedError

    def get_initial_form_instance(self):
        value = self.request.GET.get(self.prefill_param, "")[: self.prefill_chars]
        if not value:
            return super().get_initial_form_instance()
        return self.prefilled_instance(value)


class GlossaryCreateView(PrefilledCreateView):
    prefill_param = "worker_terms"

    def prefilled_instance(self, value: str) -> GlossaryTerm:
        return GlossaryTerm(worker_terms=value, note="来自检索日志")


class StandardCreateView(PrefilledCreateView):
    """The question after a number the first hits did not state, as the standard's ask."""

    prefill_param = "asks"

    def prefilled_instance(self, value: str) -> TechnicalStandard:
        return TechnicalStandard(asks=value)


class EverydayCreateView(PrefilledCreateView):
    """A question the library is not for."""

    prefill_param = "text"
    prefill_chars = 200  # the field's length

    def prefilled_instance(self, value: str) -> EverydayQuestion:
        return EverydayQuestion(text=value, note="来自检索日志")


class GlossaryTermViewSet(SharedSnippetViewSet):
    """Editors keep the worker→regulation glossary here; saving re-segments the index."""

    model = GlossaryTerm
    icon = "search"
    menu_label = "检索同义词"
    menu_order = 220
    add_to_admin_menu = True
    add_view_class = GlossaryCreateView
    list_display = ["worker_terms", "regulation_terms", "not_within", "enabled", "updated_at"]
    list_filter = ["enabled"]
    list_export = ["worker_terms", "regulation_terms", "not_within", "enabled", "note"]
    export_filename = "search-glossary"
    search_fields = ["worker_terms", "regulation_terms", "note"]
    search_backend_name = None  # a small table: plain database lookups suffice
    ordering = ["pk"]


class PhrasingCreateView(CreateView):
    """A 常见问法 is added from the search-log report, where its provision is chosen."""

    def get(self, request, *args, **kwargs):
        return HttpResponseRedirect(reverse("kbsearch_log_report"))

    post = get


class CommonPhrasingViewSet(SharedSnippetViewSet):
    """Editors' colloquial phrasings, each pulling its provision up in search."""

    model = CommonPhrasing
    icon = "openquote"
    menu_label = "常见问法"
    menu_order = 222
    add_to_admin_menu = True
    add_view_class = PhrasingCreateView
    panels = [FieldPanel("text"), FieldPanel("provision", read_only=True), FieldPanel("live")]
    list_display = ["text", "provision", "live", "created_at"]
    list_filter = ["live"]
    search_fields = ["text"]
    search_backend_name = None
    ordering = ["-pk"]

    def scope(self, user):
        if not sees_everything(user):
            return CommonPhrasing.objects.none()
        return CommonPhrasing.objects.select_related("provision__page")


class TechnicalStandardViewSet(SharedSnippetViewSet):
    """Standards the knowledge base does not hold: search points unanswered questions to
    them (standards.py); the search-log report shows which are asked about."""

    model = TechnicalStandard
    icon = "doc-full"
    menu_label = "未收录标准"
    menu_order = 223
    add_to_admin_menu = True
    add_view_class = StandardCreateView
    list_display = ["code", "title", "enabled", "updated_at"]
    list_filter = ["enabled"]
    list_export = ["code", "title", "asks", "enabled"]
    export_filename = "search-outside-standards"
    search_fields = ["code", "title", "asks"]
    search_backend_name = None
    ordering = ["pk"]


class EverydayQuestionViewSet(SharedSnippetViewSet):
    """Everyday questions the knowledge base is not for: search judges queries nearer
    these than any provision "not found" (everyday.py)."""

    model = EverydayQuestion
    icon = "help"
    menu_label = "库外日常问题"
    menu_order = 224
    add_to_admin_menu = True
    add_view_class = EverydayCreateView
    list_display = ["text", "enabled", "note", "updated_at"]
    list_filter = ["enabled"]
    list_export = ["text", "enabled", "note"]
    export_filename = "search-everyday-questions"
    search_fields = ["text", "note"]
    search_backend_name = None
    ordering = ["pk"]


register_snippet(GlossaryTermViewSet)
register_snippet(CommonPhrasingViewSet)
register_snippet(TechnicalStandardViewSet)
register_snippet(EverydayQuestionViewSet)


@hooks.register("register_admin_urls")
def register_search_log_urls():
    return [
        path("search-log/", log_admin.search_log_report, name="kbsearch_log_report"),
        path("search-log/phrasing/", log_admin.add_phrasing, name="kbsearch_log_phrasing"),
    ]


class EditorMenuItem(MenuItem):
    def is_shown(self, request):
        return sees_everything(request.user)


@hooks.register("register_admin_menu_item")
def register_search_log_menu_item():
    return EditorMenuItem(
        "检索日志报表", reverse("kbsearch_log_report"), icon_name="list-ul", order=221
    )
