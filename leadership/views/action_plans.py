"""A leader's page (commitment, plan, completion, activities, problems), drawing up and
approving plans, recording an activity on the phone, and a problem's signed steps."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import StaffProfile
from accounts.permissions import role_required
from accounts.scoping import profile_of, role_of
from accounts.vocab import ENTERPRISE_ROLES, SITE_ROLES, Role
from leadership import action_plans as service
from leadership.models import PlanItem, PlanStatus, StepKind
from leadership.selectors import (
    NO_PLAN,
    ProblemCounts,
    commitment_status,
    get_in_scope_or_404,
    is_leader,
    is_principal_of,
    leaders_of,
    open_problems,
    plan_completion,
    plan_completions,
    problems_found_counts,
    visible_activities,
    visible_plans,
    visible_problems,
)
from leadership.signed_steps import LeadershipError, NotAllowed
from leadership.views.common import refused, year_of
from leadership.views.plan_forms import (
    ActivityForm,
    PlanItemForm,
    StepForm,
    problem_forms,
)
from safetykb.signatures.forms import SignForm


def _leader_in_scope_or_404(user, pk: int) -> StaffProfile:
    """A leader's page: their own; the principal's enterprise; the regulator's jurisdiction."""
    staff = (
        StaffProfile.objects.select_related("user", "enterprise", "department")
        .filter(pk=pk)
        .first()
    )
    profile, role = profile_of(user), role_of(user)
    allowed = (
        staff is not None
        and profile is not None
        and (
            staff.pk == profile.pk
            or (role == Role.PRINCIPAL and staff.enterprise_id == profile.enterprise_id)
            or (
                role == Role.REGULATOR
                and staff.enterprise_id is not None
                and staff.enterprise.jurisdiction_id == profile.jurisdiction_id
            )
        )
    )
    if not allowed:
        raise Http404("人员不存在或不在您的查看范围内。")
    return staff


@require_GET
@role_required(*SITE_ROLES)
def my_page(request: HttpRequest) -> HttpResponse:
    return redirect("leadership:leader", request.user.profile.pk)


@require_GET
@role_required(*SITE_ROLES)
def leader_page(request: HttpRequest, pk: int) -> HttpResponse:
    staff = _leader_in_scope_or_404(request.user, pk)
    year = year_of(request)
    today = timezone.localdate()
    month = today.month if year == today.year else 12
    plan = visible_plans(request.user).filter(staff=staff, year=year).first()
    is_self = staff.user_id == request.user.pk
    principal = is_principal_of(request.user, staff.enterprise_id)
    months = [(m, plan_completion(staff, year, m)) for m in range(1, month + 1)] if plan else []
    problems = visible_problems(request.user).filter(found_by=staff).order_by("status", "deadline")
    owned = visible_problems(request.user).filter(owner=staff).exclude(found_by=staff)
    context = {
        "staff": staff,
        "year": year,
        "today": today,
        "is_self": is_self,
        "is_principal": principal,
        "can_edit": plan is not None and plan.status == PlanStatus.DRAFT and (is_self or principal),
        "plan": plan,
        "commitment": commitment_status(staff, year),
        "this_month": plan_completion(staff, year, month),
        "year_completion": plan_completion(staff, year),
        "months": months,
        "activities": visible_activities(request.user)
        .filter(plan__staff=staff, plan__year=year)
        .annotate(problem_count=Count("problems"))[:30],
        "problems": problems,
        "owned_problems": owned,
        "open_count": open_problems(staff).count(),
        "item_form": PlanItemForm(plan=plan) if plan else None,
        "approve_form": SignForm()
        if plan and principal and plan.status == PlanStatus.SUBMITTED
        else None,
        "can_open": plan is None and (is_self or principal) and is_leader(staff),
        "team": _team(request.user, staff, year),
    }
    return render(request, "leadership/plans/leader.html", context)


