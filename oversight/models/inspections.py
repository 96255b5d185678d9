"""执法检查: the record of one regulator inspection of one enterprise.

States move only forward through ``InspectionState.transition_to`` (准备 → 现场检查 →
待签字 → 已归档, plus 待签字 → 现场检查 while nobody has signed). A filed record never
changes: ``save`` refuses once the stored row is filed, and a correction is a new record
pointing at the one it corrects (``corrects``) with the reason.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class RecordFiled(ValueError):
    """A write to a filed inspection record (a correction is a new, linked record)."""


FILED_MESSAGE = "该检查记录已归档，不能修改；如需更正，请新建更正记录并说明原因。"


class InspectionState(models.TextChoices):
    PREPARING = "preparing", "准备"
    ON_SITE = "on_site", "现场检查"
    AWAITING_SIGNATURES = "awaiting_signatures", "待签字"
    FILED = "filed", "已归档"

    def allowed_next(self) -> tuple[InspectionState, ...]:
        return _TRANSITIONS[self]

    def transition_to(self, target: InspectionState) -> InspectionState:
        """``target`` when the move is allowed, else ValueError with a Chinese reason."""
        target = InspectionState(target)
        if target not in _TRANSITIONS[self]:
            raise ValueError(f"检查记录不能从“{self.label}”转为“{target.label}”。")
        return target

    @property
    def enterprise_sees(self) -> bool:
        """The enterprise learns of an inspection only when the inspector starts it on site."""
        return self != InspectionState.PREPARING


_TRANSITIONS: dict[InspectionState, tuple[InspectionState, ...]] = {
    InspectionState.PREPARING: (InspectionState.ON_SITE,),
    InspectionState.ON_SITE: (InspectionState.AWAITING_SIGNATURES,),
    InspectionState.AWAITING_SIGNATURES: (InspectionState.ON_SITE, InspectionState.FILED),
    InspectionState.FILED: (),
}


class CheckKind(models.TextChoices):
    """The four checks the work plan names, in its order."""

    LEADERSHIP = "leadership", "主要负责人安全领导力"
    TRAINING_PLAN = "training_plan", "企业培训计划"
    CERTIFICATES = "certificates", "持证情况"
    SPOT_TEST = "spot_test", "抽考安全生产常识"


class CheckResult(models.TextChoices):
    PENDING = "pending", "未检查"
    MEETS = "meets", "符合"
    PARTLY = "partly", "基本符合"
    FAILS = "fails", "不符合"


class Inspection(models.Model):
    enterprise = models.ForeignKey(
        "accounts.Enterprise",
        on_delete=models.PROTECT,
        related_name="inspections",
        verbose_name="被检查单位",
    )
    # Kept with the record: the jurisdiction that inspected, even if the enterprise moves.
    jurisdiction = models.ForeignKey(
        "accounts.Jurisdiction", on_delete=models.PROTECT, related_name="+", verbose_name="辖区"
    )
    date = models.DateField("检查日期")
    place = models.CharField("检查场所", max_length=200)
    representative_name = models.CharField("企业在场负责人", max_length=50)
    representative_post = models.CharField("职务", max_length=50)
    state = models.CharField(
        "状态", max_length=24, choices=InspectionState.choices, default=InspectionState.PREPARING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="创建人"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    started_at = models.DateTimeField("现场检查开始", null=True, blank=True)
    on_site_done_at = models.DateTimeField("现场检查结束", null=True, blank=True)
    filed_at = models.DateTimeField("归档时间", null=True, blank=True)
    corrects = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
        verbose_name="更正的记录",
    )
    correction_reason = models.TextField("更正原因", blank=True)
    seal_hash = models.CharField("封存摘要（SHA-256）", max_length=64, blank=True)
    sealed_at = models.DateTimeField("封存时间", null=True, blank=True)

    class Meta:
        verbose_name = "执法检查"
        verbose_name_plural = "执法检查"
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["jurisdiction", "state", "date"])]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.date:%Y-%m-%d} 执法检查"

    def save(self, *args, **kwargs):
        if self.pk is not None and (
            Inspection.objects.filter(pk=self.pk, state=InspectionState.FILED).exists()
        ):
            raise RecordFiled(FILED_MESSAGE)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.state != InspectionState.PREPARING:
            raise RecordFiled("已开始的检查记录不能删除。")
        return super().delete(*args, **kwargs)

    @property
    def state_enum(self) -> InspectionState:
        return InspectionState(self.state)

    @property
    def is_filed(self) -> bool:
        return self.state == InspectionState.FILED


class InspectionInspector(models.Model):
    """One inspector on an inspection, with the 执法证号 they held that day."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="inspectors")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="检查人员",
    )
    enforcement_number = models.CharField("执法证号", max_length=40)
    order = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "检查人员"
        verbose_name_plural = "检查人员"
        ordering = ["inspection", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "user"], name="inspection_inspector_once")
        ]

    def __str__(self) -> str:
        return f"{self.user.get_full_name() or self.user.username}（{self.enforcement_number}）"


class InspectionCheck(models.Model):
    """One of the four checks: the result, the inspector's notes, and the facts shown."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="checks")
    kind = models.CharField("检查项", max_length=20, choices=CheckKind.choices)
    result = models.CharField(
        "结果", max_length=10, choices=CheckResult.choices, default=CheckResult.PENDING
    )
    notes = models.TextField("检查情况", blank=True)
    # What the inspector saw when recording the result (inspection_facts), kept with it.
    facts = models.JSONField("依据数据", default=dict, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="记录人",
    )
    recorded_at = models.DateTimeField("记录时间", null=True, blank=True)

    class Meta:
        verbose_name = "检查项"
        verbose_name_plural = "检查项"
        ordering = ["inspection", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "kind"], name="inspection_check_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.get_result_display()}"

    def save(self, *args, **kwargs):
        if Inspection.objects.filter(pk=self.inspection_id, state=InspectionState.FILED).exists():
            raise RecordFiled(FILED_MESSAGE)
        super().save(*args, **kwargs)


class RepresentativeSignature(models.Model):
    """The enterprise representative's handwritten signature, drawn on the inspector's
    device (they have no account to sign with). Append-only, like every signature."""

    inspection = models.OneToOneField(
        Inspection, on_delete=models.PROTECT, related_name="representative_signature"
    )
    name = models.CharField("签名人", max_length=50)
    post = models.CharField("职务", max_length=50)
    drawn_image = models.FileField("手写签名", upload_to="signatures/%Y/%m/", max_length=200)
    drawn_hash = models.CharField("手写签名摘要（SHA-256）", max_length=64)
    signed_at = models.DateTimeField("签名时间")
    device = models.CharField("签名设备", max_length=300, blank=True)
    collected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="收集人"
    )

    class Meta:
        verbose_name = "被检查单位代表签名"
        verbose_name_plural = "被检查单位代表签名"

    def __str__(self) -> str:
        return f"{self.name}（{self.post}）"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("签名只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("签名只能追加，不能删除。")
