"""Exams: blueprints (组卷方案), assessments (a routine or surprise sitting for an enterprise),
assignments, attempts with frozen slots, and append-only answer steps."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from accounts.models import JurisdictionOwned, owner_enterprise, owner_jurisdiction
from assessments.bank.models import Difficulty, QuestionType
from assessments.exams.engine.types import AttemptState, MultipleScoring
from safetykb.fields import level_tags, post_tags, specialty_tags


class ReviewPolicy(models.TextChoices):
    SCORE_ONLY = "score_only", "只显示成绩"
    AFTER_SUBMIT = "after_submit", "交卷后显示答案与解析"
    AFTER_CLOSE = "after_close", "考核截止后显示答案与解析"


class ExamBlueprint(ClusterableModel, JurisdictionOwned):
    """Who an exam is for and how its paper is drawn.

    Clusterable so the admin edits its rules inline; papers already drawn never read the
    rules again (their questions are frozen in ``AttemptSlot`` rows)."""

    name = models.CharField("方案名称", max_length=200)
    jurisdiction = owner_jurisdiction()
    enterprise = owner_enterprise("企业", help_text="留空表示辖区通用方案（监管部门制定）。")
    levels = level_tags()
    specialties = specialty_tags()
    posts = post_tags()
    departments = models.ManyToManyField(
        "accounts.Department", blank=True, verbose_name="适用部门/班组"
    )
    required_topics = ArrayField(
        models.CharField(max_length=60), verbose_name="必考知识点", default=list, blank=True
    )
    time_limit_minutes = models.PositiveIntegerField(
        "考试时长（分钟）", default=60, validators=[MinValueValidator(1)]
    )
    pass_mark = models.DecimalField("及格分", max_digits=6, decimal_places=2, default=Decimal(80))
    total_points = models.DecimalField("总分", max_digits=6, decimal_places=2, default=Decimal(100))
    attempts_allowed = models.PositiveSmallIntegerField(
        "允许作答次数", default=1, validators=[MinValueValidator(1)]
    )
    shuffle_questions = models.BooleanField("打乱题目顺序", default=True)
    shuffle_options = models.BooleanField("打乱选项顺序", default=True)
    multiple_scoring = models.CharField(
        "多选题计分",
        max_length=20,
        choices=MultipleScoring.choices,
        default=MultipleScoring.ALL_OR_NOTHING.value,
    )
    # After the round closes by default: answers shown on submit reach colleagues still
    # sitting the same round.
    review_policy = models.CharField(
        "成绩页显示", max_length=20, choices=ReviewPolicy.choices, default=ReviewPolicy.AFTER_CLOSE
    )
    use_shared_bank = models.BooleanField("使用辖区共享题库", default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "考试方案"
        verbose_name_plural = "考试方案"

    def __str__(self) -> str:
        return self.name


class BlueprintRule(models.Model):
    blueprint = ParentalKey(ExamBlueprint, on_delete=models.CASCADE, related_name="rules")
    sort_order = models.PositiveSmallIntegerField("顺序", default=0)
    sort_order_field = "sort_order"  # the admin's inline editor keeps rules in paper order
    count = models.PositiveSmallIntegerField("题数", validators=[MinValueValidator(1)])
    type = models.CharField("题型", max_length=20, choices=QuestionType.choices, blank=True)
    difficulty = models.CharField("难度", max_length=10, choices=Difficulty.choices, blank=True)
    topics = ArrayField(
        models.CharField(max_length=60), verbose_name="知识点（任一）", default=list, blank=True
    )
    points_each = models.DecimalField(
        "每题分值", max_digits=6, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = "抽题规则"
        verbose_name_plural = "抽题规则"
        ordering = ["blueprint", "sort_order", "pk"]

    def __str__(self) -> str:
        return f"{self.count} × {self.get_type_display() or '不限题型'}"


class AssessmentKind(models.TextChoices):
    ROUTINE = "routine", "常态化考核"
    SURPRISE = "surprise", "不定期抽考"
    RETEST = "retest", "复岗考核"


class PreparedBy(models.TextChoices):
    """Which side prepared a surprise draft: only that side sees or launches it."""

    ENTERPRISE = "enterprise", "企业"
    REGULATOR = "regulator", "监管部门"


class Assessment(models.Model):
    """One sitting of a blueprint for one enterprise: a routine round, a surprise test or a re-test."""

    kind = models.CharField("类型", max_length=20, choices=AssessmentKind.choices)
    title = models.CharField("名称", max_length=200)
    blueprint = models.ForeignKey(ExamBlueprint, on_delete=models.PROTECT, verbose_name="考试方案")
    enterprise = models.ForeignKey(
        "accounts.Enterprise", on_delete=models.PROTECT, verbose_name="企业"
    )
    opens_at = models.DateTimeField("开始时间")
    closes_at = models.DateTimeField("截止时间")
    launched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name="发起人",
    )
    launched_at = models.DateTimeField("发起时间", null=True, blank=True)
    reason = models.TextField("发起原因", blank=True)
    sample_seed = models.BigIntegerField("抽样种子", null=True, blank=True)
    sample_count = models.PositiveIntegerField("抽取人数", null=True, blank=True)
    sample_percent = models.DecimalField(
        "抽取比例（%）",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal(100))],
    )
    window_minutes = models.PositiveIntegerField(
        "作答窗口（分钟）", null=True, blank=True, help_text="抽考：从发起时起多少分钟内完成作答。"
    )
    sample_strata = models.CharField("分层依据", max_length=20, default="post", blank=True)
    schedule = models.ForeignKey(
        "assessments.RoutineSchedule",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rounds",
    )
    is_launched = models.BooleanField(
        "已发布", default=False, help_text="抽考在发起前对员工不可见。"
    )
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="准备人",
    )
    prepared_side = models.CharField(
        "准备方", max_length=20, choices=PreparedBy.choices, blank=True
    )
    sampling_error = models.TextField(
        "抽样失败原因", blank=True, help_text="发起时无法抽样：该草稿不再待发起，留作记录。"
    )
    absence_counts_as_fail = models.BooleanField(
        "缺考按不合格处理",
        default=True,
        help_text="抽考截止时被抽中但未交卷的人员记为缺考；勾选则与考核不合格一样转脱产培训，"
        "否则只标记缺考。",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "考核"
        verbose_name_plural = "考核"
        ordering = ["-opens_at"]
        indexes = [models.Index(fields=["enterprise", "kind", "opens_at"])]

    def __str__(self) -> str:
        return self.title


class RoutineFrequency(models.TextChoices):
    MONTHLY = "monthly", "每月"
    QUARTERLY = "quarterly", "每季度"
    HALF_YEARLY = "half_yearly", "每半年"
    YEARLY = "yearly", "每年"


class RoutineSchedule(models.Model):
    """常态化考核: assigns a blueprint to everyone it matches, round after round."""

    blueprint = models.ForeignKey(ExamBlueprint, on_delete=models.PROTECT, verbose_name="考试方案")
    enterprise = models.ForeignKey(
        "accounts.Enterprise", on_delete=models.PROTECT, verbose_name="企业"
    )
    frequency = models.CharField("频次", max_length=20, choices=RoutineFrequency.choices)
    window_days = models.PositiveSmallIntegerField("每轮作答期限（天）", default=14)
    active = models.BooleanField("启用", default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = "常态化考核计划"
        verbose_name_plural = "常态化考核计划"
        constraints = [
            # Two such schedules would open two identical rounds every period.
            models.UniqueConstraint(
                fields=["blueprint", "enterprise", "frequency"],
                name="routine_schedule_unique",
                violation_error_message="该企业已有相同考试方案、相同频次的常态化考核计划。",
            )
        ]

    def __str__(self) -> str:
        return f"{self.blueprint.name}（{self.get_frequency_display()}）"


class Assignment(models.Model):
    """A person's place in an assessment."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="assignments")
    staff = models.ForeignKey(
        "accounts.StaffProfile", on_delete=models.CASCADE, related_name="assignments"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "考核对象"
        verbose_name_plural = "考核对象"
        constraints = [
            models.UniqueConstraint(fields=["assessment", "staff"], name="assignment_unique_staff")
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id}:{self.staff_id}"


#: The states an attempt row can hold: every engine state but "not started" (a row is
#: created when the sitting starts).
ATTEMPT_STATE_CHOICES = [
    (value, label) for value, label in AttemptState.choices if value != AttemptState.NOT_STARTED
]


class Attempt(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveSmallIntegerField("第几次作答", default=1)
    state = models.CharField(
        "状态",
        max_length=20,
        choices=ATTEMPT_STATE_CHOICES,
        default=AttemptState.IN_PROGRESS.value,
    )
    seed = models.BigIntegerField("组卷种子")
    started_at = models.DateTimeField("开始时间")
    deadline = models.DateTimeField("截止时间")
    submitted_at = models.DateTimeField("交卷时间", null=True, blank=True)
    auto_submitted = models.BooleanField("到时自动交卷", default=False)
    graded_at = models.DateTimeField("评分时间", null=True, blank=True)
    score = models.DecimalField("得分", max_digits=6, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField("是否合格", null=True, blank=True)
    pass_mark = models.DecimalField("及格分", max_digits=6, decimal_places=2)
    total_points = models.DecimalField("总分", max_digits=6, decimal_places=2)
    # Frozen from the blueprint at the start, like the pass mark: editing the blueprint
    # later must not change how a paper already drawn is scored.
    multiple_scoring = models.CharField(
        "多选题计分",
        max_length=20,
        choices=MultipleScoring.choices,
        default=MultipleScoring.ALL_OR_NOTHING.value,
    )

    class Meta:
        verbose_name = "答卷"
        verbose_name_plural = "答卷"
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "number"], name="attempt_unique_number"),
        ]
        indexes = [models.Index(fields=["state", "deadline"])]

    def __str__(self) -> str:
        return f"答卷 {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.state == AttemptState.IN_PROGRESS

    def move_to(self, target: AttemptState) -> None:
        """Set ``state`` to ``target`` along the engine's transition rule; the caller saves.

        Raises the engine's ``IllegalTransitionError`` for a move the rule does not allow
        (a graded paper back to 作答中, a second submit)."""
        self.state = AttemptState(self.state).transition_to(target)


