"""知识薄弱点: the heat map of graded answers per provision × post or department, its .xlsx,
and the drill-down of one cell.

Safety managers and principals see their own enterprise; regulators their jurisdiction,
or one of its enterprises with ``?enterprise=``. An enterprise out of scope is a 404, as
everywhere; workers and editors get the role guard's 403.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.models import Enterprise
from accounts.permissions import role_required
from accounts.scoping import (
    get_enterprise_in_scope_or_404,
    profile_of,
    role_of,
    visible_enterprises,
    visible_staff,
)
from accounts.vocab import OVERSEER_ROLES, Role
from assessments.exams.engine.knowledge_gaps import (
    Cell,
    Period,
    period_choices,
    period_from,
)
from assessments.exams.selectors.knowledge_gaps import (
    Axis,
    cell_people,
    cell_questions,
    column_labels,
    gap_grid,
    graded_answers,
    in_cell,
    provision_labels,
)
from content.regulations.models import Provision
from oversight.knowledge_gaps import (
    band_labels,
    cell_css,
    cell_query,
    choices_with,
    describe,
    export_table,
    heat_map,
)
from safetykb.spreadsheets import table_response


@dataclass(frozen=True)
class GapScope:
    """Whose answers a page counts: one enterprise, or (regulators) the jurisdiction."""

    enterprises: QuerySet[Enterprise]
    enterprise: Enterprise | None  # None: every enterprise of the regulator's jurisdiction
    is_regulator: bool

    @property
    def name(self) -> str:
        return self.enterprise.name if self.enterprise else "辖区全部企业"


def gap_scope(request: HttpRequest) -> GapScope:
    user = request.user
    is_regulator = role_of(user) == Role.REGULATOR
    raw = request.GET.get("enterprise", "").strip()
    if raw:
        if not raw.isdigit():
            raise Http404("企业不存在或不在您的查看范围内。")
        enterprise = get_enterprise_in_scope_or_404(user, int(raw))
    elif is_regulator:
        enterprise = None
    else:
        enterprise = get_enterprise_in_scope_or_404(user, profile_of(user).enterprise_id or 0)
    enterprises = (
        Enterprise.objects.filter(pk=enterprise.pk) if enterprise else visible_enterprises(user)
    )
    return GapScope(enterprises, enterprise, is_regulator)


def _filters(request: HttpRequest, scope: GapScope) -> tuple[Axis, Period, dict[str, str]]:
    axis = Axis.parse(request.GET.get("axis"))
    period = period_from(request.GET.get("period"), timezone.localdate())
    params = {
        "enterprise": str(scope.enterprise.pk) if scope.enterprise and scope.is_regulator else "",
        "axis": axis.value,
        "period": period.key,
    }
    return axis, period, params


@require_GET
@role_required(*OVERSEER_ROLES)
def grid(request: HttpRequest) -> HttpResponse:
    scope = gap_scope(request)
    axis, period, params = _filters(request, scope)
    gaps = gap_grid(scope.enterprises, period, axis)
    paths: dict[int, str] = {}
    queries: dict[str, str] = {}

    def cell_url(provision: int, column: str) -> str:
        # Reversed once per row and encoded once per column: a grid has thousands of cells.
        if provision not in paths:
            paths[provision] = reverse("oversight:gap_cell", args=[provision])
        if column not in queries:
            queries[column] = urlencode(cell_query(params, column))
        return f"{paths[provision]}?{queries[column]}"

    heat = heat_map(
        gaps,
        provision_labels(gaps.rows),
        column_labels(axis, gaps.columns, with_enterprise=scope.enterprise is None),
        cell_url,
    )
    if request.GET.get("format") == "xlsx":
        headers, rows, widths = export_table(heat)
        return table_response(
            headers,
            rows,
            "xlsx",
            f"知识薄弱点_{scope.name}_{period.label}_按{axis.label}",
            title="知识薄弱点",
            widths=widths,
        )
    context = {
        "scope": scope,
        "heat": heat,
        "axis": axis,
        "period": period,
        "axis_choices": choices_with(axis.value, Axis.choices),
        "period_choices": choices_with(period.key, period_choices(timezone.localdate())),
        "enterprise_choices": (
            [(e.pk, e.name, e == scope.enterprise) for e in visible_enterprises(request.user)]
            if scope.is_regulator
            else []
        ),
        "legend": band_labels(heat.min_answers),
        "export_query": urlencode({**{k: v for k, v in params.items() if v}, "format": "xlsx"}),
    }
    return render(request, "oversight/knowledge_gaps.html", context)


@require_GET
@role_required(*OVERSEER_ROLES)
def cell(request: HttpRequest, provision: int) -> HttpResponse:
    scope = gap_scope(request)
    axis, period, params = _filters(request, scope)
    provision_row = get_object_or_404(Provision.objects.select_related("page"), pk=provision)
    column = request.GET.get("column", "")
    answers = in_cell(graded_answers(scope.enterprises, period), provision_row.pk, axis, column)
    if answers is None:
        raise Http404("没有这一列。")
    questions = cell_questions(answers)
    people = cell_people(answers, visible_staff(request.user))
    label = column_labels(axis, [column], with_enterprise=scope.enterprise is None)[column]
    total = Cell(sum(q.answers for q in questions), sum(q.correct for q in questions))
    where = f"{provision_row.page.title} {provision_row.title_line} · {label}"
    context = {
        "scope": scope,
        "axis": axis,
        "period": period,
        "provision": provision_row,
        "column_label": label,
        "total": total,
        "total_css": cell_css(total),
        "total_text": describe(total, where),
        "questions": questions,
        "people": people,
        "back_query": urlencode({k: v for k, v in params.items() if v}),
    }
    return render(request, "oversight/knowledge_gap_cell.html", context)
