"""Yearly safety commitments (安全承诺): the bureau's template and each leader's signed copy."""

from __future__ import annotations

from django.db import models


class CommitmentTier(models.TextChoices):
    """Who signs (层层签订): the principal, the deputy heads, the department heads."""

    PRINCIPAL = "principal", "主要负责人"
    DEPUTY = "deputy", "分管负责人"
    DEPARTMENT_HEAD = "department_head", "部门负责人"


class CommitmentTemplate(models.Model):
    """The bureau's commitment text for a year; ``{enterprise}``, ``{name}``, ``{position}``
    and ``{year}`` are filled from the enterprise's facts when a copy is issued."""

    jurisdiction = models.ForeignKey(
        "accounts.Jurisdiction",
        on_delete=models.PROTECT,
        related_name="commitment_templates",
        verbose_name="监管辖区",
    )
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("标题", max_length=100, default="{year}年度安全生产承诺书")
    preamble = models.TextField(
        "正文",
        help_text="可用 {enterprise}（企业名称）、{name}（签订人）、{position}（职务）、{year}（年度）",
    )
    duties = models.TextField(
        "承诺履行的职责", help_text="每行一条；默认为《安全生产法》第二十一条规定的职责"
    )
    due_date = models.DateField("签订截止日期")

    class Meta:
        verbose_name = "安全承诺书模板"
        verbose_name_plural = "安全承诺书模板"
        ordering = ["-year", "jurisdiction"]
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "year"],
                name="commitment_template_once_a_year",
                violation_error_message="本辖区该年度已有承诺书模板。",
            )
        ]

    def __str__(self) -> str:
        return f"{self.jurisdiction} · {self.year}年度安全承诺书"

    @property
    def duty_lines(self) -> list[str]:
        return [line.strip() for line in self.duties.splitlines() if line.strip()]


class Commitment(models.Model):
    """One leader's commitment for a year. The text is frozen when issued, so what was
    signed stays what the template said then; ``signed_at`` is the signature's time."""

    enterprise = models.ForeignKey(
        "accounts.Enterprise",
        on_delete=models.PROTECT,
        related_name="commitments",
        verbose_name="企业",
    )
    staff = models.ForeignKey(
        "accounts.StaffProfile",
        on_delete=models.PROTECT,
        related_name="commitments",
        verbose_name="签订人",
    )
    year = models.PositiveSmallIntegerField("年度")
    tier = models.CharField("层级", max_length=20, choices=CommitmentTier.choices)
    template = models.ForeignKey(
        CommitmentTemplate, on_delete=models.PROTECT, related_name="+", verbose_name="模板"
    )
    position = models.CharField("职务", max_length=50)
    title = models.CharField("标题", max_length=100)
    body = models.TextField("正文")
    duties = models.JSONField("承诺履行的职责", default=list)
    due_date = models.DateField("签订截止日期")
    issued_at = models.DateTimeField("下发时间", auto_now_add=True)
    signed_at = models.DateTimeField("签订时间", null=True, blank=True)

    class Meta:
        verbose_name = "安全承诺书"
        verbose_name_plural = "安全承诺书"
        ordering = ["enterprise", "-year", "tier", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["staff", "year"],
                name="commitment_once_a_year",
                violation_error_message="此人该年度的承诺书已下发。",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.staff}）"

    def signed_content(self) -> dict:
        """What the signer sees and signs; rebuilt the same way to verify it."""
        return {
            "commitment": self.pk,
            "enterprise": self.enterprise.name,
            "year": self.year,
            "signer": self.staff.display_name,
            "position": self.position,
            "title": self.title,
            "body": self.body,
            "duties": list(self.duties),
            "due_date": self.due_date,
        }
