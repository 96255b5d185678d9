"""Forms of the training pages. They only check input; the services enforce the rules."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone


class TrainingRecordForm(forms.Form):
    date = forms.DateField(
        label="培训日期",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=timezone.localdate,
    )
    content = forms.CharField(label="培训内容", max_length=300)
    hours = forms.DecimalField(
        label="学时",
        min_value=Decimal("0.5"),
        max_value=Decimal(24),
        max_digits=4,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
    )
    trainer = forms.CharField(label="授课人", max_length=100)

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError("培训日期不能晚于今天。")
        return day


class SignBackForm(forms.Form):
    remark = forms.CharField(
        label="复岗意见",
        max_length=1000,
        widget=forms.Textarea(
            attrs={"rows": 3, "placeholder": "如：培训学时已满，复岗考核合格，同意复岗。"}
        ),
    )
