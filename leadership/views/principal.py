"""The principal's page (主要负责人首页): their own duties and check, the leaders awaiting
their review, and the enterprise's people figures, each figure linking to the people
behind it. Charts are pygal's server-rendered SVG (no JavaScript)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pygal
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET
from pygal.style import Style

from accounts.permissions import role_required
from accounts.scoping import profile_of, visible_staff
from accounts.vocab import Role, StaffStatus
from assessments.exams.selectors.results import DIMENSIONS, Breakdown, group_label
from leadership import checks as services
from leadership import facts
from leadership.models import CheckKind, CheckStatus, LeadershipCheck, PlanStatus
from leadership.scoring import Measure
from leadership.selectors import commitment_status, open_problems, visible_plans
from training.selectors import off_post_programmes

CHART_STYLE = Style(
    background="transparent",
    plot_background="transparent",
    font_family="system-ui, 'PingFang SC', 'Microsoft YaHei', sans-serif",
    colors=("#2e7d32", "#c62828", "#1565c0"),
    label_font_size=13,
    major_label_font_size=13,
    value_font_size=12,
    tooltip_font_size=12,
)


#: pygal always writes a config <script> (for its optional tooltips); the page uses none.
SCRIPT = re.compile(r"<script\b.*?</script>", re.S)


def _svg(chart: pygal.graph.graph.Graph) -> SafeString:
    # pygal escapes every label and value it writes (lxml/ElementTree), so it may be inlined.
    return mark_safe(SCRIPT.sub("", chart.render(is_unicode=True)))


def _chart(kind, title: str, rows: int) -> Any:
    return kind(
        title=title,
        width=640,
        height=150 + 44 * rows,
        style=CHART_STYLE,
        js=[],  # no JavaScript: links work as plain SVG anchors
        disable_xml_declaration=True,
        print_values=True,
        print_zeroes=False,
        legend_at_bottom=True,
        truncate_label=-1,
    )


def people_url(**params: str) -> str:
    return f"{reverse('leadership:principal_people')}?{urlencode(params)}"


def results_chart(breakdown: Breakdown, year: int) -> SafeString | None:
    """A stacked bar per group: passed and failed sittings, each linking to the people."""
    if not breakdown.rows:
        return None
    chart = _chart(pygal.HorizontalStackedBar, breakdown.title, len(breakdown.rows))
    chart.x_labels = [row.label for row in breakdown.rows]
    # Sittings are whole numbers: whole-number ticks, about ten of them at most.
    most = max(row.completed for row in breakdown.rows)
    chart.y_labels = list(range(0, most + 1, max(1, math.ceil(most / 10))))
    for label, value_of, failed in (("合格人次", "passed", "0"), ("不合格人次", "failed", "1")):
        chart.add(
            label,
            [
                {
                    "value": getattr(row, value_of),
                    "xlink": {
                        "href": people_url(
                            group=row.dimension, value=row.value, year=str(year), failed=failed
                        ),
                        "target": "_top",
                    },
                }
                for row in breakdown.rows
            ],
        )
    return _svg(chart)


def scores_chart(leader_rows: list[LeaderRow]) -> SafeString | None:
    """Each leader's latest scorecard percentage, linking to the scorecard."""
    scored = [row for row in leader_rows if row.latest and row.latest.card.percent is not None]
    if not scored:
        return None
    chart = _chart(pygal.HorizontalBar, "各级领导最近一次评估得分率（%）", len(scored))
    chart.range = (0, 100)
    chart.x_labels = [row.name for row in scored]
    chart.add(
        "得分率",
        [
            {
                "value": float(row.latest.card.percent),
                "xlink": {
                    "href": reverse("leadership:check_detail", args=[row.latest.check.pk]),
                    "target": "_top",
                },
            }
            for row in scored
            if row.latest
        ],
    )
    return _svg(chart)


@dataclass(frozen=True)
class LeaderRow:
    staff: Any
    latest: services.CheckCard | None
    reviewed_this_year: bool

    @property
    def name(self) -> str:
        return self.staff.user.get_full_name() or self.staff.user.get_username()


@dataclass(frozen=True)
class OffPostRow:
    staff: Any
    programme: Any  # training.selectors.ProgrammeRow, or None before one is opened

    @property
    def percent(self) -> int | None:
        return None if self.programme is None else self.programme.percent


def off_post_rows(staff) -> list[OffPostRow]:
    """Everyone off post, with how far their training hours are."""
    programmes = {row.staff.pk: row for row in off_post_programmes(staff)}
    people = staff.filter(status=StaffStatus.OFF_POST_TRAINING).select_related("user", "department")
    return [OffPostRow(person, programmes.get(person.pk)) for person in people.order_by("pk")]


