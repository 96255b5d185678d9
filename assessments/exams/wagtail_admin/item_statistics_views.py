"""题目质量分析: item statistics of the user's bank as a sortable report with an .xlsx
export, and the same figures on a question's page (see ``selectors.item_statistics``)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import Truncator
from wagtail.admin.ui.components import Component

from assessments.exams.engine.item_statistics import (
    DISCRIMINATION_MIN,
    FACILITY_MAX,
    FACILITY_MIN,
    MIN_ATTEMPTS,
    ItemStatistics,
)
from assessments.exams.engine.types import QuestionType
from assessments.exams.selectors.item_statistics import (
    SORTS,
    report_rows,
    statistics_for,
    statistics_scope,
)
from safetykb.spreadsheets import table_response


def stem_excerpt(question) -> str:
    return Truncator(" ".join(question.stem.split())).chars(60)


EXPORT_HEADERS = (
    "题目编号",
    "题型",
    "题干",
    "作答人次",
    "难度系数",
    "区分度",
    "各选项选择率（全体）",
    "各选项选择率（高分组）",
    "存疑原因",
)


def option_shares(stats: ItemStatistics, *, upper: bool = False) -> str:
    """ "A 60%（正确） B 30% …": shares by option key, the key marked."""
    parts = []
    for option in stats.options:
        share = option.share_upper if upper else option.share
        text = "—" if share is None else f"{share:.0%}"
        parts.append(f"{option.key} {text}{'（正确）' if option.is_correct else ''}")
    return " ".join(parts)


def flag_text(stats: ItemStatistics) -> str:
    return "；".join(flag.label for flag in stats.flags)


def _rows_for(request):
    questions = statistics_scope(request.user)
    if questions is None:
        raise PermissionDenied
    sort = request.GET.get("sort", "facility")
    if sort.lstrip("-") not in SORTS:
        sort = "facility"
    dubious_only = request.GET.get("dubious") == "1"
    return report_rows(questions, sort=sort, dubious_only=dubious_only), sort, dubious_only


def item_statistics_report(request):
    rows, sort, dubious_only = _rows_for(request)
    if request.GET.get("format") == "xlsx":
        return table_response(
            EXPORT_HEADERS,
            (
                (
                    row.question.pk,
                    QuestionType(row.question.type).label,
                    row.question.stem,
                    row.stats.attempts,
                    round(row.stats.facility, 2),
                    "" if row.stats.discrimination is None else round(row.stats.discrimination, 2),
                    option_shares(row.stats),
                    option_shares(row.stats, upper=True),
                    flag_text(row.stats),
                )
                for row in rows
            ),
            "xlsx",
            "题目质量分析",
        )
    inspect = "wagtailsnippets_assessments_question:inspect"
    return TemplateResponse(
        request,
        "assessments/admin/item_statistics.html",
        {
            "rows": [
                {
                    "question": row.question,
                    "stem": stem_excerpt(row.question),
                    "type_label": QuestionType(row.question.type).label,
                    "stats": row.stats,
                    "options": option_shares(row.stats),
                    "options_upper": option_shares(row.stats, upper=True),
                    "flags": flag_text(row.stats),
                    "url": reverse(inspect, args=[row.question.pk]),
                }
                for row in rows
            ],
            "sort": sort,
            "dubious_only": dubious_only,
            "sort_links": _sort_links(sort, dubious_only),
            "thresholds": {
                "facility_max": FACILITY_MAX,
                "facility_min": FACILITY_MIN,
                "discrimination_min": DISCRIMINATION_MIN,
                "min_attempts": MIN_ATTEMPTS,
            },
        },
    )


def _sort_links(current: str, dubious_only: bool) -> dict[str, str]:
    """Each column's link: ascending first, descending when already ascending."""
    suffix = "&dubious=1" if dubious_only else ""
    return {name: f"?sort={'-' if current == name else ''}{name}{suffix}" for name in SORTS}


class QuestionStatisticsPanel(Component):
    """The figures on a question's page (inspect view); nothing until it has been answered."""

    template_name = "assessments/admin/includes/item_statistics_panel.html"

    def __init__(self, user, question) -> None:
        self.user, self.question = user, question

    def get_context_data(self, parent_context=None):
        scope = statistics_scope(self.user)
        stats = None
        if scope is not None and scope.filter(pk=self.question.pk).exists():
            stats = statistics_for([self.question.pk]).get(self.question.pk)
        return {
            "stats": stats,
            "in_scope": scope is not None,
            "options": option_shares(stats) if stats else "",
            "options_upper": option_shares(stats, upper=True) if stats else "",
            "flags": flag_text(stats) if stats else "",
            "min_attempts": MIN_ATTEMPTS,
        }
