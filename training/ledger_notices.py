"""The ledger's and the plan's daily reminders (registered with ``training.notices``):
people short of this year's hours, and plan lines whose month ended short of hours."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.urls import reverse

from accounts.models import Enterprise, StaffProfile
from training.compliance import people_short_of_hours
from training.models.plans import PlanStatus, TrainingPlan
from training.notices import NoticeDraft, notice_kind
from training.plan_selectors import plan_lines, plan_progress


def _quarter(on: dt.date) -> str:
    return f"{on.year}Q{(on.month - 1) // 3 + 1}"


@notice_kind("hours_short", "学时不足")
def hours_short(enterprise: Enterprise, on: dt.date) -> Iterator[NoticeDraft]:
    """Once a quarter per person while they are short: a reminder, not a daily nag."""
    staff = StaffProfile.objects.filter(enterprise=enterprise)
    for person in people_short_of_hours(staff, on.year):
        yield NoticeDraft(
            key=f"hours_short:{person.staff.pk}:{_quarter(on)}",
            staff=person.staff,
            title=f"{person.staff} {on.year} 年培训学时：{person.status.label}",
            body=f"尚差 {person.shortfall} 学时",
            url=reverse("training:person_hours", args=[person.staff.pk]),
        )


@notice_kind("plan_line_behind", "培训计划滞后")
def plan_lines_behind(enterprise: Enterprise, on: dt.date) -> Iterator[NoticeDraft]:
    """Each line of the approved plan whose month ended short of its hours, once."""
    plan = TrainingPlan.objects.filter(
        enterprise=enterprise, year=on.year, status=PlanStatus.APPROVED
    ).first()
    if plan is None:
        return
    lines = plan_lines(plan)
    progress = plan_progress(plan, lines, today=on)
    for line in lines:
        line_progress = progress.of(line.pk)
        if line_progress.behind:
            yield NoticeDraft(
                key=f"plan_line_behind:{line.pk}",
                title=f"年度培训计划滞后：{line}",
                body=f"已完成 {line_progress.counted} / {line.hours} 学时",
                url=reverse("training:plan", args=[plan.pk]),
            )
