"""Snippet views for questions, narrowed to the user's banks.

Every view that takes a question id loads it through ``visible_questions``, so a question
of another enterprise is a 404 whatever the URL; a visible question the user may not
change (the shared bank, for an enterprise manager) sends edits to the read-only
inspect page instead. A question any attempt has used cannot be deleted, only retired.
While the viewer has a paper in progress, its questions' answers, explanations and 依据
are withheld everywhere here (``selectors.answer_secrecy``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Q, Subquery
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header, urlencode
from django.utils.text import Truncator
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.permissions import policy_registry
from wagtail.snippets.views import snippets

from accounts.vocab import Level, Specialty
from assessments.bank.export import EXPORT_FORMATS, export_questions
from assessments.bank.models import BASIS_AMENDED_LABEL, Question, QuestionStatus, QuestionVersion
from assessments.bank.scoping import get_question_in_scope_or_404, visible_questions
from assessments.bank.wagtail_admin.permissions import import_targets, was_used, with_used_flag
from assessments.bank.wagtail_admin.scoped_views import (
    PolicyButtonsMixin,
    PolicyListingMixin,
    ScopedObjectMixin,
)
from assessments.exams.selectors.answer_secrecy import (
    EDIT_REFUSED,
    WITHHELD,
    WITHHELD_NOTICE,
    is_hidden_from,
    questions_hidden_from,
    with_withheld_flag,
    withheld_or,
)
from safetykb.spreadsheets import SafeExportMixin

#: ``?export=`` values of the listing that give a re-importable bank file.
BANK_EXPORTS = {"docx": "docx", "bank-xlsx": "xlsx"}
READ_ONLY_MESSAGE = "这道题属于您不能修改的题库（如辖区共享题库），只能查看。"
USED_MESSAGE = "这道题已用于考试，不能删除；如不再使用，请停用。"


def policy():
    return policy_registry.get_by_type(Question)


def stem_excerpt(question: Question) -> str:
    return Truncator(" ".join(question.stem.split())).chars(60)


def bank_display(question: Question) -> str:
    return "共享题库" if question.is_shared else question.enterprise.name


def basis_display(question: Question) -> str:
    provision = question.source_provision
    flag = f"（{BASIS_AMENDED_LABEL}）" if question.basis_amended_at else ""
    if provision is not None:
        return f"《{provision.page.title}》{provision.label}{flag}"
    if flag:
        return f"{question.basis or '依据条款已删除'}{flag}"
    suggested = question.suggested_provision
    if suggested is not None:
        return f"建议：《{suggested.page.title}》{suggested.label}（待确认）"
    return question.basis or "—"


def warn_basis_amended(request, question: Question, *, editing: bool = False) -> None:
    """The flag 依据已修订，待复核 on the question's pages, with what ends it."""
    if question.basis_amended_at is None:
        return
    when = timezone.localtime(question.basis_amended_at).strftime("%Y-%m-%d %H:%M")
    ends = (
        "核对现行条款后保存即视为已复核，恢复使用。"
        if editing
        else "请到“依据修订复核”对照修订前后的条款原文复核。"
    )
    messages.warning(
        request,
        f"{BASIS_AMENDED_LABEL}：所引用的条款于 {when} 发布了修改或删除，"
        f"本题暂停用于考试和练习。{ends}",
    )


def version_display(question: Question) -> str:
    number = getattr(question, "latest_version", None)
    return f"v{number}" if number else "—"


def retire_url(question: Question, next_url: str = "") -> str:
    """The 停用 bulk action for one question (its confirmation page)."""
    url = reverse("wagtail_bulk_action", args=["assessments", "question", "retire"])
    query = {"id": question.pk, **({"next": next_url} if next_url else {})}
    return f"{url}?{urlencode(query)}"


def worker_preview_url(question: Question, mode: str = "") -> str:
    url = reverse("assessments_question_preview", args=[question.pk])
    return f"{url}?mode={mode}" if mode else url


