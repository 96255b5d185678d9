"""In-app reminders for an enterprise's managers (到期证书, 学时不足 …), built once a day.

``key`` identifies what a notice is about at one stage (a certificate entering its
30-day window), so building again the same day or the next adds nothing twice.
"""

from __future__ import annotations

from django.db import models


class Notice(models.Model):
    enterprise = models.ForeignKey(
        "accounts.Enterprise", on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField("类别", max_length=40)
    key = models.CharField(max_length=120)
    staff = models.ForeignKey(
        "accounts.StaffProfile",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notices",
        verbose_name="人员",
    )
    title = models.CharField("提醒", max_length=200)
    body = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=300, blank=True)
    created_on = models.DateField("日期")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "提醒"
        verbose_name_plural = "提醒"
        ordering = ["-created_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "kind", "key"], name="notice_unique_key")
        ]

    def __str__(self) -> str:
        return self.title


class NoticeRun(models.Model):
    """One row per day the notices were built: the tick builds at most once a day."""

    day = models.DateField(unique=True)
    created = models.PositiveIntegerField(default=0)
    emailed = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d}：{self.created} 条"
