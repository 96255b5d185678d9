"""GET filter forms for the staff table and the jurisdiction's enterprise list.

Choices come from the enterprise being viewed, so a department or post of another
enterprise is simply an invalid choice and filters nothing.
"""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet

from accounts.models import Department, Enterprise, StaffProfile
from accounts.vocab import EnterpriseType, Level, Specialty, StaffStatus, StandardizationGrade

ANY = [("", "全部")]


class StaffFilterForm(forms.Form):
    level = forms.ChoiceField(label="层级", required=False, choices=ANY + Level.choices)
    specialty = forms.ChoiceField(label="专业", required=False, choices=ANY + Specialty.choices)
    post = forms.ChoiceField(label="岗位", required=False)
    department = forms.ModelChoiceField(
        label="部门", required=False, queryset=Department.objects.none(), empty_label="全部"
    )
    status = forms.ChoiceField(label="状态", required=False, choices=ANY + StaffStatus.choices)

    def __init__(self, data, *, enterprise: Enterprise, staff: QuerySet[StaffProfile]):
        super().__init__(data)
        self.fields["department"].queryset = enterprise.departments.order_by("name")
        posts = (
            staff.filter(enterprise=enterprise)
            .exclude(post="")
            .order_by("post")
            .values_list("post", flat=True)
            .distinct()
        )
        self.fields["post"].choices = ANY + [(post, post) for post in posts]

    def filter(self, staff: QuerySet[StaffProfile]) -> QuerySet[StaffProfile]:
        """Apply every valid, non-empty filter; invalid ones are ignored, not errors."""
        self.is_valid()
        wanted = {
            name: value
            for name, value in self.cleaned_data.items()
            if value not in (None, "") and name not in self.errors
        }
        return staff.filter(**wanted)


class EnterpriseFilterForm(forms.Form):
    enterprise_type = forms.ChoiceField(
        label="企业类型", required=False, choices=ANY + EnterpriseType.choices
    )
    major_hazard = forms.ChoiceField(
        label="重大危险源", required=False, choices=[*ANY, ("yes", "有"), ("no", "无")]
    )
    standardization_grade = forms.ChoiceField(
        label="标准化等级", required=False, choices=ANY + StandardizationGrade.choices
    )

    def filter(self, enterprises: QuerySet[Enterprise]) -> QuerySet[Enterprise]:
        self.is_valid()
        data = {k: v for k, v in self.cleaned_data.items() if v and k not in self.errors}
        if "major_hazard" in data:
            data["major_hazard"] = data["major_hazard"] == "yes"
        return enterprises.filter(**data)
