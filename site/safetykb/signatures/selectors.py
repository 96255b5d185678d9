"""Reading signatures for a page: each with whether the content still matches."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models

from .models import Signature
from .services import verify


@dataclass(frozen=True, slots=True)
class SignatureRow:
    signature: Signature
    signer_name: str
    capacity_label: str
    unchanged: bool

    @property
    def signed_at(self):
        return self.signature.signed_at


def signature_rows(obj: models.Model, content: Mapping[str, Any]) -> list[SignatureRow]:
    """The signatures on ``obj`` in signing order (one query), each checked against
    ``content``, which the caller builds exactly as it did when signing."""
    rows = []
    for signature in Signature.objects.for_object(obj).select_related("signer"):
        signer = signature.signer
        rows.append(
            SignatureRow(
                signature=signature,
                signer_name=signer.get_full_name() or signer.get_username(),
                capacity_label=signature.get_capacity_display(),
                unchanged=verify(signature, content),
            )
        )
    return rows
