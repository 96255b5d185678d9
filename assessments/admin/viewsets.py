"""The "题库" snippet viewset: listing, filters, search, export and the question editor."""

from __future__ import annotations

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList

from accounts.admin_viewsets import ScopedSnippetViewSet
from assessments.bank_scoping import visible_questions
from assessments.models import Question

from . import views
from .filters import QuestionFilterSet
from .forms import QuestionForm


class QuestionViewSet(ScopedSnippetViewSet):
    model = Question
    icon = "help"
    menu_label = "题库"
    menu_name = "question-bank"
    menu_order = 220
    add_to_admin_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False

    index_view_class = views.QuestionIndexView
    edit_view_class = views.QuestionEditView
    delete_view_class = views.QuestionDeleteView
    inspect_view_class = views.QuestionInspectView
    history_view_class = views.QuestionHistoryView
    usage_view_class = views.QuestionUsageView
    preview_on_edit_view_class = views.QuestionPreviewOnEditView

    list_display = ["stem", *views.LIST_COLUMNS]
    filterset_class = QuestionFilterSet
    search_fields = ["stem", "explanation", "basis"]
    search_backend_name = None  # icontains: Chinese stems are not segmented by the DB search
    list_per_page = 50
    list_export = list(views.EXPORT_COLUMNS)
    export_headings = {field: heading for field, (heading, _) in views.EXPORT_COLUMNS.items()}
    export_filename = "question-bank"

    inspect_view_fields = [
        "type",
        "stem",
        "options",
        "answer",
        "explanation",
        "difficulty",
        "levels",
        "specialties",
        "posts",
        "topics",
        "basis",
        "source_provision",
        "status",
        "jurisdiction",
        "enterprise",
        "created_by",
        "created_at",
        "updated_at",
    ]

    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldRowPanel(
                        [FieldPanel("type"), FieldPanel("difficulty"), FieldPanel("status")]
                    ),
                    FieldPanel("stem"),
                    FieldRowPanel([FieldPanel("option_a"), FieldPanel("option_b")]),
                    FieldRowPanel([FieldPanel("option_c"), FieldPanel("option_d")]),
                    FieldRowPanel([FieldPanel("option_e"), FieldPanel("option_f")]),
                    FieldRowPanel([FieldPanel("option_g"), FieldPanel("option_h")]),
                    FieldPanel("answer_text"),
                    FieldPanel("explanation"),
                ],
                heading="题目",
            ),
            MultiFieldPanel(
                [
                    FieldPanel("levels"),
                    FieldPanel("specialties"),
                    FieldRowPanel([FieldPanel("posts"), FieldPanel("topics")]),
                ],
                heading="适用范围与知识点",
            ),
            MultiFieldPanel([FieldPanel("basis")], heading="依据"),
            MultiFieldPanel(
                [FieldRowPanel([FieldPanel("jurisdiction"), FieldPanel("enterprise")])],
                heading="题库归属",
            ),
        ],
        base_form_class=QuestionForm,
    )

    def scope(self, user):
        return visible_questions(user)

    def get_queryset(self, request):
        return views.scoped_listing_queryset(request)
