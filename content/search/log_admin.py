"""The search-log report in the Wagtail admin (editors only) and its two-click actions.

From a row, "添加同义词" opens the glossary form prefilled with the question, "添加常见问法"
offers the provisions that question was shown as one-click answers, and for a number the
first hits did not state, "登记未收录标准" opens the standards form with the question as
its first ask. A question that was answered with provisions at least once can be
registered as an everyday question the library is not for ("登记为库外问题").
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from accounts.scoping import sees_everything

from . import log_report
from .search_log import add_common_phrasing


def require_editor(user: AbstractBaseUser | AnonymousUser) -> None:
    """The report shows what people ask: bureau editors only (a 404 for anyone else with
    admin access, as for anything out of scope; Wagtail sends the rest to its login)."""
    if not sees_everything(user):
        raise Http404("仅知识库编辑可查看检索日志")


def search_log_report(request: HttpRequest) -> HttpResponse:
    require_editor(request.user)
    period = request.GET.get("period", log_report.DEFAULT_PERIOD)
    if period not in log_report.PERIODS:
        period = log_report.DEFAULT_PERIOD
    since = log_report.period_start(period)
    sections = [
        _Section("frequent", "高频问题", log_report.frequent_queries(since)),
        _Section("unanswered", "没有可信答案的问题", log_report.unanswered_queries(since)),
        _Section(
            "numbers",
            "问到具体数值、前几条没有写明的问题",
            log_report.unstated_numbers(since),
            help=(
                "这些问题找到了相关条款，但前几条没有写明问到的数值（学时、距离、限值等），"
                "这类数值多由技术标准或部门规章规定。常被问到的，可登记为未收录标准"
                "（把问题填作它的常见提问），以后同类问题会提示查阅它。"
            ),
            # The figure is a standard's: register it, the question as its ask.
            registers_standard=True,
        ),
        _Section("unopened", "有结果但无人点开的问题", log_report.unopened_queries(since)),
    ]
    forms = {
        "glossary": reverse("wagtailsnippets_kbsearch_glossaryterm:add"),
        "phrasing": reverse("kbsearch_log_phrasing"),
        "standard": reverse("wagtailsnippets_kbsearch_technicalstandard:add"),
        "everyday": reverse("wagtailsnippets_kbsearch_everydayquestion:add"),
    }
    return TemplateResponse(
        request,
        "kbsearch/admin/search_log_report.html",
        {
            "period": period,
            "periods": log_report.PERIODS.items(),
            "standards": log_report.pointed_standards(since),
            "sections": [
                {
                    "key": section.key,
                    "title": section.title,
                    "help": section.help,
                    "rows": [
                        _row_actions(row, forms, section.registers_standard) for row in section.rows
                    ],
                }
                for section in sections
            ],
        },
    )


@dataclass(frozen=True, slots=True)
class _Section:
    key: str  # the table's anchor
    title: str
    rows: list[log_report.QueryRow]
    help: str = ""
    # Whether each row offers 登记未收录标准.
    registers_standard: bool = False


def _row_actions(
    row: log_report.QueryRow, forms: dict[str, str], registers_standard: bool
) -> dict[str, object]:
    """A report row and the admin forms (``forms``: their URLs) its actions open, prefilled."""
    return {
        "row": row,
        "glossary_url": f"{forms['glossary']}?{urlencode({'worker_terms': row.query})}",
        "phrasing_url": f"{forms['phrasing']}?{urlencode({'q': row.normalised})}",
        "standard_url": f"{forms['standard']}?{urlencode({'asks': row.query})}"
        if registers_standard
        else "",
        # Only where search answered with provisions: a row always judged "not found"
        # has nothing left to correct.
        "everyday_url": f"{forms['everyday']}?{urlencode({'text': row.query})}"
        if row.not_found < row.count
        else "",
    }


@require_http_methods(["GET", "POST"])
def add_phrasing(request: HttpRequest) -> HttpResponse:
    """GET: the provisions a question was shown, each a one-click answer; POST: attach it."""
    require_editor(request.user)
    normalised = request.GET.get("q") or request.POST.get("q") or ""
    text = log_report.latest_wording(normalised)
    if not text:
        raise Http404("检索日志中没有这个问题")
    choices = log_report.shown_provisions(normalised)
    if request.method == "POST":
        wanted = request.POST.get("provision_id", "")
        if not any(str(choice["provision_id"]) == wanted for choice in choices):
            raise Http404("只能选择这个问题检索到的条款")
        add_common_phrasing(text, int(wanted), request.user)
        messages.success(request, f"已添加常见问法“{text}”，索引更新后即可检索到。")
        return redirect("kbsearch_log_report")
    return TemplateResponse(
        request,
        "kbsearch/admin/add_phrasing.html",
        {"text": text, "normalised": normalised, "choices": choices},
    )
