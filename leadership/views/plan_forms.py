"""Forms of the action-plan pages; choices are always the plan's own enterprise's."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from accounts.models import StaffProfile
from accounts.vocab import StaffStatus
from leadership.models import (
    ActionPlan,
    ActivityKind,
    KeyPlace,
    MajorHazardSource,
    Period,
    PlanItem,
    StepKind,
)

PROBLEM_SLOTS = 3


def place_choices(enterprise_id: int) -> list[tuple[str, str]]:
    """One select for a place: ``h<pk>`` a hazard source, ``k<pk>`` a key device/area."""
    choices = [("", "—（不指定）")]
    choices += [
        (f"h{s.pk}", f"重大危险源：{s.name}")
        for s in MajorHazardSource.objects.filter(enterprise_id=enterprise_id)
    ]
    choices += [
        (f"k{p.pk}", f"{p.get_kind_display()}：{p.name}")
        for p in KeyPlace.objects.filter(enterprise_id=enterprise_id)
    ]
    return choices


def resolve_place(value: str, enterprise_id: int) -> dict:
    """{"hazard_source": …} or {"key_place": …} (or neither) from a place choice."""
    if value.startswith("h"):
        return {
            "hazard_source": MajorHazardSource.objects.get(
                enterprise_id=enterprise_id, pk=value[1:]
            )
        }
    if value.startswith("k"):
        return {"key_place": KeyPlace.objects.get(enterprise_id=enterprise_id, pk=value[1:])}
    return {}


class PlanItemForm(forms.Form):
    kind = forms.ChoiceField(label="活动", choices=ActivityKind.choices)
    place = forms.ChoiceField(label="地点", required=False)
    period = forms.ChoiceField(label="频次", choices=Period.choices)
    times = forms.IntegerField(label="次数", min_value=1, max_value=31, initial=2)

    def __init__(self, *args, plan: ActionPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = place_choices(plan.enterprise_id)
        self.plan = plan

    def chosen_place(self) -> dict:
        return resolve_place(self.cleaned_data["place"], self.plan.enterprise_id)


class ActivityForm(forms.Form):
    item = forms.ModelChoiceField(
        label="对应计划事项",
        queryset=PlanItem.objects.none(),
        required=False,
        empty_label="计划外活动",
    )
    kind = forms.ChoiceField(
        label="活动（计划外时填写）", choices=ActivityKind.choices, required=False
    )
    occurred_at = forms.DateTimeField(
        label="时间",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    place = forms.ChoiceField(label="地点", required=False)
    place_text = forms.CharField(label="其他地点", max_length=100, required=False)
    checked = forms.CharField(label="检查内容", widget=forms.Textarea(attrs={"rows": 3}))
    # Photos come as a multiple file input read with request.FILES.getlist("photos").

    def __init__(self, *args, plan: ActionPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["item"].queryset = plan.items.select_related("hazard_source", "key_place")
        self.fields["item"].label_from_instance = lambda item: " · ".join(
            part
            for part in (item.get_kind_display(), item.place_label, item.frequency_label)
            if part
        )
        self.fields["place"].choices = place_choices(plan.enterprise_id)
        if not self.is_bound:
            self.initial["occurred_at"] = timezone.localtime().strftime("%Y-%m-%dT%H:%M")

    def clean(self):
        data = super().clean()
        if not data.get("item") and not data.get("kind"):
            self.add_error("kind", "计划外活动请选择活动类别。")
        return data

    def chosen_place(self) -> dict:
        return resolve_place(self.cleaned_data.get("place") or "", self.plan.enterprise_id)


class ProblemForm(forms.Form):
    description = forms.CharField(
        label="发现的问题", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    action = forms.CharField(
        label="整改措施", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    owner = forms.ModelChoiceField(
        label="整改责任人", queryset=StaffProfile.objects.none(), required=False
    )
    deadline = forms.DateField(
        label="整改期限", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, enterprise_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = (
            StaffProfile.objects.select_related("user")
            .filter(enterprise_id=enterprise_id)
            .exclude(status=StaffStatus.LEFT)
        )

    @property
    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not any(data.get(name) for name in ("description", "action", "owner", "deadline"))

    def clean(self):
        data = super().clean()
        if self.is_blank:
            return data
        for name in ("description", "action", "owner", "deadline"):
            if not data.get(name):
                self.add_error(name, f"请填写{self.fields[name].label}。")
        return data


def problem_forms(data, enterprise_id: int) -> list[ProblemForm]:
    return [
        ProblemForm(data, prefix=f"p{n}", enterprise_id=enterprise_id)
        for n in range(1, PROBLEM_SLOTS + 1)
    ]


class StepForm(forms.Form):
    note = forms.CharField(label="说明", widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.FileField(label="整改证据（照片或 PDF）", required=False)
    password = forms.CharField(
        label="请输入登录密码以签名",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, kind: StepKind, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind == StepKind.CLOSED:
            self.fields["note"].label = "整改情况及证据说明"
            self.fields["evidence"].required = True
        else:
            del self.fields["evidence"]
            self.fields["note"].label = "确认意见" if kind == StepKind.CONFIRMED else "退回原因"
