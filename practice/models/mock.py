"""模拟考试: a fresh draw of a real exam's blueprint, taken as often as the person likes.

Never an ``assessments`` attempt: exams, training and oversight read attempts only, so a
mock counts for nothing and changes no status, hours or certificate. The paper is frozen
here as the real one is (question versions, option order, points), with the person's
current answer on each slot; the answers feed the 错题本 like practice answers.
"""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models

from assessments.exams.engine import MultipleScoring


class MockPaper(models.Model):
    staff = models.ForeignKey(
        "accounts.StaffProfile", on_delete=models.CASCADE, related_name="mock_papers"
    )
    # What was mocked: the assigned exam, or (none assigned) the layer's routine blueprint.
    blueprint = models.ForeignKey(
        "assessments.ExamBlueprint",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="考试方案",
    )
    assessment = models.ForeignKey(
        "assessments.Assessment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="模拟的考核",
    )
    title = models.CharField("名称", max_length=250)
    seed = models.BigIntegerField("组卷种子")
    started_at = models.DateTimeField("开始时间")
    deadline = models.DateTimeField("截止时间")
    submitted_at = models.DateTimeField("交卷时间", null=True, blank=True)
    timed_out = models.BooleanField("超时交卷", default=False)
    # Frozen from the blueprint at the start, as on a real attempt.
    time_limit_minutes = models.PositiveIntegerField("考试时长（分钟）")
    pass_mark = models.DecimalField("及格分", max_digits=6, decimal_places=2)
    total_points = models.DecimalField("总分", max_digits=6, decimal_places=2)
    multiple_scoring = models.CharField(
        "多选题计分",
        max_length=20,
        choices=MultipleScoring.choices,
        default=MultipleScoring.ALL_OR_NOTHING.value,
    )
    score = models.DecimalField("得分", max_digits=6, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField("达到及格分", null=True, blank=True)
    correct_count = models.PositiveSmallIntegerField("答对题数", default=0)

    class Meta:
        verbose_name = "模拟考试"
        verbose_name_plural = "模拟考试"
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["staff", "-started_at"], name="mock_paper_staff")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class MockSlot(models.Model):
    """One question of a mock paper: frozen version, display order, points, the answer."""

    paper = models.ForeignKey(MockPaper, on_delete=models.CASCADE, related_name="slots")
    number = models.PositiveSmallIntegerField("题号")
    question_version = models.ForeignKey(
        "assessments.QuestionVersion", on_delete=models.PROTECT, related_name="mock_slots"
    )
    option_order = ArrayField(models.CharField(max_length=10), default=list, blank=True)
    points = models.DecimalField("分值", max_digits=6, decimal_places=2)
    response = models.JSONField("作答", default=list, blank=True)
    result_state = models.CharField("判分", max_length=20, blank=True)
    points_awarded = models.DecimalField(
        "得分", max_digits=6, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = "模拟考试试题"
        verbose_name_plural = "模拟考试试题"
        ordering = ["paper", "number"]
        constraints = [
            models.UniqueConstraint(fields=["paper", "number"], name="mock_slot_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.paper_id}#{self.number}"
