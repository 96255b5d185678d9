"""The question bank in the Wagtail admin: the "题库", "考试方案" and "常态化考核计划" menus,
their permission policies, bulk actions, previews and the import screens."""

from __future__ import annotations

from django.urls import path, re_path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from assessments.bank.services import ACCEPT_SUGGESTION_ACTION, RETIRE_ACTION, TAG_ACTION
from assessments.bank.wagtail_admin import basis_review_views, import_views, views
from assessments.bank.wagtail_admin.bulk_actions import (
    AcceptSuggestionBulkAction,
    DeleteQuestionsBulkAction,
    RetireQuestionsBulkAction,
    TagQuestionsBulkAction,
)
from assessments.bank.wagtail_admin.permissions import QuestionPermissionPolicy
from assessments.bank.wagtail_admin.views import register_question_page_row
from assessments.bank.wagtail_admin.viewsets import QuestionViewSet
from assessments.exams.selectors.item_statistics import may_read_statistics
from assessments.exams.services.regrading import REGRADE_ACTION
from assessments.exams.wagtail_admin import item_statistics_views, regrade_views
from assessments.exams.wagtail_admin.blueprint_permissions import (
    BlueprintPermissionPolicy,
    DeleteBlueprintsBulkAction,
)
from assessments.exams.wagtail_admin.blueprints import ExamBlueprintViewSet
from assessments.exams.wagtail_admin.schedule_permissions import (
    DeleteSchedulesBulkAction,
    SchedulePermissionPolicy,
)
from assessments.exams.wagtail_admin.schedules import RoutineScheduleViewSet
from assessments.models import ExamBlueprint, Question, RoutineSchedule

# Each policy before its viewset: anything asking for a model's policy earlier would get
# (and pin) Wagtail's fallback ModelPermissionPolicy.
register_permission_policy(Question, QuestionPermissionPolicy(Question))
register_snippet(QuestionViewSet)
register_permission_policy(ExamBlueprint, BlueprintPermissionPolicy(ExamBlueprint))
register_snippet(ExamBlueprintViewSet)
register_permission_policy(RoutineSchedule, SchedulePermissionPolicy(RoutineSchedule))
register_snippet(RoutineScheduleViewSet)

hooks.register("register_bulk_action", RetireQuestionsBulkAction)
hooks.register("register_bulk_action", TagQuestionsBulkAction)
hooks.register("register_bulk_action", AcceptSuggestionBulkAction)
# After wagtail.snippets' own DeleteBulkAction (a later registration of an action type wins).
hooks.register("register_bulk_action", DeleteQuestionsBulkAction, order=100)
hooks.register("register_bulk_action", DeleteBlueprintsBulkAction, order=100)
hooks.register("register_bulk_action", DeleteSchedulesBulkAction, order=100)


@hooks.register("register_admin_urls")
def register_question_bank_urls():
    return [
        path(
            "bank/import/", import_views.question_import_upload, name="assessments_question_import"
        ),
        path(
            "bank/import/confirm/",
            import_views.question_import_confirm,
            name="assessments_question_import_confirm",
        ),
        path(
            "bank/import/jobs/<int:pk>/",
            import_views.question_import_job,
            name="assessments_question_import_job",
        ),
        path(
            "bank/import/discard/",
            import_views.question_import_discard,
            name="assessments_question_import_discard",
        ),
        path(
            "bank/import/<int:pk>/",
            import_views.question_import_report,
            name="assessments_question_import_report",
        ),
        re_path(
            r"^bank/import/(?P<pk>\d+)/report\.(?P<file_format>xlsx|csv)$",
            import_views.question_import_report_download,
            name="assessments_question_import_report_download",
        ),
        path(
            "bank/import/template.xlsx",
            import_views.question_import_template,
            name="assessments_question_template",
        ),
        path(
            "bank/questions/<int:pk>/preview/",
            views.question_preview,
            name="assessments_question_preview",
        ),
        path(
            "bank/questions/<int:pk>/regrade/",
            regrade_views.question_regrade,
            name="assessments_question_regrade",
        ),
        path(
            "bank/basis-review/",
            basis_review_views.basis_review_queue,
            name="assessments_basis_review",
        ),
        path(
            "bank/basis-review/<int:pk>/confirm/",
            basis_review_views.basis_review_confirm,
            name="assessments_basis_review_confirm",
        ),
        path(
            "bank/basis-review/<int:pk>/retire/",
            basis_review_views.basis_review_retire,
            name="assessments_basis_review_retire",
        ),
        path(
            "bank/statistics/",
            item_statistics_views.item_statistics_report,
            name="assessments_item_statistics",
        ),
    ]


register_question_page_row(
    "item_statistics", "题目质量（首次作答统计）", item_statistics_views.QuestionStatisticsPanel
)


class ItemStatisticsMenuItem(MenuItem):
    def is_shown(self, request):
        return may_read_statistics(request.user)


@hooks.register("register_admin_menu_item")
def register_item_statistics_menu_item():
    return ItemStatisticsMenuItem(
        "题目质量分析", reverse("assessments_item_statistics"), icon_name="table", order=223
    )


@hooks.register("register_log_actions")
def register_question_log_actions(actions):
    actions.register_action(RETIRE_ACTION, "停用", "停用试题")
    actions.register_action(TAG_ACTION, "添加标签", "批量添加标签")
    actions.register_action(ACCEPT_SUGGESTION_ACTION, "采用建议依据", "确认检索推荐的依据条款")
    actions.register_action(REGRADE_ACTION, "更正答案并重新评分", "更正答案并重新评分")


class BasisReviewMenuItem(MenuItem):
    """依据修订复核, with how many questions wait (editors only)."""

    def is_shown(self, request):
        return basis_review_views.may_review(request.user)

    def render_component(self, request):
        component = super().render_component(request)
        count = basis_review_views.flagged_count(request.user)
        if count:
            component.label = f"{self.label}（{count}）"
        return component


@hooks.register("register_admin_menu_item")
def register_basis_review_menu_item():
    return BasisReviewMenuItem(
        "依据修订复核", reverse("assessments_basis_review"), icon_name="warning", order=222
    )


class BasisReviewHomePanel(Component):
    """On the admin home: how many questions wait for review, when any do."""

    name = "basis_review"
    order = 90

    def __init__(self, count: int) -> None:
        self.count = count

    def render_html(self, parent_context=None):
        return format_html(
            '<section class="panel summary nice-padding"><p>'
            '<a href="{}">依据已修订，待复核：{} 道题</a>（暂停用于考试和练习）</p></section>',
            reverse("assessments_basis_review"),
            self.count,
        )


@hooks.register("construct_homepage_panels")
def add_basis_review_panel(request, panels):
    count = basis_review_views.flagged_count(request.user)
    if count:
        panels.append(BasisReviewHomePanel(count))
