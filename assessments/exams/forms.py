"""Forms of the exam pages. They only check input; the services enforce the rules."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone

from assessments.models import ExamBlueprint


class SurpriseForm(forms.Form):
    """准备抽考: which blueprint, how many people (a count or a percentage) and how long."""

    title = forms.CharField(label="抽考名称", max_length=200)
    blueprint = forms.ModelChoiceField(
        label="考试方案", queryset=ExamBlueprint.objects.none(), empty_label=None
    )
    count = forms.IntegerField(label="抽取人数", min_value=1, required=False)
    percent = forms.DecimalField(
        label="或抽取比例（%）",
        min_value=Decimal("0.01"),
        max_value=Decimal(100),
        max_digits=5,
        decimal_places=2,
        required=False,
    )
    window_minutes = forms.IntegerField(
        label="作答窗口（分钟）",
        min_value=5,
        max_value=24 * 60,
        initial=30,
        help_text="从发起时起算，过时未交卷的答卷自动交卷。",
    )
    absence_counts_as_fail = forms.BooleanField(
        label="缺考按不合格处理",
        required=False,
        initial=True,
        help_text="窗口关闭时被抽中但未参加的人员记为缺考；勾选则与不合格一样转脱产培训，"
        "不勾选则只标记缺考。管理人员可注明原因（病假、出差等）核准缺考。",
    )

    def __init__(self, *args, blueprints, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["blueprint"].queryset = blueprints
        if not self.is_bound:
            self.initial.setdefault("title", f"不定期抽考 · {timezone.localdate():%Y年%m月%d日}")

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("count") is None) == (cleaned.get("percent") is None) and not (
            self.errors.get("count") or self.errors.get("percent")
        ):
            raise forms.ValidationError("请填写抽取人数或抽取比例（二选一）。")
        return cleaned


class ExcuseAbsenceForm(forms.Form):
    reason = forms.CharField(
        label="核准原因",
        max_length=500,
        widget=forms.TextInput(attrs={"placeholder": "如：病假（附假条）、出差"}),
    )


class LaunchForm(forms.Form):
    reason = forms.CharField(
        label="发起原因",
        max_length=1000,
        widget=forms.Textarea(
            attrs={"rows": 3, "placeholder": "如：近期发生同类事故，检验岗位应急处置知识。"}
        ),
    )
