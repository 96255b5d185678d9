"""Personal action plans (个人安全行动计划), the site visits that carry them out and the
problems those visits find, tracked until closed and confirmed."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from leadership.models.hazards import KeyPlace, MajorHazardSource


class ActivityKind(models.TextChoices):
    SITE_CHECK = "site_check", "深入现场检查"
    TEAM_ACTIVITY = "team_activity", "参加班组安全活动"
    SAFETY_LESSON = "safety_lesson", "讲授安全课"
    DRILL = "drill", "参加或组织应急演练"
    PROBLEM_MEETING = "problem_meeting", "研究解决安全问题的会议"
    GUARANTOR_CHECK = "guarantor_check", "包保责任人履职检查"


class Period(models.TextChoices):
    MONTH = "month", "每月"
    QUARTER = "quarter", "每季度"
    YEAR = "year", "每年"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "编制中"
    SUBMITTED = "submitted", "待主要负责人审批"
    APPROVED = "approved", "已审批"


class ActionPlan(models.Model):
    staff = models.ForeignKey(
        "accounts.StaffProfile",
        on_delete=models.PROTECT,
        related_name="action_plans",
        verbose_name="领导",
    )
    enterprise = models.ForeignKey(
        "accounts.Enterprise",
        on_delete=models.PROTECT,
        related_name="action_plans",
        verbose_name="企业",
    )
    year = models.PositiveSmallIntegerField("年度")
    status = models.CharField(
        "状态", max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="审批人",
    )
    approved_at = models.DateTimeField("审批时间", null=True, blank=True)

    class Meta:
        verbose_name = "个人安全行动计划"
        verbose_name_plural = "个人安全行动计划"
        ordering = ["enterprise", "-year", "staff"]
        constraints = [
            models.UniqueConstraint(
                fields=["staff", "year"],
                name="action_plan_once_a_year",
                violation_error_message="此人该年度已有行动计划。",
            )
        ]

    def __str__(self) -> str:
        return f"{self.staff} {self.year}年度个人安全行动计划"

    def signed_content(self) -> dict:
        return {
            "plan": self.pk,
            "leader": self.staff.display_name,
            "year": self.year,
            "items": [
                {
                    "kind": item.get_kind_display(),
                    "place": item.place_label,
                    "times": item.times,
                    "period": item.get_period_display(),
                }
                for item in self.items.all()
            ],
        }


ONE_PLACE_MESSAGE = "地点只能选一个：重大危险源或关键装置/重点部位。"
#: At most one of the two places: a database constraint on plan items; every write of
#: either goes through ``AtPlace.place_refusal`` (the services), which says it in Chinese.
ONE_PLACE = ~models.Q(hazard_source__isnull=False, key_place__isnull=False)


class AtPlace(models.Model):
    """Where a plan item or a site activity happens: one of the enterprise's major hazard
    sources or key places, or neither (a lesson, a meeting)."""

    hazard_source = models.ForeignKey(
        MajorHazardSource,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="重大危险源",
    )
    key_place = models.ForeignKey(
        KeyPlace,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="关键装置/重点部位",
    )

    class Meta:
        abstract = True

    @property
    def place(self) -> MajorHazardSource | KeyPlace | None:
        return self.hazard_source or self.key_place

    @property
    def place_label(self) -> str:
        return self.place.name if self.place else ""

    @staticmethod
    def place_refusal(
        enterprise_id: int, hazard_source: MajorHazardSource | None, key_place: KeyPlace | None
    ) -> str | None:
        """Why these places cannot be given for the enterprise's plan; None when they can."""
        if hazard_source is not None and key_place is not None:
            return ONE_PLACE_MESSAGE
        place = hazard_source or key_place
        if place is not None and place.enterprise_id != enterprise_id:
            return f"“{place.name}”不属于本企业。"
        return None


class PlanItem(AtPlace):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField("活动", max_length=30, choices=ActivityKind.choices)
    times = models.PositiveSmallIntegerField("次数")
    period = models.CharField("频次", max_length=10, choices=Period.choices, default=Period.MONTH)

    class Meta:
        verbose_name = "计划事项"
        verbose_name_plural = "计划事项"
        ordering = ["plan", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=ONE_PLACE,
                name="plan_item_one_place",
                violation_error_message=ONE_PLACE_MESSAGE,
            ),
            models.CheckConstraint(condition=models.Q(times__gte=1), name="plan_item_times"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.frequency_label}"

    @property
    def frequency_label(self) -> str:
        return f"{self.get_period_display()}{self.times}次"


