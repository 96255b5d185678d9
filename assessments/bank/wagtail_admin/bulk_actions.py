"""Bulk actions on the question listing: 停用, 添加标签, and a scoped 删除.

The ids come from the query string, so every action reads them through the user's
visible questions (an id outside them is a 404, as on every other URL) and checks "change"
(or "delete") per question with the permission policy.
"""

from __future__ import annotations

from django.utils.functional import classproperty
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from assessments.bank.models import Question
from assessments.bank.scoping import visible_questions
from assessments.bank.services import (
    accept_suggested_provisions,
    add_question_tags,
    retire_questions,
)
from assessments.bank.wagtail_admin.forms import TagQuestionsForm
from assessments.bank.wagtail_admin.permissions import with_used_flag
from assessments.bank.wagtail_admin.scoped_views import (
    LoggedDeleteBulkAction,
    ScopedBulkActionMixin,
)


class ScopedQuestionBulkAction(ScopedBulkActionMixin, SnippetBulkAction):
    @classproperty
    def models(cls):
        return [Question]

    def scoped_queryset(self):
        return with_used_flag(visible_questions(self.request.user))


class RetireQuestionsBulkAction(ScopedQuestionBulkAction):
    display_name = "停用"
    action_type = "retire"
    aria_label = "停用所选试题"
    template_name = "assessments/admin/bulk_retire.html"
    action_priority = 20

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        return retire_questions(objects, user=user), 0

    def get_execution_context(self):
        return {**super().get_execution_context(), "user": self.request.user}

    def get_success_message(self, num_parent_objects, num_child_objects):
        return f"已停用 {num_parent_objects} 道试题（已停用的不重复计算）。停用的试题不再抽入新试卷，历史试卷不受影响。"


class TagQuestionsBulkAction(ScopedQuestionBulkAction):
    display_name = "添加标签"
    action_type = "tag"
    aria_label = "为所选试题添加知识点、适用层级等标签"
    template_name = "assessments/admin/bulk_tag.html"
    action_priority = 25
    form_class = TagQuestionsForm

    @classmethod
    def execute_action(cls, objects, user=None, tags=None, **kwargs):
        return add_question_tags(objects, user=user, **(tags or {})), 0

    def get_execution_context(self):
        data = self.cleaned_form.cleaned_data
        tags = {name: data[name] for name in ("topics", "levels", "specialties", "posts")}
        return {**super().get_execution_context(), "user": self.request.user, "tags": tags}

    def get_success_message(self, num_parent_objects, num_child_objects):
        return f"已为 {num_parent_objects} 道试题添加标签。"


class DeleteQuestionsBulkAction(ScopedQuestionBulkAction, LoggedDeleteBulkAction):
    """Wagtail's delete, scoped; a question any attempt used is listed as not deletable."""

    check_action = "delete"


class AcceptSuggestionBulkAction(ScopedQuestionBulkAction):
    display_name = "采用建议依据"
    action_type = "accept_suggestion"
    aria_label = "把检索推荐的条款确认为所选试题的依据"
    template_name = "assessments/admin/bulk_accept_suggestion.html"
    action_priority = 30

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        return accept_suggested_provisions(objects, user=user), 0

    def get_execution_context(self):
        return {**super().get_execution_context(), "user": self.request.user}

    def get_success_message(self, num_parent_objects, num_child_objects):
        return f"已为 {num_parent_objects} 道试题确认依据条款。"
