"""What a person owes in training hours, from rules that cite their legal source.

Plain Python (no Django): the rules are data (``HoursRule`` records, ``DEFAULT_HOURS_RULES``
pre-filled from 《生产经营单位安全培训规定》), so the editors' rules table can feed the same
function. ``hours_owed`` turns a person's facts and ledger entries into obligations for a
year; the ledger's integrity rules are in ``ledger``.

Chinese legal usage counts the boundary in: "不得少于 24 学时" is ≥ 24, and "一年以上"
includes exactly one year (刑法 第九十九条, 民法典 第一千二百五十九条: 以上、以下包括本数).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum, nonmember

__all__ = [
    "DEFAULT_HOURS_RULES",
    "MANAGEMENT",
    "REGULATION",
    "STAFF",
    "Absence",
    "HoursReport",
    "HoursRule",
    "HoursStatus",
    "LabelledEnum",
    "LedgerEntry",
    "Level",
    "Obligation",
    "PersonFacts",
    "TrainingKind",
    "Trigger",
    "add_months",
    "add_years",
    "done_by_kind",
    "format_hours",
    "hours_owed",
]

REGULATION = "《生产经营单位安全培训规定》"


class LabelledEnum(StrEnum):
    """A ``StrEnum`` whose members carry their Chinese label: ``A = "a", "标签"``.

    The value is what a model stores; ``.choices`` gives a model field its choices
    without this package importing Django.
    """

    _label_: str

    def __new__(cls, value: str, label: str = "") -> LabelledEnum:
        member = str.__new__(cls, value)
        member._value_ = value
        member._label_ = label
        return member

    @property
    def label(self) -> str:
        return self._label_

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(member.value, member.label) for member in cls]

    # Django templates call callables; an enum class must not be called there.
    do_not_call_in_templates = nonmember(True)


class Level(LabelledEnum):
    """The layers the training rules distinguish (not the exam system's finer levels)."""

    PRINCIPAL = "principal", "主要负责人"
    SAFETY_MANAGER = "safety_manager", "安全生产管理人员"
    WORKER = "worker", "一般从业人员"
    SPECIAL_OPERATOR = "special_operator", "特种作业人员"


MANAGEMENT = frozenset({Level.PRINCIPAL, Level.SAFETY_MANAGER})
#: 其他从业人员 (第十二条): everyone who is not a principal or a safety manager.
STAFF = frozenset({Level.WORKER, Level.SPECIAL_OPERATOR})


class TrainingKind(LabelledEnum):
    PLANT_LEVEL = "plant_level", "三级安全教育（厂级）"
    WORKSHOP_LEVEL = "workshop_level", "三级安全教育（车间级）"
    TEAM_LEVEL = "team_level", "三级安全教育（班组级）"
    INDUCTION = "induction", "新上岗培训"
    REFRESHER = "refresher", "年度再培训"
    OFF_POST = "off_post", "脱产培训"
    POST_CHANGE = "post_change", "转岗 / 复岗培训"
    NEW_PROCESS = "new_process", "新工艺新设备专项培训"
    APPRENTICESHIP = "apprenticeship", "师带徒"
    EXTERNAL = "external", "外部培训"
    DRILL = "drill", "应急演练"


class Trigger(LabelledEnum):
    """When a rule starts to bind a person."""

    TAKING_OFFICE = "taking_office", "任职"
    HIRE = "hire", "新上岗"
    #: Every calendar year after the one in which the person took up their level.
    EVERY_YEAR = "every_year", "每年"
    POST_CHANGE = "post_change", "调整工作岗位"
    RETURN = "return", "离岗一年以上重新上岗"


class HoursStatus(LabelledEnum):
    MET = "met", "达标"
    SHORT = "short", "不足"
    PRE_POST_INCOMPLETE = "pre_post_incomplete", "未完成岗前培训"


@dataclass(frozen=True, slots=True)
class HoursRule:
    """One statutory minimum: who it binds, from when, which ledger kinds count, how much.

    ``hours`` None means the law names no number of hours, only that the training happen:
    at least one entry of the counted kinds meets it. ``high_risk`` None binds every unit;
    True only 危险化学品 / 烟花爆竹 / 金属冶炼 / 矿山 units; False only the others.
    ``before_post`` rules must be met before the person works the post alone.
    """

    code: str
    title: str
    source: str
    levels: frozenset[Level]
    trigger: Trigger
    kinds: frozenset[TrainingKind]
    hours: Decimal | None
    high_risk: bool | None = None
    before_post: bool = False

    def binds(self, facts: PersonFacts) -> bool:
        return facts.level in self.levels and self.high_risk in (None, facts.high_risk)


_THREE_LEVELS = (
    (TrainingKind.PLANT_LEVEL, "厂级"),
    (TrainingKind.WORKSHOP_LEVEL, "车间级"),
    (TrainingKind.TEAM_LEVEL, "班组级"),
)
#: What counts toward the hours before the post: the three levels and induction courses.
_PRE_POST_KINDS = frozenset(
    {*(kind for kind, _ in _THREE_LEVELS), TrainingKind.INDUCTION, TrainingKind.EXTERNAL}
)
_INITIAL_KINDS = frozenset({TrainingKind.INDUCTION, TrainingKind.EXTERNAL})
#: Yearly refresher: any structured course of the year. Drills and apprenticeship are
#: practice, not training hours, so they do not count (editors may change this).
_REFRESHER_KINDS = frozenset(
    {
        TrainingKind.REFRESHER,
        TrainingKind.EXTERNAL,
        TrainingKind.OFF_POST,
        TrainingKind.NEW_PROCESS,
        TrainingKind.POST_CHANGE,
    }
)


def _management_rules(high_risk: bool, initial: int, refresher: int) -> tuple[HoursRule, ...]:
    units = "高危行业单位" if high_risk else "一般单位"
    suffix = "_high_risk" if high_risk else ""
    return (
        HoursRule(
            code=f"management_initial{suffix}",
            title=f"主要负责人、安全生产管理人员初次安全培训（{units}）",
            source=f"{REGULATION}第九条",
            levels=MANAGEMENT,
            trigger=Trigger.TAKING_OFFICE,
            kinds=_INITIAL_KINDS,
            hours=Decimal(initial),
            high_risk=high_risk,
        ),
        HoursRule(
            code=f"management_refresher{suffix}",
            title=f"主要负责人、安全生产管理人员每年再培训（{units}）",
            source=f"{REGULATION}第九条",
            levels=MANAGEMENT,
            trigger=Trigger.EVERY_YEAR,
            kinds=_REFRESHER_KINDS,
            hours=Decimal(refresher),
            high_risk=high_risk,
        ),
    )


def _again_rules(trigger: Trigger, code: str, why: str) -> tuple[HoursRule, ...]:
    return tuple(
        HoursRule(
            code=f"{code}_{kind.value}",
            title=f"{why}重新接受{name}安全培训",
            source=f"{REGULATION}第十七条",
            levels=STAFF,
            trigger=trigger,
            kinds=frozenset({kind}),
            hours=None,
            before_post=True,
        )
        for kind, name in _THREE_LEVELS[1:]
    )


DEFAULT_HOURS_RULES: tuple[HoursRule, ...] = (
    *_management_rules(high_risk=False, initial=32, refresher=12),
    *_management_rules(high_risk=True, initial=48, refresher=16),
    HoursRule(
        code="staff_pre_post",
        title="新上岗从业人员岗前安全培训（一般单位）",
        source=f"{REGULATION}第十三条",
        levels=STAFF,
        trigger=Trigger.HIRE,
        kinds=_PRE_POST_KINDS,
        hours=Decimal(24),
        high_risk=False,
        before_post=True,
    ),
    HoursRule(
        code="staff_pre_post_high_risk",
        title="新上岗从业人员岗前安全培训（高危行业单位）",
        source=f"{REGULATION}第十三条",
        levels=STAFF,
        trigger=Trigger.HIRE,
        kinds=_PRE_POST_KINDS,
        hours=Decimal(72),
        high_risk=True,
        before_post=True,
    ),
    HoursRule(
        code="staff_refresher_high_risk",
        title="从业人员每年再培训（高危行业单位）",
        source=f"{REGULATION}第十三条",
        levels=STAFF,
        trigger=Trigger.EVERY_YEAR,
        kinds=_REFRESHER_KINDS,
        hours=Decimal(20),
        high_risk=True,
    ),
    *(
        HoursRule(
            code=f"three_level_{kind.value}",
            title=f"上岗前三级安全教育：{name}",
            source=f"{REGULATION}第十二条",
            levels=STAFF,
            trigger=Trigger.HIRE,
            kinds=frozenset({kind}),
            hours=None,
            before_post=True,
        )
        for kind, name in _THREE_LEVELS
    ),
    *_again_rules(Trigger.POST_CHANGE, "post_change", "调整工作岗位后"),
    *_again_rules(Trigger.RETURN, "return", "离岗一年以上重新上岗前"),
)


def add_years(day: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the month's last day (31 Aug + 6 → 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    for last in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month + 1, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")


def format_hours(hours: Decimal) -> str:
    """4.50 → "4.5", 8.0 → "8": hours as people write them."""
    return format(hours.normalize(), "f")


@dataclass(frozen=True, slots=True)
class Absence:
    left_on: dt.date
    returned_on: dt.date

    @property
    def a_year_or_more(self) -> bool:
        """离岗一年以上, the boundary included: away 2023-03-01 → back 2024-03-01 counts."""
        return self.returned_on >= add_years(self.left_on, 1)


@dataclass(frozen=True, slots=True)
class PersonFacts:
    """What the rules need to know about one person.

    ``level_since`` is when they took up their current level (任职 for a principal); the
    hire date when not given. ``post_changes`` are the dates they started a new post within
    the enterprise; ``absences`` their periods away from the post.
    ``operation_categories`` are the 特种作业 categories they work in (for certificates).
    ``ledger_since`` is the day from which the ledger holds their training: one-off rules
    triggered before it (the 三级教育 of someone hired years before the system) are not
    checked, since their record is on paper; None checks everything.
    """

    name: str
    level: Level
    high_risk: bool
    hire_date: dt.date
    level_since: dt.date | None = None
    post_changes: tuple[dt.date, ...] = ()
    absences: tuple[Absence, ...] = ()
    operation_categories: tuple[str, ...] = ()
    ledger_since: dt.date | None = None

    @property
    def in_level_since(self) -> dt.date:
        return self.level_since or self.hire_date


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    on: dt.date
    kind: TrainingKind
    hours: Decimal


@dataclass(frozen=True, slots=True)
class Obligation:
    """One rule as it binds a person in a year: entries dated ``since``–``until`` count."""

    rule: HoursRule
    since: dt.date
    until: dt.date
    done: Decimal
    entries: int

    @property
    def required(self) -> Decimal | None:
        return self.rule.hours

    @property
    def met(self) -> bool:
        if self.rule.hours is None:
            return self.entries > 0
        return self.done >= self.rule.hours

    @property
    def shortfall(self) -> Decimal:
        """Hours still missing; 0 for a met rule and for a rule with no number of hours."""
        if self.rule.hours is None or self.met:
            return Decimal(0)
        return self.rule.hours - self.done


@dataclass(frozen=True, slots=True)
class HoursReport:
    name: str
    year: int
    obligations: tuple[Obligation, ...]

    @property
    def status(self) -> HoursStatus:
        unmet = [o for o in self.obligations if not o.met]
        if any(o.rule.before_post for o in unmet):
            return HoursStatus.PRE_POST_INCOMPLETE
        return HoursStatus.SHORT if unmet else HoursStatus.MET

    @property
    def shortfall(self) -> Decimal:
        """Total hours short over every rule: the sort key for "who is shortest"."""
        return sum((o.shortfall for o in self.obligations), Decimal(0))

    @property
    def unmet(self) -> tuple[Obligation, ...]:
        return tuple(o for o in self.obligations if not o.met)

    @property
    def before_working_alone(self) -> tuple[Obligation, ...]:
        """What a new or moved person must still complete before working the post alone."""
        return tuple(o for o in self.unmet if o.rule.before_post)

    @property
    def progress(self) -> Decimal:
        """Share of the required hours done, 0–1, for a progress bar: each rule's hours
        count up to its minimum, so extra hours on one rule don't hide another's gap; a
        rule without hours counts as one unit, done or not. 1 when nothing is owed."""
        required = done = Decimal(0)
        for o in self.obligations:
            need = o.rule.hours if o.rule.hours is not None else Decimal(1)
            required += need
            done += min(o.done, need) if o.rule.hours is not None else Decimal(o.met)
        return done / required if required else Decimal(1)


def _obligation(
    rule: HoursRule, since: dt.date, until: dt.date, entries: Sequence[LedgerEntry]
) -> Obligation:
    counted = [e for e in entries if e.kind in rule.kinds and since <= e.on <= until]
    return Obligation(
        rule=rule,
        since=since,
        until=until,
        done=sum((e.hours for e in counted), Decimal(0)),
        entries=len(counted),
    )


def _start(rule: HoursRule, facts: PersonFacts, year_end: dt.date) -> dt.date | None:
    """The day from which ``rule`` binds, as of the end of the year; None if not yet."""
    if rule.trigger is Trigger.HIRE:
        start: dt.date | None = facts.hire_date
    elif rule.trigger is Trigger.TAKING_OFFICE:
        start = facts.in_level_since
    elif rule.trigger is Trigger.POST_CHANGE:
        # Only the latest move matters: an earlier post is no longer the one worked.
        start = max((d for d in facts.post_changes if d <= year_end), default=None)
    elif rule.trigger is Trigger.RETURN:
        start = max(
            (
                a.returned_on
                for a in facts.absences
                if a.a_year_or_more and a.returned_on <= year_end
            ),
            default=None,
        )
    else:
        raise ValueError(f"not a one-off trigger: {rule.trigger}")
    if start is None or start > year_end:
        return None
    if facts.ledger_since is not None and start < facts.ledger_since:
        return None
    return start


def hours_owed(
    facts: PersonFacts,
    entries: Iterable[LedgerEntry],
    year: int,
    rules: Sequence[HoursRule] = DEFAULT_HOURS_RULES,
) -> HoursReport:
    """Each rule binding ``facts`` in ``year``, with the hours done against it.

    A one-off rule (before the post, initial training, after a move or a return) is owed
    in the year it is triggered, counting entries from the trigger to the year's end, and
    in later years too while it stays unmet. A yearly rule binds every calendar year after
    the one in which the person took up their level (the first year has the initial or
    pre-post training instead), counting that year's entries.
    """
    ledger = list(entries)
    year_start, year_end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    obligations = []
    for rule in rules:
        if not rule.binds(facts):
            continue
        if rule.trigger is Trigger.EVERY_YEAR:
            if year > facts.in_level_since.year:
                obligations.append(_obligation(rule, year_start, year_end, ledger))
            continue
        start = _start(rule, facts, year_end)
        if start is None:
            continue
        obligation = _obligation(rule, start, year_end, ledger)
        if start.year == year or not obligation.met:
            obligations.append(obligation)
    return HoursReport(name=facts.name, year=year, obligations=tuple(obligations))


def done_by_kind(entries: Iterable[LedgerEntry], year: int) -> dict[TrainingKind, Decimal]:
    """Hours done in ``year`` per kind, for the person's table."""
    totals: dict[TrainingKind, Decimal] = defaultdict(Decimal)
    for entry in entries:
        if entry.on.year == year:
            totals[entry.kind] += entry.hours
    return dict(totals)


#: The people's levels (accounts.vocab.Level values) as the training rules see them.
#: 分管负责人 oversees safety for the principal: held to the safety managers' hours.
#: 专业技术人员 and 班组长 are 其他从业人员 (第十二条 onwards).
RULES_LEVEL: dict[str, Level] = {
    "principal": Level.PRINCIPAL,
    "deputy_principal": Level.SAFETY_MANAGER,
    "safety_manager": Level.SAFETY_MANAGER,
    "technician": Level.WORKER,
    "team_leader": Level.WORKER,
    "special_operator": Level.SPECIAL_OPERATOR,
    "operator": Level.WORKER,
    "new_hire": Level.WORKER,
}