def regrade_button(user, question: Question, priority: int) -> Button | None:
    """ "更正答案并重新评分" for a used question the user may change."""
    if not was_used(question) or not policy().user_has_permission_for_instance(
        user, "change", question
    ):
        return None
    url = reverse("assessments_question_regrade", args=[question.pk])
    return Button("更正答案并重新评分", url=url, icon_name="tasks", priority=priority)


def export_response(questions, export: str) -> HttpResponse:
    """A re-importable bank file; questions withheld from the viewer are left out (with
    their key blanked they would come back as broken questions)."""
    questions = [q for q in questions if not getattr(q, "answer_withheld", False)]
    file_format = BANK_EXPORTS[export]
    extension, content_type = EXPORT_FORMATS[file_format]
    filename = f"题库导出-{timezone.localdate():%Y%m%d}{extension}"
    response = HttpResponse(export_questions(questions, file_format), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


LIST_COLUMNS = [
    Column("type", label="题型", accessor="get_type_display", sort_key="type"),
    Column("difficulty", label="难度", accessor="get_difficulty_display", sort_key="difficulty"),
    Column("status", label="状态", accessor="get_status_display", sort_key="status"),
    Column("bank", label="题库归属", accessor=bank_display),
    Column("basis", label="依据", accessor=lambda q: withheld_or(q, basis_display(q))),
    Column("version", label="版本", accessor=version_display, sort_key="latest_version"),
]

#: list_export columns: heading and how to read the value.
EXPORT_COLUMNS = {
    "id": ("编号", lambda q: q.pk),
    "type": ("题型", lambda q: q.get_type_display()),
    "stem": ("题干", lambda q: q.stem),
    "options": ("选项", lambda q: "\n".join(f"{o['key']}. {o['text']}" for o in q.options)),
    "answer": ("答案", lambda q: withheld_or(q, q.answer_display())),
    "explanation": ("解析", lambda q: withheld_or(q, q.explanation)),
    "difficulty": ("难度", lambda q: q.get_difficulty_display()),
    "status": ("状态", lambda q: q.get_status_display()),
    "bank": ("题库归属", bank_display),
    "basis": ("依据", lambda q: withheld_or(q, basis_display(q))),
    "topics": ("知识点", lambda q: "、".join(q.topics)),
    "posts": ("适用岗位", lambda q: "、".join(q.posts)),
    "version": ("版本", version_display),
}


class QuestionIndexView(SafeExportMixin, PolicyListingMixin, snippets.IndexView):
    FORMATS = (*snippets.IndexView.FORMATS, *BANK_EXPORTS)

    def get(self, request, *args, **kwargs):
        if not self.is_export and questions_hidden_from(request.user).exists():
            messages.warning(request, WITHHELD_NOTICE)
        return super().get(request, *args, **kwargs)

    def search_queryset(self, queryset):
        found = super().search_queryset(queryset)
        if not self.is_searching:
            return found
        # A withheld question matches by its stem only: a hit on its explanation or 依据
        # would tell the examinee the answer they typed into the search box.
        return found.filter(Q(answer_withheld=False) | Q(stem__icontains=self.search_query))

    def _get_title_column(self, field_name, *args, **kwargs):
        kwargs.setdefault("accessor", stem_excerpt)
        return super()._get_title_column(field_name, *args, **kwargs)

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        buttons.append(
            Button(
                "预览（考生视角）", url=worker_preview_url(instance), icon_name="view", priority=15
            )
        )
        if instance.status != QuestionStatus.RETIRED and self.get_edit_url(instance):
            buttons.append(
                Button(
                    "停用",
                    url=retire_url(instance, self.request.path),
                    icon_name="lock",
                    priority=25,
                )
            )
        regrade = regrade_button(self.request.user, instance, priority=27)
        if regrade is not None and not getattr(instance, "answer_withheld", False):
            buttons.append(regrade)
        return buttons

    def get_edit_url(self, instance):
        # The edit form carries the key; the title then opens the inspect page instead.
        return (
            None if getattr(instance, "answer_withheld", False) else super().get_edit_url(instance)
        )

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if import_targets(self.request.user) and self.user_has_permission("add"):
            buttons.append(
                HeaderButton(
                    "导入题库", url=reverse("assessments_question_import"), icon_name="upload"
                )
            )
        return buttons

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        buttons += [
            Button(
                "导出题库（Word）",
                url=self.get_export_url("docx"),
                icon_name="download",
                priority=95,
            ),
            Button(
                "导出题库（Excel 导入模板格式）",
                url=self.get_export_url("bank-xlsx"),
                icon_name="download",
                priority=96,
            ),
            Button(
                "下载导入模板",
                url=reverse("assessments_question_template"),
                icon_name="doc-empty",
                priority=97,
            ),
        ]
        return buttons

    def to_row_dict(self, item):
        return {field: EXPORT_COLUMNS[field][1](item) for field in self.list_export}

    def render_to_response(self, context, **response_kwargs):
        export = self.request.GET.get("export")
        if export in BANK_EXPORTS:
            return export_response(context["object_list"], export)
        return super().render_to_response(context, **response_kwargs)


class ScopedQuestionMixin(ScopedObjectMixin):
    read_only_message = READ_ONLY_MESSAGE

    def scoped_queryset(self):
        return visible_questions(self.request.user)


class QuestionEditView(ScopedQuestionMixin, snippets.EditView):
    def refusal(self):
        if (refused := super().refusal()) is not None:
            return refused
        return (EDIT_REFUSED, None) if is_hidden_from(self.request.user, self.object) else None

    def get(self, request, *args, **kwargs):
        warn_basis_amended(request, self.object, editing=True)
        if was_used(self.object):
            latest = self.object.versions.order_by("-number").first()
            messages.info(
                request,
                f"这道题的 v{latest.number} 已用于考试：保存修改会生成新版本 v{latest.number + 1}，"
                "已考的试卷仍显示原来的版本。",
            )
        return super().get(request, *args, **kwargs)

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        buttons.append(
            Button(
                "预览（考生视角）",
                url=worker_preview_url(self.object),
                icon_name="view",
                priority=25,
            )
        )
        if self.object.status != QuestionStatus.RETIRED:
            next_url = reverse(self.edit_url_name, args=(quote(self.object.pk),))
            buttons.append(
                Button("停用", url=retire_url(self.object, next_url), icon_name="lock", priority=26)
            )
        regrade = regrade_button(self.request.user, self.object, priority=27)
        if regrade is not None:
            buttons.append(regrade)
        return buttons


class QuestionDeleteView(ScopedQuestionMixin, snippets.DeleteView):
    def refusal(self):
        if (refused := super().refusal()) is not None:
            return refused
        return (USED_MESSAGE, None) if was_used(self.object) else None


#: Rows other domains add to a question's page, name → (label, row(user, question)): the
#: exams side's item statistics read papers, which the bank must not import.
QUESTION_PAGE_ROWS: dict[str, tuple[str, Callable[[Any, Question], Any]]] = {}


def register_question_page_row(name: str, label: str, row: Callable[[Any, Question], Any]) -> None:
    QUESTION_PAGE_ROWS[name] = (label, row)


class QuestionInspectView(PolicyButtonsMixin, snippets.InspectView):
    def get_object(self, queryset=None):
        question = get_question_in_scope_or_404(self.request.user, self.pk)
        question.answer_withheld = is_hidden_from(self.request.user, question)
        return question

    def get(self, request, *args, **kwargs):
        warn_basis_amended(request, self.object)
        if self.object.answer_withheld:
            messages.warning(request, WITHHELD_NOTICE)
        return super().get(request, *args, **kwargs)

    def get_edit_url(self):
        return None if self.object.answer_withheld else super().get_edit_url()

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        buttons += [
            Button(
                "预览（考生视角）",
                url=worker_preview_url(self.object),
                icon_name="view",
                priority=30,
            ),
        ]
        if self.object.answer_withheld:
            return buttons
        buttons.append(
            Button(
                "预览（含答案与解析）",
                url=worker_preview_url(self.object, "answer"),
                icon_name="view",
                priority=31,
            )
        )
        regrade = regrade_button(self.request.user, self.object, priority=32)
        if regrade is not None:
            buttons.append(regrade)
        return buttons

    def get_options_display_value(self):
        return "\n".join(f"{o['key']}. {o['text']}" for o in self.object.options) or "—"

    def get_fields(self):
        return [*super().get_fields(), *QUESTION_PAGE_ROWS]

    def get_field_label(self, field_name, field):
        if field_name in QUESTION_PAGE_ROWS:
            return QUESTION_PAGE_ROWS[field_name][0]
        return super().get_field_label(field_name, field)

    def get_field_display_value(self, field_name, field):
        if field_name in QUESTION_PAGE_ROWS:
            # Rows from other domains may name the key (item statistics do): withheld alike.
            if self.object.answer_withheld:
                return WITHHELD
            return QUESTION_PAGE_ROWS[field_name][1](self.request.user, self.object)
        return super().get_field_display_value(field_name, field)

    def get_answer_display_value(self):
        return withheld_or(self.object, self.object.answer_display())

    def get_explanation_display_value(self):
        return withheld_or(self.object, self.object.explanation or "—")

    def get_basis_display_value(self):
        return withheld_or(self.object, self.object.basis or "—")

    def get_levels_display_value(self):
        return "、".join(Level(v).label for v in self.object.levels) or "未标注（全员适用）"

    def get_specialties_display_value(self):
        return "、".join(Specialty(v).label for v in self.object.specialties) or "未标注"

    def get_posts_display_value(self):
        return "、".join(self.object.posts) or "—"

    def get_topics_display_value(self):
        return "、".join(self.object.topics) or "—"

    def get_source_provision_display_value(self):
        return withheld_or(self.object, basis_display(self.object))

    def get_enterprise_display_value(self):
        return bank_display(self.object)


class QuestionHistoryView(snippets.HistoryView):
    def get_base_object_queryset(self):
        return visible_questions(self.request.user)


class QuestionUsageView(snippets.UsageView):
    def get_object(self):
        question = get_question_in_scope_or_404(self.request.user, self.pk)
        if not policy().user_has_permission_for_instance(self.request.user, "change", question):
            raise PermissionDenied
        return question


class QuestionPreviewOnEditView(snippets.PreviewOnEditView):
    def get_object(self):
        question = get_question_in_scope_or_404(self.request.user, self.kwargs["pk"])
        if not policy().user_has_permission_for_instance(self.request.user, "change", question):
            raise PermissionDenied
        if is_hidden_from(self.request.user, question):
            raise PermissionDenied(EDIT_REFUSED)
        return question


def question_preview(request, pk: int):
    """The preview of any question the user can see (shared ones included), by mode."""
    if not policy().user_has_any_permission(request.user, {"add", "change", "delete", "view"}):
        raise PermissionDenied
    question = get_question_in_scope_or_404(request.user, pk)
    mode = request.GET.get("mode", "")
    if mode not in dict(question.preview_modes):
        raise Http404("没有这种预览方式")
    withheld = mode == "answer" and is_hidden_from(request.user, question)
    if withheld:
        mode = ""  # the worker's view, with the reason the answer is not shown
    return TemplateResponse(
        request,
        question.get_preview_template(request, mode),
        {
            **question.get_preview_context(request, mode),
            "withheld_notice": WITHHELD_NOTICE if withheld else "",
        },
    )


def scoped_listing_queryset(request):
    """The listing: the user's visible questions, with version number and used flag."""
    latest = QuestionVersion.objects.filter(question=OuterRef("pk")).order_by("-number")
    questions = with_used_flag(visible_questions(request.user)).annotate(
        latest_version=Subquery(latest.values("number")[:1])
    )
    return with_withheld_flag(questions, request.user)
