"""The append-only audit log's one writer, and the words for who acted."""

from __future__ import annotations

from typing import Any, Protocol, TypeAlias

from django.contrib.auth.models import User

from safetykb.models import AuditEvent


class Person(Protocol):
    """Whom an event is about (a staff profile; the core names no app above it)."""

    @property
    def pk(self) -> Any: ...

    @property
    def enterprise_id(self) -> int | None: ...


#: Who acted: a signed-in user, or ``SYSTEM`` (None) acting on a rule.
Actor: TypeAlias = User | None

#: The actor of what the system does by itself (deadline, window close, a fail's rule).
SYSTEM: Actor = None

# The rules the system acts on, each worded once: the person's page shows them as
# "系统（规则：…）".
RULE_DEADLINE = "考试时间到，未交的答卷自动交卷"
RULE_FAIL_OFF_POST = "考核不合格，转脱产培训"
RULE_ABSENT = "抽考窗口关闭未交卷"
RULE_ABSENT_OFF_POST = "抽考缺考按不合格处理，转脱产培训"


def audit(
    kind: str,
    *,
    staff: Person | None = None,
    actor: Actor = None,
    rule: str = "",
    reason: str = "",
    from_status: str = "",
    to_status: str = "",
    **data: Any,
) -> AuditEvent:
    """Append one audit event; the enterprise is taken from the person when there is one.

    A person acts with ``actor``; the system acts with ``actor=SYSTEM`` and the ``rule``
    that made it act (a rule given with a person is dropped: they, not a rule, acted).
    """
    person = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        kind=kind,
        staff_id=staff.pk if staff is not None else None,
        enterprise_id=data.pop("enterprise_id", None) or (staff.enterprise_id if staff else None),
        actor=person,
        rule="" if person is not None else rule,
        reason=reason,
        from_status=from_status,
        to_status=to_status,
        data=data,
    )
