"""Forms of the plan pages. They only check input; ``training.plans`` enforces the rules."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone
from wagtail.models import Page

from accounts.vocab import Level, Specialty
from training.models import PlanLine, TrainingPlan
from training.plans import LineFields
from training.rules.hours import TrainingKind


def knowledge_pages():
    """Live knowledge-base pages (regulations, provisions' pages, articles), not the root
    or the home page."""
    return Page.objects.live().filter(depth__gte=3).order_by("title")


class PlanCreateForm(forms.Form):
    year = forms.IntegerField(
        label="年度", min_value=2000, max_value=2100, initial=lambda: timezone.localdate().year + 1
    )
    copy_from = forms.ModelChoiceField(
        label="复制以往计划",
        queryset=TrainingPlan.objects.none(),
        required=False,
        empty_label="不复制，从空白开始",
        help_text="复制后可逐条修改",
    )

    def __init__(self, *args, plans=None, **kwargs):
        super().__init__(*args, **kwargs)
        if plans is not None:
            self.fields["copy_from"].queryset = plans


class PlanLineForm(forms.ModelForm):
    level = forms.ChoiceField(label="人员层级", choices=Level.choices)
    specialty = forms.ChoiceField(
        label="专业", choices=[("", "全部专业"), *Specialty.choices], required=False
    )
    kind = forms.ChoiceField(label="培训类别", choices=TrainingKind.choices())
    hours = forms.DecimalField(
        label="计划学时（每人）",
        min_value=Decimal("0.5"),
        max_value=Decimal(200),
        max_digits=5,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
    )
    month = forms.TypedChoiceField(
        label="计划月份", coerce=int, choices=[(m, f"{m}月") for m in range(1, 13)]
    )
    pages = forms.ModelMultipleChoiceField(
        label="知识库资料",
        queryset=Page.objects.none(),
        required=False,
        help_text="可多选：培训所用的法规、条款或安全文化文章",
    )

    class Meta:
        model = PlanLine
        fields = [
            "level",
            "specialty",
            "post",
            "kind",
            "course",
            "content",
            "pages",
            "hours",
            "month",
            "trainer",
            "audience",
        ]
        widgets = {"content": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pages"].queryset = knowledge_pages()
        for field in self.fields.values():
            # Name the field: the form is long and a bare "必需字段" says not which one.
            field.error_messages["required"] = f"请填写{field.label}。"

    def line_fields(self) -> LineFields:
        data = self.cleaned_data
        return LineFields(
            level=data["level"],
            specialty=data["specialty"],
            post=data["post"].strip(),
            kind=data["kind"],
            course=data["course"].strip(),
            content=data["content"].strip(),
            page_ids=[page.pk for page in data["pages"]],
            hours=data["hours"],
            month=data["month"],
            trainer=data["trainer"].strip(),
            audience=data["audience"].strip(),
        )


class RevisionForm(forms.Form):
    reason = forms.CharField(
        label="修订原因",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "如：新增检修季专项培训"}),
    )
