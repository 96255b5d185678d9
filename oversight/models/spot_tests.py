"""现场抽考: the people an inspector tests on site, and how each of them fared.

The sample (seed, pool and list) is stored so it can be drawn again from the same pool
and checked. The papers are the exam side's own: each sampled person, once they join
with the code and their ID digits, gets an ``Assignment`` on a surprise ``Assessment``
of the blueprint for their level, so grading, answer secrecy, the taking page and the
off-post consequences are the existing ones.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from oversight.models.inspections import Inspection


class SpotTestMode(models.TextChoices):
    RANDOM = "random", "随机抽取"
    NAMED = "named", "现场指定"


class SpotTest(models.Model):
    inspection = models.OneToOneField(
        Inspection, on_delete=models.PROTECT, related_name="spot_test", verbose_name="执法检查"
    )
    # The random draw: what was asked, the seed, and the pool it was drawn from.
    sample_count = models.PositiveIntegerField("抽取人数", null=True, blank=True)
    sample_percent = models.DecimalField(
        "抽取比例（%）", max_digits=5, decimal_places=2, null=True, blank=True
    )
    seed = models.BigIntegerField("抽样种子", null=True, blank=True)
    pool = models.JSONField("抽样范围（人员编号与岗位）", default=list, blank=True)
    drawn_at = models.DateTimeField("抽样时间", null=True, blank=True)
    # The window: the six-digit code is valid only between opens_at and closes_at.
    join_code = models.CharField("抽考码", max_length=6, blank=True)
    window_minutes = models.PositiveIntegerField("作答窗口（分钟）", null=True, blank=True)
    opens_at = models.DateTimeField("开始时间", null=True, blank=True)
    closes_at = models.DateTimeField("截止时间", null=True, blank=True)
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="结束人",
    )

    class Meta:
        verbose_name = "现场抽考"
        verbose_name_plural = "现场抽考"
        indexes = [models.Index(fields=["join_code", "closes_at"])]

    def __str__(self) -> str:
        return f"{self.inspection} · 现场抽考"

    @property
    def is_open_window(self) -> bool:
        return self.opens_at is not None and self.closed_at is None

    def window_state(self, now) -> str:
        if self.opens_at is None:
            return "未开始"
        if self.closed_at is not None or now >= self.closes_at:
            return "已结束"
        return "进行中"


class SpotExaminee(models.Model):
    """One person on the spot-test list: how they were chosen, checked, and what they did."""

    spot_test = models.ForeignKey(SpotTest, on_delete=models.PROTECT, related_name="examinees")
    staff = models.ForeignKey(
        "accounts.StaffProfile", on_delete=models.PROTECT, related_name="+", verbose_name="人员"
    )
    mode = models.CharField("选取方式", max_length=10, choices=SpotTestMode.choices)
    # As they were on the day: the list reads the same after a move or a rename.
    name = models.CharField("姓名", max_length=50)
    post = models.CharField("岗位", max_length=50, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="选取人"
    )
    added_at = models.DateTimeField("选取时间", auto_now_add=True)
    assessment = models.ForeignKey(
        "assessments.Assessment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="考核",
    )
    assignment = models.OneToOneField(
        "assessments.Assignment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="spot_examinee",
        verbose_name="考核对象",
    )
    joined_at = models.DateTimeField("入场时间", null=True, blank=True)
    id_checked = models.BooleanField("身份证后四位核对一致", default=False)
    id_mismatches = models.PositiveSmallIntegerField("身份证后四位不符次数", default=0)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="核验人",
    )
    verified_at = models.DateTimeField("现场核验时间", null=True, blank=True)
    absent = models.BooleanField("缺考", default=False)

    class Meta:
        verbose_name = "抽考人员"
        verbose_name_plural = "抽考人员"
        ordering = ["spot_test", "post", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["spot_test", "staff"], name="spot_examinee_once")
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.post or '未设岗位'}）"
