"""The annual training plan's pages: list, draft, lines, approval, revision, progress.

Enterprise managers and regulators read plans in their scope (anything else is a 404);
only the enterprise's safety manager drafts and only its principal approves (the
services check again). Workers have no plan pages.
"""

from __future__ import annotations

import re

import pygal
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from pygal.style import Style

from accounts.permissions import role_required
from accounts.scoping import profile_of, role_of
from accounts.vocab import OVERSEER_ROLES, Role
from safetykb.signatures.forms import SignForm
from training import plans
from training.models import PlanLine, PlanStatus, TrainingPlan
from training.plan_forms import PlanCreateForm, PlanLineForm, RevisionForm
from training.plan_progress import LevelProgress
from training.plan_selectors import (
    LEVEL_LABELS,
    get_plan_in_scope_or_404,
    minimum_report,
    plan_lines,
    plan_progress,
    plan_revisions,
    visible_plans,
)

CHART_STYLE = Style(
    font_family="'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif",
    colors=("#98a2b3", "#12b76a"),
    background="transparent",
    plot_background="transparent",
    label_font_size=14,
    major_label_font_size=14,
    legend_font_size=14,
    value_font_size=13,
)


@require_GET
@role_required(*OVERSEER_ROLES)
def plan_list(request: HttpRequest) -> HttpResponse:
    own = profile_of(request.user).enterprise_id
    create_form = None
    if role_of(request.user) == Role.SAFETY_MANAGER:
        create_form = PlanCreateForm(plans=visible_plans(request.user).filter(enterprise_id=own))
    return _render_list(request, create_form)


def _render_list(request, create_form, status=200):
    rows = visible_plans(request.user).order_by("enterprise__name", "-year", "-revision")
    return render(
        request,
        "training/plans/plan_list.html",
        {"plans": rows, "create_form": create_form},
        status=status,
    )


@require_POST
@role_required(Role.SAFETY_MANAGER)
def plan_create(request: HttpRequest) -> HttpResponse:
    profile = profile_of(request.user)
    own_plans = visible_plans(request.user).filter(enterprise_id=profile.enterprise_id)
    form = PlanCreateForm(request.POST, plans=own_plans)
    if form.is_valid():
        try:
            plan = plans.create_plan(
                profile.enterprise,
                form.cleaned_data["year"],
                actor=request.user,
                copy_from=form.cleaned_data["copy_from"],
            )
        except plans.PlanError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"已创建《{plan}》草稿。")
            return redirect("training:plan", plan.pk)
    return _render_list(request, form, status=400)


@require_GET
@role_required(*OVERSEER_ROLES)
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_in_scope_or_404(request.user, pk)
    return _render_detail(request, plan)


