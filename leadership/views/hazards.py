"""The enterprise's hazard register and leadership overview; the safety manager keeps the
register (major hazard sources, key devices and areas, supervised processes)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import Enterprise, StaffProfile
from accounts.permissions import role_required
from accounts.scoping import get_enterprise_in_scope_or_404
from accounts.vocab import OVERSEER_ROLES, Role, StaffStatus
from leadership import hazards
from leadership.models import (
    CommitmentTier,
    Guarantor,
    HazardGrade,
    KeyPlace,
    MajorHazardSource,
    PlaceKind,
    SupervisedProcess,
)
from leadership.selectors import (
    NO_PLAN,
    ProblemCounts,
    commitment_statuses,
    leaders_of,
    open_problems,
    plan_completions,
    problems_found_counts,
)
from leadership.signed_steps import LeadershipError, NotAllowed
from leadership.views.common import refused, year_of


def _staff_choices(enterprise: Enterprise):
    return (
        StaffProfile.objects.select_related("user")
        .filter(enterprise=enterprise)
        .exclude(status=StaffStatus.LEFT)
    )


class HazardSourceForm(forms.Form):
    name = forms.CharField(label="名称", max_length=100)
    grade = forms.ChoiceField(label="等级", choices=HazardGrade.choices)
    location = forms.CharField(label="位置", max_length=200)
    chemicals = forms.CharField(
        label="危险化学品及设计最大量",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="每行一种：名称 数量 单位，如“液氨 120 t”",
    )

    def __init__(self, *args, enterprise: Enterprise, **kwargs):
        super().__init__(*args, **kwargs)
        for duty in Guarantor:
            self.fields[f"guarantor_{duty.value}"] = forms.ModelChoiceField(
                label=f"包保责任人（{duty.label}）",
                queryset=_staff_choices(enterprise),
                required=True,
            )

    def clean_chemicals(self):
        try:
            return hazards.parse_chemicals(self.cleaned_data["chemicals"])
        except LeadershipError as problem:
            raise forms.ValidationError(str(problem)) from None


class KeyPlaceForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=PlaceKind.choices)
    name = forms.CharField(label="名称", max_length=100)
    location = forms.CharField(label="位置", max_length=200, required=False)
    contact = forms.ModelChoiceField(label="联系人", queryset=StaffProfile.objects.none())

    def __init__(self, *args, enterprise: Enterprise, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = _staff_choices(enterprise)


class ProcessForm(forms.Form):
    process = forms.ChoiceField(label="重点监管危险化工工艺", choices=SupervisedProcess.choices)
    unit = forms.CharField(label="所在装置", max_length=100, required=False)


@require_GET
@role_required(*OVERSEER_ROLES)
def enterprise_overview(request: HttpRequest, pk: int) -> HttpResponse:
    """The register, the year's commitments and every leader's plan completion."""
    enterprise = get_enterprise_in_scope_or_404(request.user, pk)
    year = year_of(request)
    sources = enterprise.hazard_sources.prefetch_related("chemicals", "guarantors__staff__user")
    places = enterprise.key_places.select_related("contact__user")
    people = list(leaders_of(enterprise))
    ids = [leader.pk for leader in people]
    statuses = commitment_statuses(people, year)
    completions = plan_completions(ids, year)
    counts = problems_found_counts(ids)
    leaders = [
        {
            "staff": leader,
            "commitment": statuses[leader.pk],
            "completion": completions.get(leader.pk, NO_PLAN),
            "open_problems": counts.get(leader.pk, ProblemCounts()).open,
        }
        for leader in people
    ]
    return render(
        request,
        "leadership/hazards/enterprise.html",
        {
            "enterprise": enterprise,
            "year": year,
            "sources": sources,
            "places": places,
            "processes": enterprise.supervised_processes.all(),
            "leaders": leaders,
            "open_problem_count": open_problems(enterprise).count(),
            "principal_commitment": enterprise.commitments.filter(
                year=year, tier=CommitmentTier.PRINCIPAL
            )
            .select_related("staff__user")
            .first(),
            "can_keep": hazards.can_keep_register(request.user, enterprise.pk),
            "can_issue": request.user.profile.role in (Role.PRINCIPAL, Role.SAFETY_MANAGER),
        },
    )


def _keeper_enterprise(request: HttpRequest, pk: int) -> Enterprise:
    enterprise = get_enterprise_in_scope_or_404(request.user, pk)
    if not hazards.can_keep_register(request.user, enterprise.pk):
        raise Http404("企业不存在或不在您的维护范围内。")
    return enterprise


@require_http_methods(["GET", "POST"])
@role_required(Role.SAFETY_MANAGER)
def edit_source(request: HttpRequest, pk: int, source_pk: int | None = None) -> HttpResponse:
    enterprise = _keeper_enterprise(request, pk)
    source = None
    initial = {}
    if source_pk is not None:
        source = MajorHazardSource.objects.filter(enterprise=enterprise, pk=source_pk).first()
        if source is None:
            raise Http404("重大危险源不存在。")
        initial = {
            "name": source.name,
            "grade": source.grade,
            "location": source.location,
            "chemicals": "\n".join(
                f"{c.name} {c.quantity.normalize():f} {c.unit}" for c in source.chemicals.all()
            ),
            **{f"guarantor_{g.duty}": g.staff_id for g in source.guarantors.all()},
        }
    form = HazardSourceForm(request.POST or None, initial=initial, enterprise=enterprise)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            hazards.save_hazard_source(
                enterprise,
                actor=request.user,
                source=source,
                name=data["name"],
                grade=data["grade"],
                location=data["location"],
                chemicals=data["chemicals"],
                guarantors={d.value: data[f"guarantor_{d.value}"] for d in Guarantor},
            )
        except NotAllowed as refusal:
            return refused(request, refusal)
        except LeadershipError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, f"已保存重大危险源“{data['name']}”。")
            return redirect("leadership:enterprise", enterprise.pk)
    return render(
        request,
        "leadership/hazards/form.html",
        {"enterprise": enterprise, "form": form, "title": "重大危险源"},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.SAFETY_MANAGER)
def edit_place(request: HttpRequest, pk: int, place_pk: int | None = None) -> HttpResponse:
    enterprise = _keeper_enterprise(request, pk)
    place = None
    initial = {}
    if place_pk is not None:
        place = KeyPlace.objects.filter(enterprise=enterprise, pk=place_pk).first()
        if place is None:
            raise Http404("关键装置/重点部位不存在。")
        initial = {
            "kind": place.kind,
            "name": place.name,
            "location": place.location,
            "contact": place.contact_id,
        }
    form = KeyPlaceForm(request.POST or None, initial=initial, enterprise=enterprise)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            hazards.save_key_place(enterprise, actor=request.user, place=place, **data)
        except NotAllowed as refusal:
            return refused(request, refusal)
        except LeadershipError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, f"已保存“{data['name']}”。")
            return redirect("leadership:enterprise", enterprise.pk)
    return render(
        request,
        "leadership/hazards/form.html",
        {"enterprise": enterprise, "form": form, "title": "关键装置/重点部位"},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.SAFETY_MANAGER)
def add_process(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = _keeper_enterprise(request, pk)
    form = ProcessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            hazards.add_process(enterprise, actor=request.user, **form.cleaned_data)
        except NotAllowed as refusal:
            return refused(request, refusal)
        except LeadershipError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, "已登记重点监管危险化工工艺。")
            return redirect("leadership:enterprise", enterprise.pk)
    return render(
        request,
        "leadership/hazards/form.html",
        {"enterprise": enterprise, "form": form, "title": "重点监管危险化工工艺"},
        status=400 if form.errors else 200,
    )
