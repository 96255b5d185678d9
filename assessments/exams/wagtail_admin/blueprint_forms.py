"""The exam blueprint (考试方案) editor: the blueprint form and its inline draw rules.

Validation happens here, with messages that name the field or rule: no rules, a time limit
of zero, a pass mark outside 1..总分, inconsistent points (the engine's own checks), and a
rule asking for more questions than the bank holds (``selectors.blueprints``).
"""

from __future__ import annotations

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from accounts.models import Department
from accounts.scoping import own_bank
from assessments.bank.wagtail_admin.forms import TagListField, drop_min_validators
from assessments.exams.engine import Blueprint, BlueprintError
from assessments.exams.selectors.blueprints import shortage_messages, uncovered_topics_message
from assessments.exams.services.papers import draw_rule
from assessments.models import Difficulty, ExamBlueprint, QuestionType


class BlueprintRuleForm(WagtailAdminModelForm):
    """One draw rule: N questions of a type and difficulty, from some topics."""

    topics = TagListField(
        label="知识点（任一）",
        help_text="题目带有其中任一知识点即可抽取；留空表示不限。多个用“、”或逗号分隔。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "type" in self.fields:
            self.fields["type"].choices = [("", "不限题型"), *QuestionType.choices]
        if "difficulty" in self.fields:
            self.fields["difficulty"].choices = [("", "不限难度"), *Difficulty.choices]
        if "count" in self.fields:
            drop_min_validators(self.fields["count"])
            self.fields["count"].error_messages["required"] = "请填写题数。"
        if "points_each" in self.fields:
            self.fields[
                "points_each"
            ].help_text = "留空则按总分平均分配；如填写，须每条规则都填写，且合计等于总分。"

    def clean_count(self):
        count = self.cleaned_data.get("count")
        if count is not None and count < 1:
            raise forms.ValidationError("题数至少为 1。")
        return count

    def clean_points_each(self):
        points = self.cleaned_data.get("points_each")
        if points is not None and points <= 0:
            raise forms.ValidationError("每题分值须大于 0。")
        return points


class BlueprintForm(WagtailAdminModelForm):
    """Enterprise managers' blueprints belong to their enterprise and regulators' to their
    jurisdiction (the fields are not shown); editors choose. Saving checks the rules
    against the bank as it is now."""

    posts = TagListField(label="适用岗位", help_text="留空表示不限岗位。多个用“、”或逗号分隔。")
    required_topics = TagListField(
        label="必考知识点",
        help_text="每张试卷尽量各含一道带这些知识点的题。多个用“、”或逗号分隔。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._fixed_owner = self._owner_fixed_by_role()
        if self._fixed_owner is not None:
            self.fields.pop("jurisdiction", None)
            self.fields.pop("enterprise", None)
            self.instance.jurisdiction_id, self.instance.enterprise_id = self._fixed_owner
        self._limit_departments()
        for name in ("time_limit_minutes", "attempts_allowed"):
            if name in self.fields:
                drop_min_validators(self.fields[name])
        if "name" in self.fields:
            self.fields["name"].error_messages["required"] = "请填写方案名称。"
        if "time_limit_minutes" in self.fields:
            self.fields["time_limit_minutes"].error_messages["required"] = "请填写考试时长。"

    def _owner_fixed_by_role(self) -> tuple[int, int | None] | None:
        """(jurisdiction, enterprise) the user's role dictates, or None if they choose."""
        return None if self.for_user is None else own_bank(self.for_user)

    def _limit_departments(self) -> None:
        field = self.fields.get("departments")
        if field is None:
            return
        if self._fixed_owner is not None and self._fixed_owner[1] is None:
            # A jurisdiction-wide blueprint cannot name one enterprise's departments.
            self.fields.pop("departments")
            return
        departments = Department.objects.select_related("enterprise").order_by(
            "enterprise__name", "name"
        )
        if self._fixed_owner is not None:
            departments = departments.filter(enterprise_id=self._fixed_owner[1])
            field.label_from_instance = lambda department: department.name
        else:
            field.label_from_instance = lambda d: f"{d.enterprise.name} · {d.name}"
        field.queryset = departments
        field.widget = forms.CheckboxSelectMultiple(choices=field.choices)
        field.help_text = "留空表示不限部门。只适用于企业自己的方案。"

    def clean_time_limit_minutes(self):
        minutes = self.cleaned_data.get("time_limit_minutes")
        if minutes is not None and minutes <= 0:
            raise forms.ValidationError("考试时长须大于 0 分钟。")
        return minutes

    def clean_attempts_allowed(self):
        attempts = self.cleaned_data.get("attempts_allowed")
        if attempts is not None and attempts < 1:
            raise forms.ValidationError("允许作答次数至少为 1 次。")
        return attempts

    def clean(self):
        cleaned = super().clean()
        owner = self._owner(cleaned)
        self._check_owner(cleaned, owner)
        self._check_marks(cleaned)
        rules_formset = self.formsets.get("rules")
        if rules_formset is not None and rules_formset.is_valid():
            self._check_rules(cleaned, owner, rules_formset)
        return cleaned

    def _owner(self, cleaned) -> tuple[int | None, int | None]:
        if self._fixed_owner is not None:
            return self._fixed_owner
        jurisdiction, enterprise = cleaned.get("jurisdiction"), cleaned.get("enterprise")
        return (
            jurisdiction.pk if jurisdiction else None,
            enterprise.pk if enterprise else None,
        )

    def _check_owner(self, cleaned, owner) -> None:
        # An enterprise outside the jurisdiction: ``JurisdictionOwned.clean`` says so.
        if owner[1] is None and "use_shared_bank" in cleaned and not cleaned["use_shared_bank"]:
            self.add_error(
                "use_shared_bank",
                "辖区通用方案只能从辖区共享题库抽题，请勾选“使用辖区共享题库”。",
            )
        departments = list(cleaned.get("departments") or [])
        if departments and owner[1] is None:
            self.add_error(
                "departments", "辖区通用方案不能限定某个企业的部门；请按层级、专业、岗位限定。"
            )
        elif departments:
            strangers = [d.name for d in departments if d.enterprise_id != owner[1]]
            if strangers:
                self.add_error(
                    "departments", f"这些部门不属于方案所属企业：{'、'.join(strangers)}。"
                )

    def _check_marks(self, cleaned) -> None:
        total, pass_mark = cleaned.get("total_points"), cleaned.get("pass_mark")
        if total is not None and total <= 0:
            self.add_error("total_points", "总分须大于 0。")
        elif total is not None and pass_mark is not None and not 1 <= pass_mark <= total:
            self.add_error(
                "pass_mark",
                f"及格分须在 1 到总分 {total:f} 之间，当前为 {pass_mark:f}。",
            )

    def _check_rules(self, cleaned, owner, formset) -> None:
        # In paper order, without deleted rows or untouched blank ones (sort_order_field
        # makes the formset orderable).
        rule_forms = formset.ordered_forms
        if not rule_forms:
            self.add_error(None, "请至少添加一条抽题规则。")
            return
        rules = [form.instance for form in rule_forms]
        paper = self._engine_blueprint(cleaned, rules)
        if owner[0] is None:
            return  # no jurisdiction chosen: its own error already says so
        probe = ExamBlueprint(
            jurisdiction_id=owner[0],
            enterprise_id=owner[1],
            use_shared_bank=cleaned.get("use_shared_bank", True),
            levels=cleaned.get("levels") or [],
            specialties=cleaned.get("specialties") or [],
            posts=cleaned.get("posts") or [],
        )
        shortages = shortage_messages(probe, rules, paper)
        for number, message in shortages.items():
            rule_forms[number - 1].add_error("count", message)
            self.add_error(None, message)
        if paper is not None and not shortages:
            message = uncovered_topics_message(probe, paper)
            if message:
                self.add_error("required_topics", message)

    def _engine_blueprint(self, cleaned, rules) -> Blueprint | None:
        """The engine's blueprint, or None after reporting why it is inconsistent."""
        pass_mark, total = cleaned.get("pass_mark"), cleaned.get("total_points")
        if pass_mark is None or total is None or self.has_error("pass_mark") or total <= 0:
            return None
        try:
            return Blueprint(
                rules=tuple(draw_rule(rule) for rule in rules),
                required_topics=tuple(cleaned.get("required_topics") or ()),
                pass_mark=pass_mark,
                total_points=total,
            )
        except BlueprintError as exc:
            self.add_error(None, f"{exc}。")
            return None

    def save(self, commit=True):
        blueprint = self.instance
        if self._fixed_owner is not None:
            blueprint.jurisdiction_id, blueprint.enterprise_id = self._fixed_owner
        if blueprint.pk is None and self.for_user is not None:
            blueprint.created_by = self.for_user
        return super().save(commit=commit)
