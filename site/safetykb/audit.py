from __future__ import annotations

from safetykb.models import AuditEvent

#: The actor of what the system does by itself (deadline, window close, a fail's rule).
SYSTEM = None

# The rules the system acts on, each worded once: the person's page shows them as
# "系统（规则：…）".
RULE_DEADLINE = "考试时间到，未交的答卷自动交卷"
RULE_FAIL_OFF_POST = "考核不合格，转脱产培训"
RULE_ABSENT = "抽考窗口关闭未交卷"
RULE_ABSENT_OFF_POST = "抽考缺考按不合格处理，转脱产培训"


def audit(
    kind: str,
    *,
    staff=None,
    actor=None,
    rule: str = "",
    reason: str = "",
    from_status: str = "",
    to_status: str = "",
    **data,
) -> AuditEvent:
    """Append one audit event; the enterprise is taken from the person when there is one.

    A person acts with ``actor``; the system acts with ``actor=SYSTEM`` and the ``rule``
    that made it act (a rule given with a person is dropped: they, not a rule, acted).
    """
    person = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        kind=kind,
        staff=staff,
        enterprise_id=data.pop("enterprise_id", None) or (staff.enterprise_id if staff else None),
        actor=person,
        rule="" if person is not None else rule,
        reason=reason,
        from_status=from_status,
        to_status=to_status,
        data=data,
    )
