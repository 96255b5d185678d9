"""依据修订复核: the queue of questions whose cited provision was amended (editors only).

Each row shows the provision's text as the question was written against and its text
now, the changes highlighted, with three actions: 已复核，无需修改 (clear the flag), 编辑题目
(the question's edit page; saving clears the flag) and 停用.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.scoping import sees_everything
from assessments.bank.basis_review import (
    confirm_basis,
    flagged_questions,
    retire_flagged,
    review_items,
)
from assessments.bank.models import BASIS_AMENDED_LABEL, Question
from assessments.bank.scoping import visible_questions

NOT_AN_EDITOR = "仅知识库编辑可复核依据修订"


def may_review(user) -> bool:
    """Reviewing a question against the law's new text is the bureau editors' work."""
    return user.is_authenticated and user.is_active and sees_everything(user)


def require_editor(user) -> None:
    """Anyone else with admin access gets a 404, as for anything out of scope."""
    if not may_review(user):
        raise Http404(NOT_AN_EDITOR)


def flagged_count(user) -> int:
    """How many questions wait in the queue (0 for anyone who may not review)."""
    if not may_review(user):
        return 0
    return flagged_questions(visible_questions(user)).count()


def basis_review_queue(request: HttpRequest) -> HttpResponse:
    require_editor(request.user)
    items = review_items(visible_questions(request.user))
    return TemplateResponse(
        request,
        "assessments/admin/basis_review.html",
        {
            "items": [
                {
                    "item": item,
                    "edit_url": reverse(
                        "wagtailsnippets_assessments_question:edit", args=[item.question.pk]
                    ),
                    "inspect_url": reverse(
                        "wagtailsnippets_assessments_question:inspect", args=[item.question.pk]
                    ),
                }
                for item in items
            ],
            "flag_label": BASIS_AMENDED_LABEL,
        },
    )


def _flagged_or_404(user, pk: int) -> Question:
    question = flagged_questions(visible_questions(user)).filter(pk=pk).first()
    if question is None:
        raise Http404("这道题不在依据修订复核列表中（可能已被他人复核）")
    return question


@require_POST
def basis_review_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    require_editor(request.user)
    confirm_basis(_flagged_or_404(request.user, pk), user=request.user)
    messages.success(request, "已复核，无需修改：该题恢复抽题。")
    return redirect("assessments_basis_review")


@require_POST
def basis_review_retire(request: HttpRequest, pk: int) -> HttpResponse:
    require_editor(request.user)
    retire_flagged(_flagged_or_404(request.user, pk), user=request.user)
    messages.success(request, "已停用该题。")
    return redirect("assessments_basis_review")
