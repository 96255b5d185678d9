"""The leadership check (安全领导力评估): the bureau's rubric and each check against it.

A check freezes the rubric and the measured facts it was scored on (``rubric_snapshot``,
``facts``), so a signed scorecard reads the same in later years whatever the bureau edits.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable

from leadership.scoring import ItemSort, Measure, Module


def _choices(enum, labels) -> list[tuple[str, str]]:
    return [(member.value, labels[member]) for member in enum]


MODULE_CHOICES = _choices(Module, {m: m.label for m in Module})
SORT_CHOICES = _choices(ItemSort, {s: s.label for s in ItemSort})
MEASURE_CHOICES = _choices(Measure, {m: m.label for m in Measure})


class Rubric(ClusterableModel):
    """评估细则: the bureau's rubric; the newest active one is used for new checks."""

    name = models.CharField("名称", max_length=200)
    active = models.BooleanField("启用", default=True, help_text="新发起的评估使用最新启用的细则")
    note = models.TextField("说明", blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    panels = [FieldPanel("name"), FieldPanel("active"), FieldPanel("note"), InlinePanel("items")]

    class Meta:
        verbose_name = "安全领导力评估细则"
        verbose_name_plural = "安全领导力评估细则"
        ordering = ["-updated_at", "-pk"]

    def __str__(self) -> str:
        return self.name


def _item_key() -> str:
    return secrets.token_hex(4)


class RubricItem(Orderable):
    rubric = ParentalKey(Rubric, on_delete=models.CASCADE, related_name="items")
    # Reviewers' scores refer to items by this key, which survives reordering.
    key = models.CharField("条目编号", max_length=20, default=_item_key, editable=False)
    module = models.CharField("模块", max_length=20, choices=MODULE_CHOICES)
    title = models.CharField("评估内容", max_length=200)
    sort = models.CharField("评分方式", max_length=20, choices=SORT_CHOICES)
    max_points = models.DecimalField(
        "分值", max_digits=5, decimal_places=1, validators=[MinValueValidator(0.5)]
    )
    measure = models.CharField(
        "取数指标", max_length=40, choices=MEASURE_CHOICES, blank=True, help_text="仅系统取数项"
    )
    full_at = models.DecimalField(
        "满分线", max_digits=6, decimal_places=1, null=True, blank=True, help_text="仅系统取数项"
    )
    zero_at = models.DecimalField(
        "零分线", max_digits=6, decimal_places=1, null=True, blank=True, help_text="仅系统取数项"
    )
    guidance = models.TextField("评分要点", blank=True)

    panels = [
        FieldPanel("module"),
        FieldPanel("title"),
        FieldPanel("sort"),
        FieldPanel("max_points"),
        FieldPanel("measure"),
        FieldPanel("full_at"),
        FieldPanel("zero_at"),
        FieldPanel("guidance"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "评估条目"
        verbose_name_plural = "评估条目"

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.sort == ItemSort.MEASURED.value:
            if not self.measure or self.full_at is None or self.zero_at is None:
                raise ValidationError("系统取数项须填写取数指标、满分线和零分线。")
            if self.full_at == self.zero_at:
                raise ValidationError({"zero_at": "零分线不能与满分线相同。"})
        elif self.measure:
            raise ValidationError({"measure": "评估人评分的条目不填取数指标。"})


class CheckKind(models.TextChoices):
    SELF = "self", "企业自查"
    PRINCIPAL_REVIEW = "principal_review", "主要负责人评估"
    REGULATOR = "regulator", "监管部门检查"


class CheckStatus(models.TextChoices):
    SCORING = "scoring", "评分中"
    SIGNED = "signed", "评估人已签名"
    ACKNOWLEDGED = "acknowledged", "被评估人已确认"


class LeadershipCheck(models.Model):
    subject = models.ForeignKey(
        "accounts.StaffProfile",
        on_delete=models.PROTECT,
        related_name="leadership_checks",
        verbose_name="被评估人",
    )
    # Kept with the check: the person may move, the check stays with the enterprise.
    enterprise = models.ForeignKey(
        "accounts.Enterprise", on_delete=models.PROTECT, related_name="+", verbose_name="企业"
    )
    year = models.PositiveSmallIntegerField("年度")
    kind = models.CharField("评估方式", max_length=20, choices=CheckKind.choices)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="评估人",
    )
    rubric = models.ForeignKey(Rubric, on_delete=models.PROTECT, verbose_name="评估细则")
    rubric_snapshot = models.JSONField("评估细则（发起时）", default=list)
    facts = models.JSONField("系统取数（最近一次）", default=dict)
    measured_at = models.DateTimeField("取数时间", null=True)
    status = models.CharField(
        "状态", max_length=20, choices=CheckStatus.choices, default=CheckStatus.SCORING
    )
    created_at = models.DateTimeField("发起时间", auto_now_add=True)
    signed_at = models.DateTimeField("签名时间", null=True, blank=True)
    acknowledged_at = models.DateTimeField("确认时间", null=True, blank=True)

    class Meta:
        verbose_name = "安全领导力评估"
        verbose_name_plural = "安全领导力评估"
        ordering = ["-year", "-created_at", "-pk"]
        indexes = [models.Index(fields=["enterprise", "year"], name="leadership_check_ent_year")]

    def __str__(self) -> str:
        return f"{self.year}年 {self.get_kind_display()} · {self.subject}"

    @property
    def is_scoring(self) -> bool:
        return self.status == CheckStatus.SCORING


class ReviewerScore(models.Model):
    """The reviewer's points for one reviewed item; editable until the reviewer signs."""

    check_record = models.ForeignKey(
        LeadershipCheck, on_delete=models.CASCADE, related_name="scores", verbose_name="评估"
    )
    item_key = models.CharField("条目编号", max_length=20)
    points = models.DecimalField("得分", max_digits=5, decimal_places=1)
    note = models.TextField("评分说明")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "评估人评分"
        verbose_name_plural = "评估人评分"
        constraints = [
            models.UniqueConstraint(fields=["check_record", "item_key"], name="reviewer_score_once")
        ]

    def __str__(self) -> str:
        return f"{self.item_key}: {self.points}"


class CheckEvidence(models.Model):
    """A document the checked leader uploads for an item (证明材料)."""

    check_record = models.ForeignKey(
        LeadershipCheck, on_delete=models.CASCADE, related_name="evidence", verbose_name="评估"
    )
    item_key = models.CharField("条目编号", max_length=20)
    title = models.CharField("材料名称", max_length=200)
    file = models.FileField("文件", upload_to="leadership/evidence/%Y/", max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "证明材料"
        verbose_name_plural = "证明材料"
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.title
