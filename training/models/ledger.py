"""The hours ledger (学时台账): training sessions, each person's entries, the rules table.

A session (培训活动) is what happened: when, what, who trained, where. Each attendee gets
one ``HoursEntry`` per day of the session. Entries are append-only (安全生产法 第二十八条:
the archive records truthfully): a correction is a new entry that points at the one it
replaces and says why; the replaced entry stays on record and stops counting.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models

from training.rules.hours import Level as RulesLevel
from training.rules.hours import TrainingKind, Trigger

APPEND_ONLY = "台账记录只能追加，不能修改或删除；更正请另行登记并说明原因。"


class AppendOnlyQuerySet(models.QuerySet):
    """Bulk writes would bypass ``save``/``delete``: refused here as well."""

    def update(self, **kwargs):
        raise ValueError(APPEND_ONLY)

    def delete(self):
        raise ValueError(APPEND_ONLY)


class AppendOnly(models.Model):
    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError(APPEND_ONLY)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError(APPEND_ONLY)


class TrainingSession(AppendOnly):
    """One training activity as the safety manager entered it (and signed as 录入人)."""

    enterprise = models.ForeignKey(
        "accounts.Enterprise",
        on_delete=models.PROTECT,
        related_name="training_sessions",
        verbose_name="企业",
    )
    kind = models.CharField("培训类别", max_length=30, choices=TrainingKind.choices())
    title = models.CharField("培训名称", max_length=200)
    content = models.TextField("培训内容", blank=True)
    materials = models.ManyToManyField(
        "wagtailcore.Page", blank=True, related_name="+", verbose_name="关联法规或文章"
    )
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    start_time = models.TimeField("开始时间", null=True, blank=True)
    end_time = models.TimeField("结束时间", null=True, blank=True)
    trainer_name = models.CharField("培训人或培训机构", max_length=100)
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="培训人账号",
        help_text="本企业人员授课时选择，由其本人签名；外部讲师或机构留空",
    )
    place = models.CharField("培训地点", max_length=200, blank=True)
    hours_per_day = models.DecimalField("每人每天学时", max_digits=4, decimal_places=1)
    programme = models.ForeignKey(
        "training.TrainingProgramme",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sessions",
        verbose_name="脱产培训",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="录入人"
    )
    recorded_at = models.DateTimeField("录入时间", auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "培训活动"
        verbose_name_plural = "培训活动"
        ordering = ["-starts_on", "-pk"]
        indexes = [models.Index(fields=["enterprise", "starts_on"], name="session_ent_day")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="session_dates_order"
            ),
            models.CheckConstraint(
                condition=models.Q(hours_per_day__gt=0), name="session_hours_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.starts_on:%Y-%m-%d} {self.title}"

    @property
    def kind_label(self) -> str:
        return TrainingKind(self.kind).label

    @property
    def external_trainer(self) -> bool:
        return self.trainer_id is None


class HoursEntry(AppendOnly):
    """One person's hours on one day of a session; a correction replaces an earlier one.

    ``kind`` repeats the session's so the compliance roll-up sums without a join.
    A correction (``corrects`` set) may carry 0 hours: the earlier entry was wrong
    altogether (the person was not there).
    """

    session = models.ForeignKey(
        TrainingSession, on_delete=models.PROTECT, related_name="entries", verbose_name="培训活动"
    )
    staff = models.ForeignKey(
        "accounts.StaffProfile",
        on_delete=models.PROTECT,
        related_name="hours_entries",
        verbose_name="人员",
    )
    on = models.DateField("培训日期")
    kind = models.CharField("培训类别", max_length=30, choices=TrainingKind.choices())
    hours = models.DecimalField("学时", max_digits=4, decimal_places=1)
    corrects = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="correction",
        verbose_name="更正的记录",
    )
    reason = models.TextField("更正原因", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "学时记录"
        verbose_name_plural = "学时记录"
        ordering = ["on", "pk"]
        indexes = [
            models.Index(fields=["staff", "on"], name="hours_staff_day"),
            models.Index(fields=["on", "staff", "kind"], name="hours_day_staff_kind"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(hours__gte=0), name="hours_not_negative"),
            models.CheckConstraint(
                condition=models.Q(corrects__isnull=True, hours__gt=0)
                | (models.Q(corrects__isnull=False) & ~models.Q(reason="")),
                name="hours_correction_says_why",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.on:%Y-%m-%d} {self.hours} 学时"

    @property
    def kind_label(self) -> str:
        return TrainingKind(self.kind).label


def counted_entries(entries: models.QuerySet[HoursEntry]) -> models.QuerySet[HoursEntry]:
    """The entries that count: not replaced by a correction, and not a withdrawal (0 h)."""
    return entries.filter(correction__isnull=True, hours__gt=0)


class SessionEvidence(AppendOnly):
    """A sign-in sheet scan or photo attached to a session (may be added after it)."""

    session = models.ForeignKey(
        TrainingSession, on_delete=models.PROTECT, related_name="evidence", verbose_name="培训活动"
    )
    file = models.FileField("签到表扫描件或照片", upload_to="training/sign-in/%Y/%m/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "签到表"
        verbose_name_plural = "签到表"
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.file.name


class ScopeOfUnits(models.TextChoices):
    ALL = "all", "所有单位"
    HIGH_RISK = "high_risk", "仅高危行业单位（危险化学品、烟花爆竹、金属冶炼、矿山）"
    OTHER = "other", "仅一般单位"


class StatutoryHoursRule(models.Model):
    """One statutory minimum as the bureau's editors maintain it (feeds ``hours_owed``)."""

    code = models.SlugField("编码", max_length=60, unique=True)
    title = models.CharField("名称", max_length=200)
    source = models.CharField("依据", max_length=200)
    levels = ArrayField(
        models.CharField(max_length=30, choices=RulesLevel.choices()),
        verbose_name="适用人员",
        help_text="可填：principal（主要负责人）、safety_manager（安全生产管理人员）、"
        "worker（一般从业人员）、special_operator（特种作业人员），用英文逗号分隔",
    )
    trigger = models.CharField("何时起适用", max_length=30, choices=Trigger.choices())
    kinds = ArrayField(
        models.CharField(max_length=30, choices=TrainingKind.choices()),
        verbose_name="计入的培训类别",
        help_text="培训类别编码，用英文逗号分隔，如 refresher,external",
    )
    hours = models.DecimalField(
        "最低学时",
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        help_text="留空：法规只要求进行此项培训，不规定学时",
    )
    units = models.CharField(
        "适用单位", max_length=20, choices=ScopeOfUnits.choices, default=ScopeOfUnits.ALL
    )
    before_post = models.BooleanField("须在独立上岗前完成", default=False)
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "培训学时规则"
        verbose_name_plural = "培训学时规则"
        ordering = ["code"]

    def __str__(self) -> str:
        hours = "—" if self.hours is None else f"{self.hours.normalize():f} 学时"
        return f"{self.title}（{hours}）"

    @property
    def high_risk(self) -> bool | None:
        return {ScopeOfUnits.HIGH_RISK: True, ScopeOfUnits.OTHER: False}.get(self.units)

    @classmethod
    def units_for(cls, high_risk: bool | None) -> str:
        if high_risk is None:
            return ScopeOfUnits.ALL
        return ScopeOfUnits.HIGH_RISK if high_risk else ScopeOfUnits.OTHER


class HoursTotal(models.Model):
    """A person's counted hours per year and kind: derived from the entries, rewritten by
    ``training.ledger`` in the same transaction as every entry, so the enterprise roll-up
    reads 2,000 people's sums without aggregating all their entries on each request."""

    staff = models.ForeignKey("accounts.StaffProfile", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=30, choices=TrainingKind.choices())
    hours = models.DecimalField(max_digits=7, decimal_places=1)

    class Meta:
        verbose_name = "年度学时合计"
        verbose_name_plural = "年度学时合计"
        constraints = [
            models.UniqueConstraint(fields=["staff", "year", "kind"], name="hours_total_once")
        ]
        indexes = [models.Index(fields=["year", "staff"], name="hours_total_year_staff")]

    def __str__(self) -> str:
        return f"{self.year} {self.kind} {self.hours}"