def leader_rows(leaders, year: int) -> list[LeaderRow]:
    """Each leader with their latest signed scorecard and whether the principal's review
    of this year is signed: two queries, however many leaders."""
    leaders = list(leaders)
    signed = (
        LeadershipCheck.objects.filter(subject__in=[leader.pk for leader in leaders])
        .exclude(status=CheckStatus.SCORING)
        .select_related("subject__user", "enterprise", "reviewer")
        .prefetch_related("scores")
        .order_by("subject_id", "-year", "-signed_at", "-pk")
    )
    latest: dict[int, services.CheckCard] = {}
    reviewed: set[int] = set()
    for check in signed:
        if check.subject_id not in latest:
            latest[check.subject_id] = services.CheckCard(check, services.scorecard_of(check))
        if check.year == year and check.kind == CheckKind.PRINCIPAL_REVIEW:
            reviewed.add(check.subject_id)
    return [LeaderRow(leader, latest.get(leader.pk), leader.pk in reviewed) for leader in leaders]


def regulator_findings(enterprise) -> list[Any]:
    """Open findings from regulators' inspections of ``enterprise``.

    Section hook for the inspection issue: it returns its open findings here (each with
    ``title``, ``deadline`` and ``url``); until then the section says there are none.
    """
    return []


@require_GET
@role_required(Role.PRINCIPAL)
def principal_home(request: HttpRequest) -> HttpResponse:
    principal = profile_of(request.user)
    enterprise = principal.enterprise
    today = timezone.localdate()
    year = today.year
    staff = visible_staff(request.user).exclude(status=StaffStatus.LEFT)
    own = facts.leadership_facts(principal, year)
    training_plan = facts.training_plan_facts(principal, year)
    leaders = leader_rows(services.leaders_of(enterprise.pk).exclude(pk=principal.pk), year)
    breakdowns = facts.results_breakdown(staff, year)
    drafts = services.visible_checks(request.user).filter(
        reviewer=request.user, status=CheckStatus.SCORING
    )
    context = {
        "principal": principal,
        "enterprise": enterprise,
        "year": year,
        "commitment": own[Measure.COMMITMENT_ON_TIME],
        "commitment_record": commitment_status(principal, year).commitment,
        "plan": own[Measure.PLAN_COMPLETION],
        "problems_closed": own[Measure.PROBLEMS_CLOSED_ON_TIME],
        "open_problems": open_problems(principal).order_by("deadline", "pk"),
        "enterprise_open_problems": open_problems(enterprise).count(),
        "plans_awaiting": visible_plans(request.user)
        .filter(enterprise=enterprise, status=PlanStatus.SUBMITTED)
        .order_by("year", "pk"),
        "latest": services.latest_scorecard(principal),
        "leaders": leaders,
        "awaiting_review": [row for row in leaders if not row.reviewed_this_year],
        "drafts": drafts,
        "to_acknowledge": services.visible_checks(request.user).filter(
            subject=principal, status=CheckStatus.SIGNED
        ),
        "scores_chart": scores_chart(leaders),
        "breakdowns": [(b, results_chart(b, year)) for b in breakdowns],
        "off_post": off_post_rows(staff),
        "certificate_gaps": facts.certificate_gap_share(staff, today),
        "short_of_hours": facts.short_of_hours_share(staff, year),
        "training_plan_approved": training_plan[Measure.TRAINING_PLAN_APPROVED],
        "training_delivery": training_plan[Measure.TRAINING_DELIVERY],
        "findings": regulator_findings(enterprise),
    }
    return render(request, "leadership/principal/home.html", context)


PEOPLE_TITLES = {"0": "参加考核的人员", "1": "考核不合格的人员"}


@require_GET
@role_required(Role.PRINCIPAL)
def principal_people(request: HttpRequest) -> HttpResponse:
    """The people behind a figure on the principal's page."""
    staff = visible_staff(request.user).exclude(status=StaffStatus.LEFT)
    group = request.GET.get("group", "")
    year_raw = request.GET.get("year", "")
    year = int(year_raw) if year_raw.isdigit() else timezone.localdate().year
    if group == "off_post":
        title = "脱产培训人员"
        people = staff.filter(status=StaffStatus.OFF_POST_TRAINING)
    elif group == "certificate_gaps":
        title = "持证有缺口的人员"
        people = staff.filter(pk__in=facts.certificate_gap_people(staff, timezone.localdate()))
    elif group == "short_of_hours":
        title = f"{year}年培训学时不足的人员"
        people = staff.filter(pk__in=facts.short_of_hours_people(staff, year))
    elif group in DIMENSIONS:
        value = request.GET.get("value", "")
        failed = request.GET.get("failed") == "1"
        label = group_label(group, value)
        title = f"{year}年 {label} · {PEOPLE_TITLES['1' if failed else '0']}"
        people = facts.people_in_group(staff, year, group, value, failed=failed)
    else:
        raise Http404("没有这组人员。")
    return render(
        request,
        "leadership/principal/people.html",
        {"title": title, "people": people.select_related("user", "department").order_by("pk")},
    )
