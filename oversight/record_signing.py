"""Signing the inspection record on the inspector's device (谁检查、谁签名、谁负责).

In 待签字, each inspector signs with a drawn signature and their own password (the
project's ``safetykb.signatures.sign``, over ``sealing.record_content``), and the
enterprise representative, who has no account, signs by drawing on the same device.
Filing needs every signature; the seal then covers the record and the signatures.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from oversight.inspections import InspectionError, is_inspector
from oversight.models import Inspection, InspectionState, RepresentativeSignature
from oversight.sealing import record_content
from safetykb.audit import audit
from safetykb.models import AuditKind
from safetykb.signatures.models import Signature, SignCapacity
from safetykb.signatures.services import MAX_DRAWN_BYTES, PNG_MAGIC, sign

DATA_URL_PREFIX = "data:image/png;base64,"


def png_from_data_url(value: str) -> bytes:
    """The canvas's ``toDataURL()`` as PNG bytes; InspectionError when there is none."""
    value = (value or "").strip()
    if not value.startswith(DATA_URL_PREFIX):
        raise InspectionError("请先在签名框内手写签名。")
    try:
        png = base64.b64decode(value[len(DATA_URL_PREFIX) :], validate=True)
    except (binascii.Error, ValueError):
        raise InspectionError("手写签名图片无法读取，请清除后重新签名。") from None
    if not png.startswith(PNG_MAGIC) or len(png) > MAX_DRAWN_BYTES:
        raise InspectionError("手写签名须为 PNG 图片，且不超过 512 KB。")
    return png


def _awaiting(inspection: Inspection) -> None:
    if inspection.state != InspectionState.AWAITING_SIGNATURES:
        raise InspectionError(
            f"检查记录当前为“{inspection.get_state_display()}”，现场检查结束后才能签字。"
        )


def unsigned_inspectors(inspection: Inspection) -> list:
    signed = set(
        Signature.objects.for_object(inspection)
        .filter(capacity=SignCapacity.INSPECTOR)
        .values_list("signer_id", flat=True)
    )
    return [i for i in inspection.inspectors.select_related("user") if i.user_id not in signed]


def missing_signatures(inspection: Inspection) -> list[str]:
    names = [i.user.get_full_name() or i.user.username for i in unsigned_inspectors(inspection)]
    if not hasattr(inspection, "representative_signature"):
        names.append(f"{inspection.representative_name}（被检查单位）")
    return names


def sign_as_inspector(
    inspection: Inspection,
    *,
    actor,
    inspector_user_id: int,
    password: str,
    drawn_png: bytes,
    request: HttpRequest | None = None,
) -> Signature:
    """One inspector signs on the device ``actor`` (an inspector) holds, with their own
    password. Not wrapped in a transaction: a wrong password's count must be kept."""
    if not is_inspector(actor, inspection):
        raise InspectionError("只有本次检查的检查人员可以收集签名。")
    _awaiting(inspection)
    inspector = (
        inspection.inspectors.select_related("user").filter(user_id=inspector_user_id).first()
    )
    if inspector is None:
        raise InspectionError("签名人不是本次检查的检查人员。")
    try:
        return sign(
            inspection,
            user=inspector.user,
            password=password,
            capacity=SignCapacity.INSPECTOR,
            content=record_content(inspection),
            drawn_png=drawn_png,
            request=request,
        )
    except ValidationError as refusal:
        raise InspectionError("；".join(refusal.messages)) from None


def sign_as_representative(
    inspection: Inspection, *, actor, drawn_png: bytes, device: str = "", now=None
) -> RepresentativeSignature:
    """The enterprise representative's drawn signature, collected by an inspector."""
    now = now or timezone.now()
    with transaction.atomic():
        inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
        if not is_inspector(actor, inspection):
            raise InspectionError("只有本次检查的检查人员可以收集签名。")
        _awaiting(inspection)
        if RepresentativeSignature.objects.filter(inspection=inspection).exists():
            raise InspectionError("被检查单位代表已签名。")
        signature = RepresentativeSignature(
            inspection=inspection,
            name=inspection.representative_name,
            post=inspection.representative_post,
            drawn_hash=hashlib.sha256(drawn_png).hexdigest(),
            signed_at=now,
            device=device[:300],
            collected_by=actor,
        )
        signature.drawn_image = ContentFile(drawn_png, name=f"{secrets.token_hex(16)}.png")
        signature.save()
        audit(
            AuditKind.SIGNED,
            actor=actor,
            enterprise_id=inspection.enterprise_id,
            capacity=SignCapacity.INSPECTED_REPRESENTATIVE,
            signer_name=signature.name,
            object=f"oversight.inspection:{inspection.pk}",
            drawn_hash=signature.drawn_hash,
        )
    return signature
