"""An enterprise's practice settings (每日一练题数, the 班组 leaderboard switch): read with
defaults, changed by its managers, every change audit-logged."""

from __future__ import annotations

from django import forms
from django.db import transaction

from accounts.models import Enterprise
from practice.models import PracticeSettings
from safetykb.audit import Actor, audit
from safetykb.models import AuditKind

#: What a manager may change, in the order the audit entry lists them.
FIELDS = ("daily_count", "leaderboard_enabled")


class PracticeSettingsForm(forms.ModelForm):
    class Meta:
        model = PracticeSettings
        fields = FIELDS
        help_texts = {
            "daily_count": "每人每天的练习题数，1–50 题。",
            "leaderboard_enabled": (
                "开启后，员工可看到本班组本周、本月的练习排行（练习题数与正确率）。"
                "排行仅供学习激励，不作为任何考核或合规依据。"
            ),
        }
        error_messages = {
            "daily_count": {
                "min_value": "每日一练题数至少为 1 题。",
                "max_value": "每日一练题数最多为 50 题。",
                "required": "请填写每日一练题数。",
                "invalid": "每日一练题数应为整数。",
            }
        }


def settings_of(enterprise: Enterprise) -> PracticeSettings:
    """The enterprise's settings, or the defaults (unsaved) when it has none yet."""
    return PracticeSettings.objects.filter(enterprise=enterprise).first() or PracticeSettings(
        enterprise=enterprise
    )


@transaction.atomic
def update_practice_settings(
    enterprise: Enterprise, *, daily_count: int, leaderboard_enabled: bool, actor: Actor
) -> PracticeSettings:
    """Save the enterprise's settings; one audit event names each changed value
    (before, after). Saving unchanged values writes nothing."""
    if not 1 <= daily_count <= 50:
        raise ValueError(f"每日一练题数 {daily_count} 无效：应为 1–50 题。")
    settings, _ = PracticeSettings.objects.select_for_update().get_or_create(enterprise=enterprise)
    wanted = {"daily_count": daily_count, "leaderboard_enabled": leaderboard_enabled}
    changes = {
        field: [getattr(settings, field), value]
        for field, value in wanted.items()
        if getattr(settings, field) != value
    }
    if not changes:
        return settings
    for field, (_, value) in changes.items():
        setattr(settings, field, value)
    settings.save(update_fields=list(changes))
    audit(
        AuditKind.PRACTICE_SETTINGS_CHANGED,
        actor=actor,
        enterprise_id=enterprise.pk,
        changes=changes,
    )
    return settings
