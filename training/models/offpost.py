"""Off-post training (脱产培训) after a failed assessment: its hours, re-test and sign-back."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models

from accounts.vocab import EnterpriseType


class TrainingHoursRule(models.Model):
    """Required new-hire training hours per enterprise type (editable by the bureau)."""

    enterprise_type = models.CharField(
        "企业类型", max_length=40, choices=EnterpriseType.choices, unique=True
    )
    required_hours = models.DecimalField("规定学时", max_digits=6, decimal_places=1)
    basis = models.CharField("依据", max_length=200, blank=True)

    class Meta:
        verbose_name = "培训学时标准"
        verbose_name_plural = "培训学时标准"

    def __str__(self) -> str:
        return f"{self.get_enterprise_type_display()}：{self.required_hours} 学时"


class ProgrammeStatus(models.TextChoices):
    IN_TRAINING = "in_training", "脱产培训中"
    RETEST_UNLOCKED = "retest_unlocked", "学时已满，待复岗考核"
    RETEST_PASSED = "retest_passed", "复岗考核合格，待签字复岗"
    RETURNED = "returned", "已复岗"


class TrainingProgramme(models.Model):
    staff = models.ForeignKey(
        "accounts.StaffProfile", on_delete=models.CASCADE, related_name="training_programmes"
    )
    status = models.CharField(
        "状态", max_length=30, choices=ProgrammeStatus.choices, default=ProgrammeStatus.IN_TRAINING
    )
    required_hours = models.DecimalField("规定学时", max_digits=6, decimal_places=1)
    failed_attempt = models.ForeignKey(
        "assessments.Attempt",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="未通过的考核",
    )
    absence = models.ForeignKey(
        "assessments.Absence",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="programmes",
        verbose_name="缺考",
    )
    retest = models.ForeignKey(
        "assessments.Assessment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="复岗考核",
    )
    started_at = models.DateTimeField("开始时间")
    returned_at = models.DateTimeField("复岗时间", null=True, blank=True)
    signed_back_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="签字人",
    )
    sign_back_remark = models.TextField("复岗意见", blank=True)

    class Meta:
        verbose_name = "脱产培训"
        verbose_name_plural = "脱产培训"
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["staff"],
                condition=~models.Q(status="returned"),
                name="one_open_programme_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.staff} · {self.get_status_display()}"

    @property
    def hours_done(self) -> Decimal:
        """Hours done: the programme's 脱产培训 entries in the ledger that count."""
        from training.models.ledger import HoursEntry, counted_entries

        total = counted_entries(HoursEntry.objects.filter(session__programme=self)).aggregate(
            total=models.Sum("hours")
        )["total"]
        return total or Decimal(0)


class TrainingRecord(models.Model):
    programme = models.ForeignKey(
        TrainingProgramme, on_delete=models.CASCADE, related_name="records"
    )
    date = models.DateField("培训日期")
    content = models.CharField("培训内容", max_length=300)
    hours = models.DecimalField("学时", max_digits=5, decimal_places=1)
    trainer = models.CharField("授课人", max_length=100)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "培训记录"
        verbose_name_plural = "培训记录"
        ordering = ["programme", "date", "pk"]

    def __str__(self) -> str:
        return f"{self.date} {self.content}（{self.hours}）"
