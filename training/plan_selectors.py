"""Reads for the plan pages: scoped plans, revisions, minimums per line, ledger progress."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from accounts.scoping import visible_enterprises
from accounts.vocab import Level, StaffStatus
from training.compliance import active_rules
from training.models import HoursEntry, PlanLine, TrainingPlan, counted_entries
from training.plan_minimums import (
    LevelCheck,
    PlannedLine,
    check_levels,
    counts_toward,
    describe_minimum,
    minimum_for,
    warning_text,
)
from training.plan_progress import Attendee, LineFacts, PlanProgress, SessionFacts, match_progress
from training.plans import is_high_risk
from training.rules.hours import TrainingKind

LEVEL_LABELS = dict(Level.choices)


def visible_plans(user) -> QuerySet[TrainingPlan]:
    """Plans of the enterprises the user sees (their own; a regulator's jurisdiction)."""
    return TrainingPlan.objects.filter(enterprise__in=visible_enterprises(user)).select_related(
        "enterprise", "drafted_by", "approved_by", "revises"
    )


def get_plan_in_scope_or_404(user, pk: int) -> TrainingPlan:
    try:
        return visible_plans(user).get(pk=pk)
    except TrainingPlan.DoesNotExist:
        raise Http404("培训计划不存在或不在您的查看范围内。") from None


def plan_revisions(plan: TrainingPlan) -> list[TrainingPlan]:
    """Every revision for the plan's enterprise and year, newest first."""
    return list(
        TrainingPlan.objects.filter(enterprise_id=plan.enterprise_id, year=plan.year)
        .select_related("drafted_by", "approved_by")
        .order_by("-revision")
    )


def plan_lines(plan: TrainingPlan) -> list[PlanLine]:
    return list(plan.lines.prefetch_related("pages").order_by("month", "position", "pk"))


@dataclass(frozen=True)
class LineRow:
    """A plan line with the statutory minimum of its level and whether it counts toward it."""

    line: PlanLine
    minimum: str
    counts: bool


@dataclass(frozen=True)
class MinimumReport:
    rows: list[LineRow]
    checks: list[LevelCheck]
    warnings: list[str]


def levels_employed(enterprise_id: int) -> list[str]:
    from accounts.models import StaffProfile

    return list(
        StaffProfile.objects.filter(enterprise_id=enterprise_id)
        .exclude(status=StaffStatus.LEFT)
        .exclude(level="")
        .values_list("level", flat=True)
        .distinct()
    )


def minimum_report(plan: TrainingPlan, lines: list[PlanLine]) -> MinimumReport:
    """Each line's minimum, and a warning per level (planned or employed) that falls short."""
    high_risk = is_high_risk(plan.enterprise)
    rules = active_rules()
    rows = []
    for line in lines:
        rule = minimum_for(line.level, high_risk, rules)
        planned = PlannedLine(line.level, TrainingKind(line.kind), line.hours)
        rows.append(LineRow(line, describe_minimum(rule), counts_toward(planned, rule)))
    checks = check_levels(
        (PlannedLine(ln.level, TrainingKind(ln.kind), ln.hours) for ln in lines),
        high_risk,
        levels_employed(plan.enterprise_id),
        rules,
    )
    warnings = [
        warning_text(check, LEVEL_LABELS.get(check.level, check.level))
        for check in checks
        if check.short
    ]
    return MinimumReport(rows, checks, warnings)


def delivered_sessions(enterprise_id: int, year: int) -> list[SessionFacts]:
    """The year's sessions with each attendee's counted hours (corrections applied).

    An attendee's level, specialty and post are today's: the ledger keeps no history of them.
    """
    rows = (
        counted_entries(HoursEntry.objects.filter(session__enterprise_id=enterprise_id))
        .filter(session__starts_on__year=year)
        .values(
            "session_id",
            "session__kind",
            "session__starts_on",
            "staff_id",
            "staff__level",
            "staff__specialty",
            "staff__post",
        )
        .annotate(total=Sum("hours"))
        .order_by("session_id", "staff_id")
    )
    attendees: dict[int, list[Attendee]] = defaultdict(list)
    heads: dict[int, tuple[str, dt.date]] = {}
    for row in rows:
        heads[row["session_id"]] = (row["session__kind"], row["session__starts_on"])
        attendees[row["session_id"]].append(
            Attendee(
                staff_id=row["staff_id"],
                level=row["staff__level"],
                specialty=row["staff__specialty"],
                post=row["staff__post"],
                hours=row["total"] or Decimal(0),
            )
        )
    return [
        SessionFacts(id=sid, kind=kind, on=on, attendees=tuple(attendees[sid]))
        for sid, (kind, on) in heads.items()
    ]


def plan_progress(
    plan: TrainingPlan, lines: list[PlanLine], today: dt.date | None = None
) -> PlanProgress:
    facts = [
        LineFacts(
            id=line.pk,
            level=line.level,
            kind=line.kind,
            month=line.month,
            hours=line.hours,
            specialty=line.specialty,
            post=line.post,
            order=line.position,
        )
        for line in lines
    ]
    return match_progress(
        facts,
        delivered_sessions(plan.enterprise_id, plan.year),
        plan.year,
        today or timezone.localdate(),
    )