def _team(user, staff: StaffProfile, year: int) -> list[dict]:
    """On the principal's own page: every other leader's plan, completion and open
    problems (a fixed number of queries however many leaders)."""
    if not (is_principal_of(user, staff.enterprise_id) and staff.user_id == user.pk):
        return []
    leaders = list(leaders_of(staff.enterprise_id).exclude(pk=staff.pk))
    ids = [leader.pk for leader in leaders]
    completions = plan_completions(ids, year)
    counts = problems_found_counts(ids)
    return [
        {
            "staff": leader,
            "plan": completions.get(leader.pk, NO_PLAN).plan,
            "completion": completions.get(leader.pk, NO_PLAN),
            "open": counts.get(leader.pk, ProblemCounts()).open,
            "overdue": counts.get(leader.pk, ProblemCounts()).overdue,
        }
        for leader in leaders
    ]


@require_POST
@role_required(*ENTERPRISE_ROLES)
def open_plan(request: HttpRequest, pk: int) -> HttpResponse:
    staff = _leader_in_scope_or_404(request.user, pk)
    year = year_of(request)
    try:
        service.open_plan(staff, year, actor=request.user)
    except NotAllowed as refusal:
        return refused(request, refusal)
    except LeadershipError as problem:
        messages.error(request, str(problem))
    return redirect(f"{reverse('leadership:leader', args=[staff.pk])}?year={year}")


def _plan_or_404(request: HttpRequest, pk: int):
    return get_in_scope_or_404(
        visible_plans(request.user), pk, "行动计划不存在或不在您的查看范围内。"
    )


def _back(plan) -> HttpResponse:
    return redirect(f"{reverse('leadership:leader', args=[plan.staff_id])}?year={plan.year}")