class AttemptSlot(models.Model):
    """One question on a paper: the frozen version, its option order and its points."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="slots")
    number = models.PositiveSmallIntegerField("题号")
    question_version = models.ForeignKey(
        "assessments.QuestionVersion", on_delete=models.PROTECT, related_name="slots"
    )
    option_order = ArrayField(models.CharField(max_length=10), default=list, blank=True)
    points = models.DecimalField("分值", max_digits=6, decimal_places=2)
    fraction = models.DecimalField("得分率", max_digits=5, decimal_places=4, null=True, blank=True)
    points_awarded = models.DecimalField(
        "得分", max_digits=6, decimal_places=2, null=True, blank=True
    )
    result_state = models.CharField("判分", max_length=20, blank=True)

    class Meta:
        ordering = ["attempt", "number"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "number"], name="slot_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id}#{self.number}"


class AnswerStep(models.Model):
    """Append-only answer history: saving an answer adds a step; the last step is current."""

    slot = models.ForeignKey(AttemptSlot, on_delete=models.CASCADE, related_name="steps")
    response = models.JSONField("作答", default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["slot", "pk"]
        indexes = [models.Index(fields=["slot", "-id"])]

    def __str__(self) -> str:
        return f"{self.slot_id}@{self.created_at:%H:%M:%S}"


class Absence(models.Model):
    """缺考: a sampled person who had not sat the surprise test when its window closed.

    Append-only, recorded by the system (the tick); an excuse is a separate record."""

    assignment = models.OneToOneField(
        Assignment, on_delete=models.PROTECT, related_name="absence", verbose_name="考核对象"
    )
    recorded_at = models.DateTimeField("记录时间")
    counts_as_fail = models.BooleanField("按不合格处理")

    class Meta:
        verbose_name = "缺考"
        verbose_name_plural = "缺考"
        ordering = ["recorded_at", "pk"]

    def __str__(self) -> str:
        return f"缺考 {self.assignment_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("缺考记录只能追加，不能修改。")
        super().save(*args, **kwargs)


class AbsenceExcuse(models.Model):
    """A manager's excuse of an absence (病假、出差…): who, when and why. Append-only."""

    absence = models.OneToOneField(
        Absence, on_delete=models.PROTECT, related_name="excuse", verbose_name="缺考"
    )
    excused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="核准人"
    )
    excused_at = models.DateTimeField("核准时间")
    reason = models.TextField("原因")

    class Meta:
        verbose_name = "缺考核准"
        verbose_name_plural = "缺考核准"

    def __str__(self) -> str:
        return f"缺考核准 {self.absence_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("缺考核准记录只能追加，不能修改。")
        super().save(*args, **kwargs)
