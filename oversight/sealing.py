"""The seal over a filed inspection record: one SHA-256 over what the record says.

``record_content`` is the record as a plain dict (content, the four results, the spot
test's list and scores, and every signature's own hashes); the seal is the canonical
hash of that dict (``safetykb.signatures.canonical``), stored when the record is filed.
The record page recomputes it: any later change to a result, a score or a signature
shows as a broken seal.
"""

from __future__ import annotations

from typing import Any

from oversight.models import Inspection
from safetykb.signatures.canonical import content_hash
from safetykb.signatures.models import Signature


def record_content(inspection: Inspection) -> dict[str, Any]:
    """What the inspectors and the representative sign, and what the seal covers."""
    from oversight.spot_tests import examinee_rows

    enterprise = inspection.enterprise
    spot = getattr(inspection, "spot_test", None)
    content: dict[str, Any] = {
        "inspection": inspection.pk,
        "enterprise": enterprise.name,
        "credit_code": enterprise.credit_code,
        "address": enterprise.address,
        "date": inspection.date,
        "place": inspection.place,
        "representative": [inspection.representative_name, inspection.representative_post],
        "inspectors": [
            [i.user.get_full_name() or i.user.get_username(), i.enforcement_number]
            for i in inspection.inspectors.select_related("user")
        ],
        "checks": [
            {"kind": c.kind, "result": c.result, "notes": c.notes}
            for c in inspection.checks.order_by("pk")
        ],
        "corrects": inspection.corrects_id,
        "correction_reason": inspection.correction_reason,
    }
    if spot is not None:
        content["spot_test"] = {
            "seed": spot.seed,
            "pool_size": len(spot.pool),
            "examinees": [
                [row.staff_id, row.name, row.post, row.status, row.score]
                for row in examinee_rows(spot)
            ],
        }
    return content


def signature_content(inspection: Inspection) -> list[list[str]]:
    rows = [
        [str(s.signer_id), s.capacity, s.content_hash, s.drawn_hash]
        for s in Signature.objects.for_object(inspection).order_by("pk")
    ]
    representative = getattr(inspection, "representative_signature", None)
    if representative is not None:
        rows.append(["representative", representative.name, "", representative.drawn_hash])
    return rows


def seal_of(inspection: Inspection) -> str:
    return content_hash(
        {"record": record_content(inspection), "signatures": signature_content(inspection)}
    )


def seal(inspection: Inspection, *, now) -> None:
    """Store the seal on ``inspection`` (the caller saves it with the filing)."""
    inspection.seal_hash = seal_of(inspection)
    inspection.sealed_at = now


def seal_matches(inspection: Inspection) -> bool | None:
    """None before sealing; else whether the record still hashes to its seal."""
    if not inspection.seal_hash:
        return None
    return seal_of(inspection) == inspection.seal_hash
