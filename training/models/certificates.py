"""Certificates people hold (持证情况), the 作业类别 they work in, and who must hold what.

The rules are the pure core in ``training.rules.certificates``; these tables feed it
(``training.certificate_status`` turns rows into its records). Certificates are legal
records: a wrong one is corrected by a new record that ``replaces`` it and says why.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from training.rules.certificates import CertificateKind
from training.rules.hours import Level as RulesLevel

#: Kinds whose certificates name a 作业类别 / 作业项目.
KINDS_WITH_CATEGORY = (CertificateKind.SPECIAL_OPERATION, CertificateKind.SPECIAL_EQUIPMENT)


class OperationCategory(models.Model):
    """A 作业类别 (e.g. 电工作业, or 氯化工艺作业 in the 危险化学品安全作业 group); bureau editors
    keep the list."""

    kind = models.CharField(
        "证书种类",
        max_length=30,
        choices=[(k.value, k.label) for k in KINDS_WITH_CATEGORY],
        default=CertificateKind.SPECIAL_OPERATION,
    )
    group = models.CharField(
        "作业类别", max_length=60, blank=True, help_text="如 危险化学品安全作业；无细分时留空"
    )
    name = models.CharField("作业项目", max_length=60, help_text="如 电工作业、氯化工艺作业")
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "作业类别"
        verbose_name_plural = "作业类别"
        ordering = ["kind", "sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "name"], name="operation_category_unique")
        ]

    def __str__(self) -> str:
        return f"{self.group} · {self.name}" if self.group else self.name


class HighRiskScope(models.TextChoices):
    ANY = "any", "所有企业"
    HIGH = "high", "仅危险化学品、烟花爆竹等高危企业"
    OTHER = "other", "仅其他企业"


class CertificateRequirementRule(models.Model):
    """Which levels must hold which certificate, citing the law (editors' table).

    With no active row, ``training.rules.certificates.DEFAULT_REQUIREMENTS`` applies.
    """

    code = models.SlugField("代码", max_length=60, unique=True)
    title = models.CharField("要求", max_length=200)
    source = models.CharField("依据", max_length=200)
    kind = models.CharField("证书种类", max_length=30, choices=CertificateKind.choices())
    for_principal = models.BooleanField(RulesLevel.PRINCIPAL.label, default=False)
    for_safety_manager = models.BooleanField(RulesLevel.SAFETY_MANAGER.label, default=False)
    for_worker = models.BooleanField(RulesLevel.WORKER.label, default=False)
    for_special_operator = models.BooleanField(RulesLevel.SPECIAL_OPERATOR.label, default=False)
    high_risk = models.CharField(
        "适用企业", max_length=10, choices=HighRiskScope.choices, default=HighRiskScope.ANY
    )
    per_category = models.BooleanField(
        "按作业类别分别持证", default=False, help_text="如特种作业：每个从事的作业类别各需一证"
    )
    grace_months = models.PositiveSmallIntegerField(
        "取证期限（月）", default=0, help_text="任职后几个月内取得；0 表示上岗前即须持证"
    )
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "持证要求"
        verbose_name_plural = "持证要求"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.title


class Certificate(models.Model):
    staff = models.ForeignKey(
        "accounts.StaffProfile",
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name="持证人",
    )
    kind = models.CharField("证书种类", max_length=30, choices=CertificateKind.choices())
    category = models.ForeignKey(
        OperationCategory,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name="作业类别",
    )
    number = models.CharField("证书编号", max_length=60)
    issuer = models.CharField("发证机关", max_length=100, blank=True)
    issued_on = models.DateField("发证日期", null=True, blank=True)
    expires_on = models.DateField("有效期至", null=True, blank=True)
    review_due_on = models.DateField("复审日期", null=True, blank=True)
    #: The 上岗证's post, as it was when issued.
    post = models.CharField("岗位", max_length=50, blank=True)
    #: The QR code's token (上岗证 only): the public verification page looks it up.
    token = models.CharField(max_length=32, unique=True, null=True, blank=True, editable=False)
    suspended = models.BooleanField("暂停", default=False)
    source_attempt = models.OneToOneField(
        "assessments.Attempt",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="发证依据（考核）",
    )
    replaces = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
        verbose_name="更正的证书记录",
    )
    note = models.CharField("备注", max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "证书"
        verbose_name_plural = "证书"
        ordering = ["staff", "kind", "-expires_on", "pk"]
        indexes = [models.Index(fields=["staff", "kind"], name="certificate_staff_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class OperationDuty(models.Model):
    """A 作业类别 a person works in: a special operator needs a certificate for each."""

    staff = models.ForeignKey(
        "accounts.StaffProfile", on_delete=models.CASCADE, related_name="operation_duties"
    )
    category = models.ForeignKey(OperationCategory, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "从事作业类别"
        verbose_name_plural = "从事作业类别"
        constraints = [
            models.UniqueConstraint(fields=["staff", "category"], name="operation_duty_unique")
        ]

    def __str__(self) -> str:
        return str(self.category)
