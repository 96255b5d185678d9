"""The routine schedule (常态化考核计划) editor.

Enterprise managers' schedules belong to their enterprise (the field is not shown and a
posted one is ignored); editors choose any enterprise. The blueprint must be one the
enterprise may use — its own or its jurisdiction's shared ones — and the check runs on the
server, so a forged id is refused with the same message as a wrong choice.
"""

from __future__ import annotations

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from accounts.models import Enterprise
from accounts.scoping import profile_of, role_of
from accounts.vocab import ENTERPRISE_MANAGER_ROLES
from assessments.bank.wagtail_admin.forms import drop_min_validators
from assessments.bank.wagtail_admin.scoped_views import limit_chooser
from assessments.exams.blueprint_scoping import visible_blueprints
from assessments.exams.schedule_scoping import is_usable_by, schedule_enterprises

BLUEPRINT_NOT_USABLE = (
    "所选考试方案不适用于该企业：请选择本企业的考试方案或所在辖区的通用考试方案。"
)
ENTERPRISE_OUT_OF_SCOPE = "所选企业不在您可以安排考核的范围内。"


class RoutineScheduleForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        self._fixed_enterprise = self._enterprise_fixed_by_role()
        if self._fixed_enterprise is not None:
            self.fields.pop("enterprise", None)
            self.instance.enterprise = self._fixed_enterprise
        elif "enterprise" in self.fields:
            field = self.fields["enterprise"]
            limit_chooser(field, schedule_enterprises(user))
            field.error_messages |= {
                "invalid_choice": ENTERPRISE_OUT_OF_SCOPE,
                "required": "请选择企业。",
            }
        if "blueprint" in self.fields:
            field = self.fields["blueprint"]
            limit_chooser(field, visible_blueprints(user))
            field.error_messages |= {
                "invalid_choice": BLUEPRINT_NOT_USABLE,
                "required": "请选择考试方案。",
            }
        if "frequency" in self.fields:
            self.fields["frequency"].error_messages["required"] = "请选择考核频次。"
        if "window_days" in self.fields:
            drop_min_validators(self.fields["window_days"])
            self.fields["window_days"].error_messages["required"] = "请填写每轮作答期限。"
        if "active" in self.fields:
            self.fields["active"].help_text = (
                "启用的计划保存后立即向符合条件的在岗人员发布本期考核（本期已发布的不重复发布），"
                "以后每期自动发布。"
            )

    def _enterprise_fixed_by_role(self) -> Enterprise | None:
        user = self.for_user
        if role_of(user) in ENTERPRISE_MANAGER_ROLES:
            return profile_of(user).enterprise
        return None

    def clean_window_days(self):
        days = self.cleaned_data.get("window_days")
        if days is not None and days < 1:
            raise forms.ValidationError("每轮作答期限至少为 1 天。")
        return days

    def clean(self):
        cleaned = super().clean()
        enterprise = self._fixed_enterprise or cleaned.get("enterprise")
        blueprint = cleaned.get("blueprint")
        if enterprise and blueprint and not is_usable_by(blueprint, enterprise):
            self.add_error("blueprint", BLUEPRINT_NOT_USABLE)
        return cleaned

    def _get_validation_exclusions(self):
        # A manager's form has no enterprise field, so Django would skip the model's
        # constraints on it (one schedule per enterprise, blueprint and frequency); the
        # instance already holds the fixed enterprise, so check them with it.
        exclude = super()._get_validation_exclusions()
        if self._fixed_enterprise is not None:
            exclude.discard("enterprise")
        return exclude

    def save(self, commit=True):
        schedule = self.instance  # a manager's enterprise was set on it in __init__
        if schedule.pk is None and self.for_user is not None:
            schedule.created_by = self.for_user
        return super().save(commit=commit)
