"""The jurisdiction's inspection view: the year's figures as charts (pygal, rendered on
the server as SVG), each bar linking to the list behind it, the lists, and an .xlsx.

Regulators only; everything is read from their jurisdiction (``visible_enterprises``
and the inspection's own jurisdiction), so another jurisdiction's enterprise in a link
is a 404.
"""

from __future__ import annotations

import pygal
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET
from pygal.style import DefaultStyle

from accounts.permissions import role_required
from accounts.scoping import get_enterprise_in_scope_or_404, profile_of, visible_enterprises
from accounts.vocab import Role
from oversight.inspection_stats import year_figures, year_inspections
from safetykb.spreadsheets import table_response

EXPORT_HEADERS = (
    "企业",
    "本年检查次数",
    "最近检查日期",
    "抽考人数",
    "抽考合格",
    "合格率",
    "未销号问题",
    "逾期问题",
)


def _year(request: HttpRequest) -> int:
    value = request.GET.get("year", "")
    this_year = timezone.localdate().year
    return int(value) if value.isdigit() and 2000 <= int(value) <= this_year else this_year


def _chart(title: str, labels: list[str], series: dict[str, list[dict]], *, percent=False) -> str:
    chart = pygal.HorizontalBar(
        title=title,
        style=DefaultStyle,
        js=[],  # no script from elsewhere: the bars are plain links
        height=max(180, 40 * len(labels) + 100),
        width=720,
        range=(0, 100) if percent else None,
        print_values=True,
        show_legend=len(series) > 1,
        legend_at_bottom=True,
        value_formatter=(lambda v: f"{v:.0f}%") if percent else (lambda v: f"{v:.0f}"),
    )
    chart.x_labels = labels
    for name, values in series.items():
        chart.add(name, values)
    return mark_safe(chart.render(is_unicode=True, disable_xml_declaration=True))


def _link(value, href: str, label: str = "") -> dict:
    return {"value": value, "xlink": {"href": href, "target": "_top"}, "label": label}


@require_GET
@role_required(Role.REGULATOR)
def overview(request: HttpRequest) -> HttpResponse:
    profile = profile_of(request.user)
    year = _year(request)
    figures = year_figures(
        visible_enterprises(request.user), profile.jurisdiction_id, year, timezone.localdate()
    )
    listing = reverse("oversight:inspection_overview_list")
    findings = reverse("oversight:findings")
    names = [row.enterprise.name for row in figures.rows]
    charts = {
        "inspections": _chart(
            f"{year}年执法检查次数（按企业）",
            names,
            {
                "检查次数": [
                    _link(
                        row.inspections,
                        f"{listing}?what=inspections&enterprise={row.enterprise.pk}&year={year}",
                    )
                    for row in figures.rows
                ]
            },
        ),
        "rates": _chart(
            f"{year}年现场抽考合格率（按企业）",
            names,
            {
                "合格率": [
                    _link(
                        row.rate.percent,
                        f"{listing}?what=examinees&enterprise={row.enterprise.pk}&year={year}",
                        f"{row.rate.passed}/{row.rate.tested}",
                    )
                    if row.rate
                    else None
                    for row in figures.rows
                ]
            },
            percent=True,
        ),
        "posts": _chart(
            f"{year}年现场抽考合格率（按岗位）",
            [rate.key for rate in figures.by_post],
            {
                "合格率": [
                    _link(
                        rate.percent,
                        f"{listing}?what=examinees&post={rate.key}&year={year}",
                        f"{rate.passed}/{rate.tested}",
                    )
                    for rate in figures.by_post
                ]
            },
            percent=True,
        ),
        "findings": _chart(
            "未销号与逾期问题（按企业）",
            names,
            {
                "未销号": [
                    _link(
                        row.unresolved, f"{findings}?show=unresolved&enterprise={row.enterprise.pk}"
                    )
                    for row in figures.rows
                ],
                "逾期": [
                    _link(row.overdue, f"{findings}?show=overdue&enterprise={row.enterprise.pk}")
                    for row in figures.rows
                ],
            },
        ),
    }
    if request.GET.get("format") == "xlsx":
        return table_response(
            EXPORT_HEADERS,
            [
                [
                    row.enterprise.name,
                    row.inspections,
                    row.last_date.isoformat() if row.last_date else "",
                    row.rate.tested if row.rate else 0,
                    row.rate.passed if row.rate else 0,
                    f"{row.rate.percent}%" if row.rate else "",
                    row.unresolved,
                    row.overdue,
                ]
                for row in figures.rows
            ],
            "xlsx",
            f"{year}年执法检查统计",
            title="按企业",
            widths=(30, 12, 14, 10, 10, 10, 12, 10),
        )
    return render(
        request,
        "oversight/inspections/overview.html",
        {"figures": figures, "charts": charts, "year": year},
    )


@require_GET
@role_required(Role.REGULATOR)
def overview_list(request: HttpRequest) -> HttpResponse:
    """The list behind a bar: the year's inspections or examinees, for one enterprise or post."""
    profile = profile_of(request.user)
    year = _year(request)
    enterprise = None
    if request.GET.get("enterprise", "").isdigit():
        enterprise = get_enterprise_in_scope_or_404(request.user, int(request.GET["enterprise"]))
    post = request.GET.get("post", "")
    what = "examinees" if request.GET.get("what") == "examinees" else "inspections"
    context: dict = {"year": year, "enterprise": enterprise, "post": post, "what": what}
    if what == "inspections":
        inspections = year_inspections(profile.jurisdiction_id, year).select_related("enterprise")
        if enterprise is not None:
            inspections = inspections.filter(enterprise=enterprise)
        context["inspections"] = inspections.order_by("-date")
    else:
        enterprises = visible_enterprises(request.user)
        if enterprise is not None:
            enterprises = enterprises.filter(pk=enterprise.pk)
        figures = year_figures(enterprises, profile.jurisdiction_id, year, timezone.localdate())
        names = {row.enterprise.pk: row.enterprise.name for row in figures.rows}
        context["examinees"] = [
            (names.get(e, ""), p, name, passed)
            for e, p, name, passed in figures.results
            if e in names and (not post or p == post)
        ]
    return render(request, "oversight/inspections/overview_list.html", context)
