"""The hazard register: major hazard sources, key devices and areas, supervised processes,
and who answers for each (包保责任人, 联系人)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel


class HazardGrade(models.TextChoices):
    """重大危险源分级 (GB 18218): 一级 is the most severe."""

    GRADE_1 = "1", "一级"
    GRADE_2 = "2", "二级"
    GRADE_3 = "3", "三级"
    GRADE_4 = "4", "四级"


class Guarantor(models.TextChoices):
    """The three 包保责任人 of a major hazard source (应急管理部令第 8 号 配套办法)."""

    MAIN = "main", "主要负责人"
    TECHNICAL = "technical", "技术负责人"
    OPERATIONAL = "operational", "操作负责人"


class PlaceKind(models.TextChoices):
    KEY_DEVICE = "key_device", "关键装置"
    KEY_AREA = "key_area", "重点部位"


class SupervisedProcess(models.TextChoices):
    """重点监管的危险化工工艺 (安监总管三〔2009〕116号、〔2013〕3号: 18 种)."""

    PHOTOCHLORINATION = "photochlorination", "光气及光气化工艺"
    ELECTROLYSIS = "electrolysis", "电解工艺（氯碱）"
    CHLORINATION = "chlorination", "氯化工艺"
    NITRATION = "nitration", "硝化工艺"
    AMMONIA = "ammonia", "合成氨工艺"
    CRACKING = "cracking", "裂解（裂化）工艺"
    FLUORINATION = "fluorination", "氟化工艺"
    HYDROGENATION = "hydrogenation", "加氢工艺"
    DIAZOTIZATION = "diazotization", "重氮化工艺"
    OXIDATION = "oxidation", "氧化工艺"
    PEROXIDATION = "peroxidation", "过氧化工艺"
    AMINATION = "amination", "胺基化工艺"
    SULFONATION = "sulfonation", "磺化工艺"
    POLYMERIZATION = "polymerization", "聚合工艺"
    ALKYLATION = "alkylation", "烷基化工艺"
    COAL_CHEMICAL = "coal_chemical", "新型煤化工工艺"
    CALCIUM_CARBIDE = "calcium_carbide", "电石生产工艺"
    AZO = "azo", "偶氮化工艺"


class MajorHazardSource(ClusterableModel):
    """重大危险源 of one enterprise, with its chemicals and its three 包保责任人."""

    enterprise = models.ForeignKey(
        "accounts.Enterprise",
        on_delete=models.CASCADE,
        related_name="hazard_sources",
        verbose_name="企业",
    )
    name = models.CharField("名称", max_length=100)
    grade = models.CharField("等级", max_length=2, choices=HazardGrade.choices)
    location = models.CharField("位置", max_length=200)

    panels = [
        FieldPanel("enterprise"),
        FieldPanel("name"),
        FieldPanel("grade"),
        FieldPanel("location"),
        InlinePanel("chemicals", label="危险化学品"),
        InlinePanel("guarantors", label="包保责任人", max_num=3),
    ]

    class Meta:
        verbose_name = "重大危险源"
        verbose_name_plural = "重大危险源"
        ordering = ["enterprise", "grade", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "name"],
                name="hazard_source_unique_name",
                violation_error_message="本企业已有同名的重大危险源。",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_grade_display()}重大危险源）"


class HazardChemical(models.Model):
    source = ParentalKey(MajorHazardSource, on_delete=models.CASCADE, related_name="chemicals")
    name = models.CharField("危险化学品", max_length=100)
    quantity = models.DecimalField("设计最大量", max_digits=12, decimal_places=3)
    unit = models.CharField("单位", max_length=10, default="t")

    class Meta:
        verbose_name = "危险化学品"
        verbose_name_plural = "危险化学品"
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.name} {self.quantity.normalize():f} {self.unit}"


class HazardGuarantor(models.Model):
    """One of the three 包保责任人; a person may hold several (on several sources)."""

    source = ParentalKey(MajorHazardSource, on_delete=models.CASCADE, related_name="guarantors")
    duty = models.CharField("包保职责", max_length=20, choices=Guarantor.choices)
    staff = models.ForeignKey(
        "accounts.StaffProfile",
        on_delete=models.PROTECT,
        related_name="hazard_guarantees",
        verbose_name="责任人",
    )

    class Meta:
        verbose_name = "包保责任人"
        verbose_name_plural = "包保责任人"
        ordering = ["source", "duty"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "duty"],
                name="hazard_guarantor_once_per_duty",
                violation_error_message="每个重大危险源的每类包保责任人只能有一名。",
            )
        ]

    def __str__(self) -> str:
        return f"{self.source.name} · {self.get_duty_display()}"

    def clean(self) -> None:
        if self.staff_id and self.staff.enterprise_id != self.source.enterprise_id:
            raise ValidationError({"staff": "包保责任人须为本企业人员。"})


class KeyPlace(models.Model):
    """关键装置 or 重点部位, with the leader who is its 联系人."""

    enterprise = models.ForeignKey(
        "accounts.Enterprise",
        on_delete=models.CASCADE,
        related_name="key_places",
        verbose_name="企业",
    )
    kind = models.CharField("类别", max_length=20, choices=PlaceKind.choices)
    name = models.CharField("名称", max_length=100)
    location = models.CharField("位置", max_length=200, blank=True)
    contact = models.ForeignKey(
        "accounts.StaffProfile",
        on_delete=models.PROTECT,
        related_name="key_places",
        null=True,
        blank=True,
        verbose_name="联系人",
    )

    class Meta:
        verbose_name = "关键装置/重点部位"
        verbose_name_plural = "关键装置/重点部位"
        ordering = ["enterprise", "kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "name"],
                name="key_place_unique_name",
                violation_error_message="本企业已有同名的关键装置或重点部位。",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_kind_display()}）"

    def clean(self) -> None:
        if self.contact_id and self.contact.enterprise_id != self.enterprise_id:
            raise ValidationError({"contact": "联系人须为本企业人员。"})


class EnterpriseProcess(models.Model):
    """A 重点监管危险化工工艺 the enterprise runs, and on which unit."""

    enterprise = models.ForeignKey(
        "accounts.Enterprise",
        on_delete=models.CASCADE,
        related_name="supervised_processes",
        verbose_name="企业",
    )
    process = models.CharField("工艺", max_length=30, choices=SupervisedProcess.choices)
    unit = models.CharField("所在装置", max_length=100, blank=True)

    class Meta:
        verbose_name = "重点监管危险化工工艺"
        verbose_name_plural = "重点监管危险化工工艺"
        ordering = ["enterprise", "process"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "process", "unit"],
                name="enterprise_process_unique",
                violation_error_message="本企业已登记该工艺。",
            )
        ]

    def __str__(self) -> str:
        return self.get_process_display()
