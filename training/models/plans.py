"""The enterprise's annual training plan (年度安全培训计划): revisions and their lines.

A plan is drafted by the safety manager and approved by the principal with a signature.
Once approved it never changes: a change is a new revision (a copy, drafted and approved
again) that supersedes it. Every revision is kept. Writes go through ``training.plans``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from accounts.vocab import Level, Specialty
from training.rules.hours import TrainingKind, format_hours

FROZEN = "已审批或已被替代的培训计划不能修改；请发起修订，修订稿须重新审批。"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    APPROVED = "approved", "已审批"
    SUPERSEDED = "superseded", "已被修订替代"


class TrainingPlan(models.Model):
    """One revision of an enterprise's plan for a year."""

    enterprise = models.ForeignKey(
        "accounts.Enterprise",
        on_delete=models.PROTECT,
        related_name="training_plans",
        verbose_name="企业",
    )
    year = models.PositiveSmallIntegerField("年度")
    revision = models.PositiveSmallIntegerField("修订版次", default=1)
    status = models.CharField(
        "状态", max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    revises = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="revisions",
        verbose_name="修订自",
    )
    change_reason = models.TextField("修订原因", blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="编制人",
    )
    created_at = models.DateTimeField("编制时间", auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="审批人",
    )
    approved_at = models.DateTimeField("审批时间", null=True, blank=True)
    approved_hash = models.CharField("审批时内容摘要", max_length=64, blank=True)

    class Meta:
        verbose_name = "年度安全培训计划"
        verbose_name_plural = "年度安全培训计划"
        ordering = ["enterprise", "-year", "-revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "year", "revision"], name="plan_revision_unique"
            ),
            # At most one draft and one approved revision per enterprise and year.
            models.UniqueConstraint(
                fields=["enterprise", "year"],
                condition=models.Q(status="draft"),
                name="plan_one_draft_per_year",
                violation_error_message="该年度已有一份待审批的计划草稿。",
            ),
            models.UniqueConstraint(
                fields=["enterprise", "year"],
                condition=models.Q(status="approved"),
                name="plan_one_approved_per_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}（第{self.revision}版）"

    @property
    def title(self) -> str:
        return f"{self.year}年度安全培训计划"

    @property
    def is_draft(self) -> bool:
        return self.status == PlanStatus.DRAFT


class PlanLine(models.Model):
    """One course of the plan for one audience: level, and optionally specialty and post.

    ``hours`` are per attendee (what each person of the audience receives).
    """

    plan = models.ForeignKey(
        TrainingPlan, on_delete=models.CASCADE, related_name="lines", verbose_name="计划"
    )
    position = models.PositiveSmallIntegerField("序号", default=0)
    level = models.CharField("人员层级", max_length=20, choices=Level.choices)
    specialty = models.CharField(
        "专业", max_length=20, choices=Specialty.choices, blank=True, help_text="留空为全部专业"
    )
    post = models.CharField("岗位", max_length=50, blank=True, help_text="留空为全部岗位")
    kind = models.CharField("培训类别", max_length=30, choices=TrainingKind.choices())
    course = models.CharField("课程", max_length=200)
    content = models.TextField("培训内容", blank=True)
    pages = models.ManyToManyField(
        "wagtailcore.Page", blank=True, related_name="+", verbose_name="知识库资料"
    )
    hours = models.DecimalField(
        "计划学时",
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(0.5)],
    )
    month = models.PositiveSmallIntegerField(
        "计划月份", validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    trainer = models.CharField("授课人/机构", max_length=100)
    audience = models.CharField("培训对象", max_length=200)

    class Meta:
        verbose_name = "培训计划条目"
        verbose_name_plural = "培训计划条目"
        ordering = ["plan", "month", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(month__gte=1, month__lte=12), name="plan_line_month_1_12"
            ),
            models.CheckConstraint(condition=models.Q(hours__gt=0), name="plan_line_hours_gt_0"),
        ]

    def __str__(self) -> str:
        return f"{self.month}月 {self.course}（{format_hours(self.hours)} 学时）"

    def save(self, *args, **kwargs):
        # A guard below the services: an approved plan's lines never change.
        if not TrainingPlan.objects.filter(pk=self.plan_id, status=PlanStatus.DRAFT).exists():
            raise ValueError(FROZEN)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if not TrainingPlan.objects.filter(pk=self.plan_id, status=PlanStatus.DRAFT).exists():
            raise ValueError(FROZEN)
        return super().delete(*args, **kwargs)

    @property
    def kind_label(self) -> str:
        return TrainingKind(self.kind).label

    @property
    def audience_key(self) -> str:
        """层级 · 专业 · 岗位 as the plan table shows it."""
        parts = [self.get_level_display()]
        parts.append(self.get_specialty_display() if self.specialty else "全部专业")
        parts.append(self.post or "全部岗位")
        return " · ".join(parts)