def _render_detail(
    request: HttpRequest,
    plan: TrainingPlan,
    *,
    line_form: PlanLineForm | None = None,
    sign_form: SignForm | None = None,
    revision_form: RevisionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    lines = plan_lines(plan)
    report = minimum_report(plan, lines)
    progress = plan_progress(plan, lines)
    drafter = plans.can_draft(request.user, plan.enterprise_id)
    approver = plans.can_approve(request.user, plan.enterprise_id)
    rows = [(row, progress.of(row.line.pk)) for row in report.rows]
    context = {
        "plan": plan,
        "rows": rows,
        "report": report,
        "levels": [(LEVEL_LABELS.get(lv.level, lv.level), lv) for lv in progress.levels],
        "level_chart": _level_chart(progress.levels),
        "behind": sum(p.behind for p in progress.lines),
        "revisions": plan_revisions(plan),
        "content": plans.plan_content(plan),
        "can_edit": drafter and plan.is_draft,
        "line_form": (line_form or PlanLineForm()) if drafter and plan.is_draft else None,
        "sign_form": (sign_form or SignForm()) if approver and plan.is_draft and lines else None,
        "revision_form": (
            (revision_form or RevisionForm())
            if drafter and plan.status == PlanStatus.APPROVED
            else None
        ),
    }
    return render(request, "training/plans/plan_detail.html", context, status=status)


def _level_chart(levels: tuple[LevelProgress, ...]) -> str:
    """Planned against delivered hours per level as an inline SVG (no script)."""
    if not levels:
        return ""
    chart = pygal.HorizontalBar(
        js=[],
        disable_xml_declaration=True,
        style=CHART_STYLE,
        width=640,
        height=100 + 56 * len(levels),
        legend_at_bottom=True,
        print_values=True,
        value_formatter=lambda v: f"{v:g}",
    )
    chart.x_labels = [LEVEL_LABELS.get(lv.level, lv.level) for lv in levels]
    chart.add("计划学时", [float(lv.planned) for lv in levels])
    chart.add("已完成（计入计划）", [float(lv.counted) for lv in levels])
    svg = chart.render(is_unicode=True)
    # pygal's inline <script> only configures its optional tooltips, which we don't load.
    return mark_safe(re.sub(r"<script.*?</script>", "", svg, flags=re.S))


def _get_line(request: HttpRequest, pk: int, line_pk: int) -> tuple[TrainingPlan, PlanLine]:
    plan = get_plan_in_scope_or_404(request.user, pk)
    line = plan.lines.filter(pk=line_pk).first()
    if line is None:
        raise Http404("培训计划条目不存在。")
    return plan, line


@require_POST
@role_required(Role.SAFETY_MANAGER)
def line_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_in_scope_or_404(request.user, pk)
    form = PlanLineForm(request.POST)
    if form.is_valid():
        try:
            line = plans.add_line(plan, form.line_fields(), actor=request.user)
        except plans.PlanError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"已添加：{line}。")
        return redirect("training:plan", plan.pk)
    return _render_detail(request, plan, line_form=form, status=400)


@require_http_methods(["GET", "POST"])
@role_required(Role.SAFETY_MANAGER)
def line_edit(request: HttpRequest, pk: int, line_pk: int) -> HttpResponse:
    plan, line = _get_line(request, pk, line_pk)
    if not plans.can_draft(request.user, plan.enterprise_id) or not plan.is_draft:
        messages.error(request, "该计划不能修改：只有草稿可以修改，已审批的计划请发起修订。")
        return redirect("training:plan", plan.pk)
    form = PlanLineForm(request.POST or None, instance=line)
    if request.method == "POST" and form.is_valid():
        try:
            plans.update_line(line, form.line_fields(), actor=request.user)
        except plans.PlanError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "已保存。")
            return redirect("training:plan", plan.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "training/plans/line_edit.html",
        {"plan": plan, "line": line, "form": form},
        status=status,
    )


@require_POST
@role_required(Role.SAFETY_MANAGER)
def line_delete(request: HttpRequest, pk: int, line_pk: int) -> HttpResponse:
    plan, line = _get_line(request, pk, line_pk)
    try:
        plans.remove_line(line, actor=request.user)
    except plans.PlanError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已删除：{line.course}。")
    return redirect("training:plan", plan.pk)


@require_POST
@role_required(Role.PRINCIPAL)
def plan_approve(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_in_scope_or_404(request.user, pk)
    form = SignForm(request.POST)
    if form.is_valid():
        try:
            plans.approve_plan(
                plan, user=request.user, password=form.cleaned_data["password"], request=request
            )
        except plans.PlanError as exc:
            messages.error(request, str(exc))
            return redirect("training:plan", plan.pk)
        except ValidationError as refusal:
            for field, errors in refusal.message_dict.items():
                form.add_error("password" if field == "password" else None, errors)
        else:
            messages.success(request, f"已签名审批《{plan}》。")
            return redirect("training:plan", plan.pk)
    return _render_detail(request, plan, sign_form=form, status=400)


@require_POST
@role_required(Role.SAFETY_MANAGER)
def plan_revise(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_in_scope_or_404(request.user, pk)
    form = RevisionForm(request.POST)
    if form.is_valid():
        try:
            revision = plans.start_revision(
                plan, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except plans.PlanError as exc:
            messages.error(request, str(exc))
            return redirect("training:plan", plan.pk)
        messages.success(request, f"已创建修订稿（第{revision.revision}版），修改后须重新审批。")
        return redirect("training:plan", revision.pk)
    return _render_detail(request, plan, revision_form=form, status=400)