@require_POST
@role_required(*ENTERPRISE_ROLES)
def add_item(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_or_404(request, pk)
    form = PlanItemForm(request.POST, plan=plan)
    if not form.is_valid():
        messages.error(
            request,
            "计划事项填写有误："
            + "；".join(
                f"{form.fields[name].label}：{' '.join(errors)}"
                for name, errors in form.errors.items()
            ),
        )
        return _back(plan)
    try:
        service.add_item(
            plan,
            actor=request.user,
            kind=form.cleaned_data["kind"],
            times=form.cleaned_data["times"],
            period=form.cleaned_data["period"],
            **form.chosen_place(),
        )
    except NotAllowed as refusal:
        return refused(request, refusal)
    except LeadershipError as problem:
        messages.error(request, str(problem))
    return _back(plan)


@require_POST
@role_required(*ENTERPRISE_ROLES)
def remove_item(request: HttpRequest, pk: int) -> HttpResponse:
    item = PlanItem.objects.filter(pk=pk, plan__in=visible_plans(request.user)).first()
    if item is None:
        raise Http404("计划事项不存在。")
    try:
        service.remove_item(item, actor=request.user)
    except NotAllowed as refusal:
        return refused(request, refusal)
    except LeadershipError as problem:
        messages.error(request, str(problem))
    return _back(item.plan)


@require_POST
@role_required(*ENTERPRISE_ROLES)
def submit_plan(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_or_404(request, pk)
    try:
        service.submit_plan(plan, actor=request.user)
    except NotAllowed as refusal:
        return refused(request, refusal)
    except LeadershipError as problem:
        messages.error(request, str(problem))
    else:
        messages.success(request, "行动计划已提交，等待主要负责人审批。")
    return _back(plan)


@require_POST
@role_required(Role.PRINCIPAL)
def approve_plan(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_or_404(request, pk)
    form = SignForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请输入登录密码以签名。")
        return _back(plan)
    try:
        service.approve_plan(
            plan, user=request.user, password=form.cleaned_data["password"], request=request
        )
    except NotAllowed as refusal:
        return refused(request, refusal)
    except LeadershipError as problem:
        messages.error(request, str(problem))
    else:
        messages.success(request, f"已审批{plan.staff.display_name}的行动计划。")
    return _back(plan)


@require_http_methods(["GET", "POST"])
@role_required(*ENTERPRISE_ROLES)
def record_activity(request: HttpRequest, pk: int) -> HttpResponse:
    """The phone form: what was done where, problems found (up to three), photos."""
    plan = _plan_or_404(request, pk)
    if plan.staff.user_id != request.user.pk:
        return refused(request, NotAllowed("履职活动只能由本人登记。"))
    data = request.POST if request.method == "POST" else None
    form = ActivityForm(data, plan=plan)
    problems = problem_forms(data, plan.enterprise_id)
    if request.method == "POST" and form.is_valid() and all(p.is_valid() for p in problems):
        try:
            activity = service.record_activity(
                plan,
                actor=request.user,
                occurred_at=form.cleaned_data["occurred_at"],
                kind=form.cleaned_data["kind"],
                item=form.cleaned_data["item"],
                checked=form.cleaned_data["checked"],
                place_text=form.cleaned_data["place_text"],
                problems=[
                    service.ProblemInput(**p.cleaned_data) for p in problems if not p.is_blank
                ],
                photos=request.FILES.getlist("photos"),
                **form.chosen_place(),
            )
        except NotAllowed as refusal:
            return refused(request, refusal)
        except LeadershipError as problem:
            form.add_error(None, str(problem))
        else:
            found = activity.problems.count()
            messages.success(
                request, f"已登记履职活动{f'，发现问题 {found} 项' if found else ''}。"
            )
            return redirect("leadership:activity", activity.pk)
    invalid = request.method == "POST"
    return render(
        request,
        "leadership/plans/record.html",
        {"plan": plan, "form": form, "problems": problems},
        status=400 if invalid else 200,
    )


@require_GET
@role_required(*SITE_ROLES)
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_in_scope_or_404(
        visible_activities(request.user), pk, "履职记录不存在或不在您的查看范围内。"
    )
    return render(
        request,
        "leadership/plans/activity.html",
        {
            "activity": activity,
            "problems": activity.problems.select_related("owner__user"),
            "photos": activity.photos.all(),
        },
    )


@require_GET
@role_required(*SITE_ROLES)
def problem_detail(request: HttpRequest, pk: int) -> HttpResponse:
    problem = get_in_scope_or_404(
        visible_problems(request.user), pk, "问题不存在或不在您的查看范围内。"
    )
    return _render_problem(request, problem)


def _render_problem(request, problem, *, failed: StepForm | None = None, status: int = 200):
    forms = {}
    for kind in StepKind:
        who, from_status, _, _ = service.STEPS[kind]
        person = getattr(problem, who)
        if person.user_id == request.user.pk and problem.status == from_status:
            forms[kind.value] = failed if failed and failed.kind == kind else StepForm(kind=kind)
    steps = [(step, step.signed_content()) for step in problem.steps.select_related("by__user")]
    return render(
        request,
        "leadership/plans/problem.html",
        {
            "problem": problem,
            "steps": steps,
            "forms": forms,
            "overdue": problem.status == "open" and problem.deadline < timezone.localdate(),
        },
        status=status,
    )


@require_POST
@role_required(*ENTERPRISE_ROLES)
def problem_step(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    problem = get_in_scope_or_404(
        visible_problems(request.user), pk, "问题不存在或不在您的查看范围内。"
    )
    if kind not in StepKind.values:
        raise Http404("没有这个步骤。")
    form = StepForm(request.POST, request.FILES, kind=StepKind(kind))
    if form.is_valid():
        try:
            service.take_step(
                problem,
                StepKind(kind),
                user=request.user,
                password=form.cleaned_data["password"],
                note=form.cleaned_data["note"],
                evidence=form.cleaned_data.get("evidence"),
                request=request,
            )
        except NotAllowed as refusal:
            return refused(request, refusal)
        except LeadershipError as problem_:
            form.add_error(None, str(problem_))
        else:
            messages.success(request, f"已签名办理“{StepKind(kind).label}”。")
            return redirect("leadership:problem", problem.pk)
    return _render_problem(request, problem, failed=form, status=400)
