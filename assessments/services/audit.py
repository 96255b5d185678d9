from __future__ import annotations

from ..models import AuditEvent


def audit(
    kind: str,
    *,
    staff=None,
    actor=None,
    reason: str = "",
    from_status: str = "",
    to_status: str = "",
    **data,
) -> AuditEvent:
    """Append one audit event; the enterprise is taken from the person when there is one."""
    return AuditEvent.objects.create(
        kind=kind,
        staff=staff,
        enterprise_id=data.pop("enterprise_id", None) or (staff.enterprise_id if staff else None),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        reason=reason,
        from_status=from_status,
        to_status=to_status,
        data=data,
    )