class SiteActivity(AtPlace):
    """One activity a leader carried out (a site visit, a lesson, a drill …), recorded on
    the phone. Append-only: a wrong record is corrected by a new one saying why."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.PROTECT, related_name="activities")
    item = models.ForeignKey(
        PlanItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name="计划事项",
    )
    kind = models.CharField("活动", max_length=30, choices=ActivityKind.choices)
    occurred_at = models.DateTimeField("时间")
    place_text = models.CharField("其他地点", max_length=100, blank=True)
    checked = models.TextField("检查内容")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = "履职活动"
        verbose_name_plural = "履职活动"
        ordering = ["-occurred_at", "-pk"]
        indexes = [models.Index(fields=["plan", "occurred_at"], name="activity_plan_time")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_at:%Y-%m-%d}"

    @property
    def place_label(self) -> str:
        return self.place.name if self.place else self.place_text


class ActivityPhoto(models.Model):
    activity = models.ForeignKey(SiteActivity, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField("照片", upload_to="leadership/activities/%Y/%m/", max_length=200)

    class Meta:
        verbose_name = "现场照片"
        verbose_name_plural = "现场照片"

    def __str__(self) -> str:
        return self.image.name


class ProblemStatus(models.TextChoices):
    OPEN = "open", "待整改"
    CLOSED = "closed", "已整改，待检查人确认"
    CONFIRMED = "confirmed", "已确认销号"


class Problem(models.Model):
    """A problem a leader found; its status moves only through ``ProblemStep`` rows."""

    activity = models.ForeignKey(SiteActivity, on_delete=models.PROTECT, related_name="problems")
    enterprise = models.ForeignKey(
        "accounts.Enterprise", on_delete=models.PROTECT, related_name="+", verbose_name="企业"
    )
    found_by = models.ForeignKey(
        "accounts.StaffProfile",
        on_delete=models.PROTECT,
        related_name="problems_found",
        verbose_name="检查人",
    )
    description = models.TextField("问题")
    action = models.TextField("整改措施")
    owner = models.ForeignKey(
        "accounts.StaffProfile",
        on_delete=models.PROTECT,
        related_name="problems_owned",
        verbose_name="整改责任人",
    )
    deadline = models.DateField("整改期限")
    status = models.CharField(
        "状态", max_length=20, choices=ProblemStatus.choices, default=ProblemStatus.OPEN
    )
    closed_at = models.DateTimeField("整改完成时间", null=True, blank=True)
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)

    class Meta:
        verbose_name = "发现问题"
        verbose_name_plural = "发现问题"
        ordering = ["deadline", "pk"]
        indexes = [
            models.Index(fields=["enterprise", "status"], name="problem_ent_status"),
            models.Index(fields=["owner", "status"], name="problem_owner_status"),
        ]

    def __str__(self) -> str:
        return self.description[:40]


class StepKind(models.TextChoices):
    CLOSED = "closed", "整改完成"
    CONFIRMED = "confirmed", "确认销号"
    RETURNED = "returned", "退回重新整改"


class ProblemStep(models.Model):
    """One signed step of a problem's life; append-only. The signature sits on the step,
    so an owner whose closing was returned can sign the next closing."""

    problem = models.ForeignKey(Problem, on_delete=models.PROTECT, related_name="steps")
    kind = models.CharField("步骤", max_length=20, choices=StepKind.choices)
    by = models.ForeignKey(
        "accounts.StaffProfile", on_delete=models.PROTECT, related_name="+", verbose_name="签名人"
    )
    at = models.DateTimeField("时间")
    note = models.TextField("说明")
    evidence = models.FileField(
        "整改证据", upload_to="leadership/evidence/%Y/%m/", blank=True, max_length=200
    )
    evidence_hash = models.CharField("证据摘要（SHA-256）", max_length=64, blank=True)

    class Meta:
        verbose_name = "整改步骤"
        verbose_name_plural = "整改步骤"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("整改记录只能追加，不能修改。")
        super().save(*args, **kwargs)

    def signed_content(self) -> dict:
        problem = self.problem
        return {
            "problem": problem.pk,
            "description": problem.description,
            "action": problem.action,
            "owner": problem.owner.display_name,
            "deadline": problem.deadline,
            "step": self.kind,
            "note": self.note,
            "evidence_hash": self.evidence_hash,
        }
