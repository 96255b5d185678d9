"""The signature row: append-only, one per signer, capacity and signed object."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from .canonical import SCHEME

APPEND_ONLY = "签名只能追加，不能修改或删除；更正请另行签名并说明原因。"


class SignCapacity(models.TextChoices):
    """The capacity in which a person signs (谁培训谁签名, 谁检查谁签名)."""

    TRAINER = "trainer", "培训人"
    RECORDER = "recorder", "录入人"
    PRINCIPAL = "principal", "主要负责人"
    INSPECTOR = "inspector", "检查人员"
    INSPECTED_REPRESENTATIVE = "inspected_representative", "被检查单位代表"
    REVIEWER = "reviewer", "评估人"
    REVIEWED = "reviewed", "被评估人"
    COMMITTER = "committer", "承诺人"
    RECTIFIER = "rectifier", "整改责任人"
    CHECKER = "checker", "检查人"
    SAFETY_MANAGER = "safety_manager", "企业安全管理员"


class SignatureQuerySet(models.QuerySet):
    """Bulk writes would bypass ``Signature.save``/``delete``: refused here as well."""

    def update(self, **kwargs):
        raise ValueError(APPEND_ONLY)

    def delete(self):
        raise ValueError(APPEND_ONLY)

    def for_object(self, obj: models.Model) -> SignatureQuerySet:
        # The concrete model's type, as a GenericRelation on it would look it up.
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


class Signature(models.Model):
    """Who signed what, when and as whom, with the hash of the content they saw.

    ``signed_text`` keeps the exact canonical text that was hashed, so the archive shows
    what the signer saw even after the record changes. Created only by
    ``signatures.services.sign``; never updated or deleted.
    """

    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="signatures",
        verbose_name="签名人",
    )
    signed_at = models.DateTimeField("签名时间", db_index=True)
    capacity = models.CharField("签名身份", max_length=40, choices=SignCapacity.choices)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name="签名对象类型"
    )
    # Integer ids only: a GenericRelation joins on this column, and PostgreSQL will not
    # compare a text column with an integer primary key.
    object_id = models.PositiveBigIntegerField("签名对象编号")
    signed_object = GenericForeignKey("content_type", "object_id")
    scheme = models.CharField("摘要方法", max_length=40, default=SCHEME, editable=False)
    content_hash = models.CharField("内容摘要（SHA-256）", max_length=64)
    signed_text = models.TextField("签名时的内容")
    drawn_image = models.FileField(
        "手写签名", upload_to="signatures/%Y/%m/", blank=True, max_length=200
    )
    drawn_hash = models.CharField("手写签名摘要（SHA-256）", max_length=64, blank=True)

    objects = SignatureQuerySet.as_manager()

    class Meta:
        verbose_name = "电子签名"
        verbose_name_plural = "电子签名"
        ordering = ["signed_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="signature_object")]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "signer", "capacity"],
                name="signature_once_per_capacity",
            )
        ]

    def __str__(self) -> str:
        return f"{self.signer} · {self.get_capacity_display()} · {self.signed_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError(APPEND_ONLY)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError(APPEND_ONLY)
