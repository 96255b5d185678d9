"""问题清单: the problems an inspection found, and each one's follow-up to closure.

A finding is proposed (from the spot test and the checks' facts, or added by the
inspector), issued by an inspector with the provision it breaches, the rectification
required and a deadline, answered by the enterprise with its rectification and evidence,
and reviewed (复查) by an inspector, who closes or reopens it. Each of these steps is a
``FindingStep``: append-only, signed by who took it (the signature is over the step).
The finding's own row holds only the current state, derived from its last step.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from oversight.models.inspections import Inspection


class FindingSource(models.TextChoices):
    SPOT_TEST = "spot_test", "现场抽考"
    CHECK = "check", "检查项"
    INSPECTOR = "inspector", "检查人员添加"


class FindingState(models.TextChoices):
    PROPOSED = "proposed", "待确认"
    DISMISSED = "dismissed", "不列入"
    OPEN = "open", "待整改"
    ANSWERED = "answered", "待复查"
    CLOSED = "closed", "已销号"

    def allowed_steps(self) -> tuple[StepKind, ...]:
        return _STEPS[self]


class StepKind(models.TextChoices):
    ISSUED = "issued", "下达整改"
    DISMISSED = "dismissed", "不列入问题清单"
    ANSWERED = "answered", "整改答复"
    CLOSED = "closed", "复查销号"
    REOPENED = "reopened", "复查退回"

    @property
    def target(self) -> FindingState:
        return _TARGET[self]


_STEPS: dict[FindingState, tuple[StepKind, ...]] = {
    FindingState.PROPOSED: (StepKind.ISSUED, StepKind.DISMISSED),
    FindingState.DISMISSED: (),
    FindingState.OPEN: (StepKind.ANSWERED,),
    FindingState.ANSWERED: (StepKind.CLOSED, StepKind.REOPENED),
    FindingState.CLOSED: (),
}

_TARGET: dict[StepKind, FindingState] = {
    StepKind.ISSUED: FindingState.OPEN,
    StepKind.DISMISSED: FindingState.DISMISSED,
    StepKind.ANSWERED: FindingState.ANSWERED,
    StepKind.CLOSED: FindingState.CLOSED,
    StepKind.REOPENED: FindingState.OPEN,
}

#: Steps an inspector takes; the enterprise takes the others.
INSPECTOR_STEPS = frozenset(
    {StepKind.ISSUED, StepKind.DISMISSED, StepKind.CLOSED, StepKind.REOPENED}
)


class Finding(models.Model):
    inspection = models.ForeignKey(
        Inspection, on_delete=models.PROTECT, related_name="findings", verbose_name="执法检查"
    )
    # Kept with the finding so dashboards filter without joining the inspection.
    enterprise = models.ForeignKey(
        "accounts.Enterprise", on_delete=models.PROTECT, related_name="+", verbose_name="企业"
    )
    number = models.PositiveSmallIntegerField("序号")
    source = models.CharField("来源", max_length=12, choices=FindingSource.choices)
    check_kind = models.CharField("检查项", max_length=20, blank=True)
    # What a proposal came from, so proposing twice adds nothing twice.
    source_key = models.CharField("来源标识", max_length=80, blank=True)
    staff = models.ForeignKey(
        "accounts.StaffProfile",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="涉及人员",
    )
    description = models.TextField("问题描述")
    provision = models.ForeignKey(
        "regulations.Provision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="违反条款",
    )
    # The provision as cited on the day: the list reads the same if the text is revised.
    provision_citation = models.CharField("违反条款（引用）", max_length=300, blank=True)
    rectification = models.TextField("整改要求", blank=True)
    deadline = models.DateField("整改期限", null=True, blank=True)
    state = models.CharField(
        "状态", max_length=12, choices=FindingState.choices, default=FindingState.PROPOSED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="提出人",
    )
    created_at = models.DateTimeField("提出时间", auto_now_add=True)
    closed_at = models.DateTimeField("销号时间", null=True, blank=True)

    class Meta:
        verbose_name = "检查发现问题"
        verbose_name_plural = "问题清单"
        ordering = ["inspection", "number"]
        indexes = [models.Index(fields=["enterprise", "state", "deadline"])]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "number"], name="finding_number_once"),
            models.UniqueConstraint(
                fields=["inspection", "source_key"],
                condition=~models.Q(source_key=""),
                name="finding_proposed_once",
            ),
        ]

    def __str__(self) -> str:
        return f"问题{self.number}：{self.description[:40]}"

    def is_overdue(self, today) -> bool:
        return (
            self.state == FindingState.OPEN and self.deadline is not None and self.deadline < today
        )


class FindingStep(models.Model):
    """One signed step in a finding's follow-up. Never changed or deleted."""

    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, related_name="steps")
    kind = models.CharField("步骤", max_length=12, choices=StepKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="办理人"
    )
    at = models.DateTimeField("时间")
    text = models.TextField("说明")
    # For an issue or a reopen: the deadline set by this step.
    deadline = models.DateField("整改期限", null=True, blank=True)

    class Meta:
        verbose_name = "问题办理记录"
        verbose_name_plural = "问题办理记录"
        ordering = ["finding", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("办理记录只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("办理记录只能追加，不能删除。")


class FindingEvidence(models.Model):
    """A file the enterprise gave with its answer (a document or a photo)."""

    step = models.ForeignKey(FindingStep, on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField("佐证材料", upload_to="findings/%Y/%m/", max_length=200)
    name = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField("大小（字节）")
    sha256 = models.CharField("摘要（SHA-256）", max_length=64)

    class Meta:
        verbose_name = "整改佐证材料"
        verbose_name_plural = "整改佐证材料"
        ordering = ["step", "pk"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("佐证材料只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("佐证材料只能追加，不能删除。")
