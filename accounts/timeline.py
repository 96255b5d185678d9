"""A person's history as the audit log tells it: who changed what, when and why."""

from __future__ import annotations

from dataclasses import dataclass

from accounts.models import StaffProfile
from accounts.vocab import StaffStatus
from safetykb.models import AuditEvent, AuditKind

#: Status words an audit event's from/to may hold: a person's, plus those other domains
#: register at start-up (``register_status_labels``), so this module imports none of them.
STATUS_LABELS: dict[str, str] = dict(StaffStatus.choices)


def register_status_labels(choices) -> None:
    STATUS_LABELS.update(dict(choices))


@dataclass(frozen=True)
class TimelineEntry:
    event: AuditEvent

    @property
    def from_label(self) -> str:
        return STATUS_LABELS.get(self.event.from_status, self.event.from_status)

    @property
    def to_label(self) -> str:
        return STATUS_LABELS.get(self.event.to_status, self.event.to_status)

    @property
    def detail(self) -> str:
        """A regrade's score change, e.g. 《…》得分：60 → 80 分（不合格 → 合格）."""
        data = self.event.data or {}
        if self.event.kind != AuditKind.REGRADED or "new_score" not in data:
            return ""
        scores = f"{_points(data['old_score'])} → {_points(data['new_score'])} 分"
        if data.get("old_passed") != data.get("new_passed"):
            outcome = "不合格 → 合格" if data.get("new_passed") else "合格 → 不合格"
            scores = f"{scores}（{outcome}）"
        title = data.get("assessment_title")
        note = data.get("consequence")
        text = f"《{title}》得分：{scores}" if title else f"得分：{scores}"
        return f"{text}。{note}" if note else text

    @property
    def actor_name(self) -> str:
        """The person who acted, or 系统 with the rule it acted on."""
        return actor_label(self.event)


def actor_label(event: AuditEvent) -> str:
    """操作人 as every page shows it: a name, or 系统（规则：…） when the system acted."""
    actor = event.actor
    if actor is not None:
        return actor.get_full_name() or actor.username
    return f"系统（规则：{event.rule}）" if event.rule else "系统"


def _points(value: str) -> str:
    """Points without trailing zeros: 80.00 → 80, 72.50 → 72.5."""
    text = str(value)
    return text.rstrip("0").rstrip(".") if "." in text else text


def timeline(staff: StaffProfile) -> list[TimelineEntry]:
    """The person's append-only audit trail, oldest first."""
    events = AuditEvent.objects.filter(staff=staff).select_related("actor").order_by("at", "pk")
    return [TimelineEntry(event) for event in events]
