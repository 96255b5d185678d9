"""A person's practice: one card per question (FSRS state, the book, 收藏), the append-only
log of answers, which exams have given their mistakes to the book, and each enterprise's
settings. Nothing here is a graded attempt: practice changes no status, hours or
certificate."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from practice.scheduling import DEFAULT_DAILY_COUNT


class PracticeCard(models.Model):
    """One person's history with one question. ``state`` is FSRS's ``Card.to_dict()``."""

    staff = models.ForeignKey(
        "accounts.StaffProfile", on_delete=models.CASCADE, related_name="practice_cards"
    )
    question = models.ForeignKey(
        "assessments.Question", on_delete=models.CASCADE, related_name="practice_cards"
    )
    state = models.JSONField("记忆状态", default=dict, blank=True)
    due = models.DateTimeField("下次复习", db_index=True)
    stability = models.FloatField("记忆稳定度（天）", null=True, blank=True)
    in_book = models.BooleanField("在错题本中", default=False)
    right_days = ArrayField(
        models.DateField(), verbose_name="入本后答对的日期", default=list, blank=True
    )
    favourite = models.BooleanField("收藏", default=False)
    seen_count = models.PositiveIntegerField("作答次数", default=0)
    right_count = models.PositiveIntegerField("答对次数", default=0)
    wrong_count = models.PositiveIntegerField("答错次数", default=0)
    last_answered_at = models.DateTimeField("最近作答", null=True, blank=True)

    class Meta:
        verbose_name = "练习卡片"
        verbose_name_plural = "练习卡片"
        constraints = [
            models.UniqueConstraint(fields=["staff", "question"], name="practice_card_once")
        ]
        indexes = [models.Index(fields=["staff", "due"], name="practice_card_due")]

    def __str__(self) -> str:
        return f"{self.staff_id}/{self.question_id}"


class AnswerSource(models.TextChoices):
    PRACTICE = "practice", "练习"
    EXAM = "exam", "考试错题"
    MOCK = "mock", "模拟考试"


class PracticeAnswer(models.Model):
    """One answer, never changed. ``client_id`` is made by the browser (a UUID), so an
    answer queued offline and sent twice is recorded once."""

    client_id = models.UUIDField("客户端编号", unique=True)
    staff = models.ForeignKey(
        "accounts.StaffProfile", on_delete=models.CASCADE, related_name="practice_answers"
    )
    question = models.ForeignKey(
        "assessments.Question", on_delete=models.CASCADE, related_name="practice_answers"
    )
    question_version = models.ForeignKey(
        "assessments.QuestionVersion", on_delete=models.PROTECT, related_name="practice_answers"
    )
    response = models.JSONField("作答", default=list)
    correct = models.BooleanField("答对")
    source = models.CharField(
        "来源", max_length=20, choices=AnswerSource.choices, default=AnswerSource.PRACTICE
    )
    answered_at = models.DateTimeField("作答时间")
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "练习作答"
        verbose_name_plural = "练习作答"
        indexes = [models.Index(fields=["staff", "answered_at"], name="practice_answer_day")]

    def __str__(self) -> str:
        return f"{self.staff_id}/{self.question_id} {'对' if self.correct else '错'}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ValidationError("练习作答记录只能新增，不能修改。")
        super().save(*args, **kwargs)


class ExamHarvest(models.Model):
    """An exam attempt whose wrong answers have gone to the book (once its review was
    visible), so the tick does each attempt once."""

    attempt = models.OneToOneField(
        "assessments.Attempt", on_delete=models.CASCADE, related_name="practice_harvest"
    )
    mistakes = models.PositiveSmallIntegerField("错题数", default=0)
    harvested_at = models.DateTimeField("加入错题本时间", auto_now_add=True)

    class Meta:
        verbose_name = "考试错题收录"
        verbose_name_plural = "考试错题收录"

    def __str__(self) -> str:
        return f"{self.attempt_id}：{self.mistakes} 题"


class PracticeSettings(models.Model):
    """An enterprise's choices for practice; an enterprise without a row gets the defaults."""

    enterprise = models.OneToOneField(
        "accounts.Enterprise", on_delete=models.CASCADE, related_name="practice_settings"
    )
    daily_count = models.PositiveSmallIntegerField(
        "每日一练题数",
        default=DEFAULT_DAILY_COUNT,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    # A 班组 ranking is a motivation, not a record: never used for compliance decisions.
    leaderboard_enabled = models.BooleanField("启用班组排行榜", default=False)

    class Meta:
        verbose_name = "练习设置"
        verbose_name_plural = "练习设置"

    def __str__(self) -> str:
        return f"{self.enterprise}：每日 {self.daily_count} 题"
