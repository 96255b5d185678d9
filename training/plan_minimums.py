"""The statutory minimum each plan line must meet, and the levels whose plan falls short.

Plain Python (no Django): levels are the people's level values (``accounts.vocab.Level``
as strings), mapped once here onto the training rules' coarser layers. For a plan, the
binding minimum of a level is the yearly refresher rule (第九条 for principals and safety
managers, 第十三条 for other staff in high-risk units); for new hires it is the pre-post
rule (24 or 72 学时, 第十三条). Only the hours of lines whose kind the rule counts are
added up against it (a drill does not count toward the refresher hours).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from training.rules.hours import (
    DEFAULT_HOURS_RULES,
    RULES_LEVEL,
    HoursRule,
    TrainingKind,
    Trigger,
    format_hours,
)

NEW_HIRE = "new_hire"


def minimum_for(
    level: str, high_risk: bool, rules: Sequence[HoursRule] = DEFAULT_HOURS_RULES
) -> HoursRule | None:
    """The rule with hours a plan must meet for ``level`` in a year; None if none binds.

    New hires owe the pre-post hours; everyone else the yearly refresher.
    """
    rules_level = RULES_LEVEL.get(level)
    if rules_level is None:
        return None
    trigger = Trigger.HIRE if level == NEW_HIRE else Trigger.EVERY_YEAR
    candidates = [
        rule
        for rule in rules
        if rule.trigger is trigger
        and rule.hours is not None
        and rules_level in rule.levels
        and rule.high_risk in (None, high_risk)
    ]
    return max(candidates, key=lambda rule: rule.hours or 0, default=None)


@dataclass(frozen=True, slots=True)
class PlannedLine:
    level: str
    kind: TrainingKind
    hours: Decimal


@dataclass(frozen=True, slots=True)
class LevelCheck:
    """A level's planned hours against its minimum (``rule`` None: the law names none)."""

    level: str
    rule: HoursRule | None
    planned: Decimal
    counted: Decimal

    @property
    def short(self) -> bool:
        return (
            self.rule is not None and self.rule.hours is not None and self.counted < self.rule.hours
        )

    @property
    def shortfall(self) -> Decimal:
        if not self.short or self.rule is None or self.rule.hours is None:
            return Decimal(0)
        return self.rule.hours - self.counted


def counts_toward(line: PlannedLine, rule: HoursRule | None) -> bool:
    return rule is not None and line.kind in rule.kinds


def check_levels(
    lines: Iterable[PlannedLine],
    high_risk: bool,
    levels_present: Iterable[str] = (),
    rules: Sequence[HoursRule] = DEFAULT_HOURS_RULES,
) -> list[LevelCheck]:
    """One check per level planned for or employed (``levels_present``), in vocabulary order.

    A level with staff but no line is checked too: planning nothing for it is a shortfall.
    """
    planned: dict[str, Decimal] = defaultdict(Decimal)
    counted: dict[str, Decimal] = defaultdict(Decimal)
    levels = set(levels_present)
    for line in lines:
        levels.add(line.level)
        planned[line.level] += line.hours
        if counts_toward(line, minimum_for(line.level, high_risk, rules)):
            counted[line.level] += line.hours
    order = list(RULES_LEVEL)
    return [
        LevelCheck(
            level=level,
            rule=minimum_for(level, high_risk, rules),
            planned=planned[level],
            counted=counted[level],
        )
        for level in sorted(levels, key=lambda lv: order.index(lv) if lv in order else len(order))
    ]


def describe_minimum(rule: HoursRule | None) -> str:
    """“≥ 20 学时（《生产经营单位安全培训规定》第十三条）” or a note that none applies."""
    if rule is None or rule.hours is None:
        return "法规未规定年度学时下限"
    return f"≥ {format_hours(rule.hours)} 学时（{rule.source}）"


def warning_text(check: LevelCheck, level_label: str) -> str:
    """The plan's warning for a level that falls short, naming the rule and the gap."""
    assert check.rule is not None and check.rule.hours is not None
    return (
        f"{level_label}：计入“{check.rule.title}”的计划学时为 {format_hours(check.counted)}，"
        f"少于{check.rule.source}规定的 {format_hours(check.rule.hours)} 学时，"
        f"还差 {format_hours(check.shortfall)} 学时。"
    )
