"""What each person owes in training hours, and who is short: the selectors others call.

The sums are SQL (a few grouped queries for any number of people, never one per person);
what is owed is the pure ``training.rules.hours.hours_owed`` over the editors' rules table.

- ``person_hours(staff, year)``: one person's obligations, per rule and per kind.
- ``people_short_of_hours(staff_qs, year)``: those not 达标, the shortest first.
- ``enterprise_rollup(enterprise, year, staff_qs)``: by department, level and post.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cached_property

from django.conf import settings
from django.db.models import QuerySet, Sum
from django.utils import timezone

from accounts.models import Enterprise, StaffProfile
from accounts.post_absence import away_spells
from accounts.vocab import HIGH_RISK_ENTERPRISE_TYPES, StaffStatus
from accounts.vocab import Level as StaffLevel
from safetykb.models import AuditEvent, AuditKind
from training.models import HoursEntry, HoursTotal, StatutoryHoursRule, counted_entries
from training.rules.hours import (
    DEFAULT_HOURS_RULES,
    RULES_LEVEL,
    Absence,
    HoursReport,
    HoursRule,
    HoursStatus,
    LedgerEntry,
    Level,
    Obligation,
    PersonFacts,
    TrainingKind,
    Trigger,
    hours_owed,
)

KINDS = {kind.value: kind for kind in TrainingKind}
STAFF_FIELDS = (
    "enterprise_id",
    "level",
    "post",
    "employee_no",
    "hire_date",
    "status",
    "user__first_name",
    "user__last_name",
    "user__username",
    "department__name",
)
LEVEL_LABELS = dict(StaffLevel.choices)
#: A person without a hire date on record: treated as hired long before the ledger, so
#: one-off obligations (三级教育) are not claimed against them.
UNKNOWN_HIRE = dt.date(1970, 1, 1)


def ledger_since() -> dt.date:
    """The day the ledger went live (setting ``TRAINING_LEDGER_SINCE``): one-off
    obligations triggered before it (the 三级教育 of people hired years ago) are on paper,
    so they are not checked."""
    value = getattr(settings, "TRAINING_LEDGER_SINCE", "2024-01-01")
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def active_rules() -> tuple[HoursRule, ...]:
    """The editors' rules table as pure records; the statutory defaults if it is empty."""
    rows = list(StatutoryHoursRule.objects.filter(active=True))
    if not rows:
        return DEFAULT_HOURS_RULES
    return tuple(
        HoursRule(
            code=row.code,
            title=row.title,
            source=row.source,
            levels=frozenset(Level(v) for v in row.levels),
            trigger=Trigger(row.trigger),
            kinds=frozenset(TrainingKind(v) for v in row.kinds),
            hours=row.hours,
            high_risk=row.high_risk,
            before_post=row.before_post,
        )
        for row in rows
    )


@dataclass(frozen=True)
class KindRow:
    kind: TrainingKind
    done: Decimal


@dataclass(frozen=True)
class PersonHours:
    """One person's year: what each rule asks, what is done, and the verdict."""

    staff: StaffProfile
    year: int
    report: HoursReport
    done_by_kind: dict[TrainingKind, Decimal]

    # Each is read several times per page for 2,000 people: computed once.
    @cached_property
    def status(self) -> HoursStatus:
        return self.report.status

    @cached_property
    def shortfall(self) -> Decimal:
        return self.report.shortfall

    @property
    def obligations(self) -> tuple[Obligation, ...]:
        return self.report.obligations

    @cached_property
    def before_working_alone(self) -> tuple[Obligation, ...]:
        return self.report.before_working_alone

    @cached_property
    def percent(self) -> int:
        return int(self.report.progress * 100)

    @cached_property
    def capped(self) -> tuple[Decimal, Decimal]:
        """(hours required, hours done up to each rule's minimum) over the rules with hours."""
        required = done = Decimal(0)
        for o in self.obligations:
            if o.rule.hours is not None:
                required += o.rule.hours
                done += min(o.done, o.rule.hours)
        return required, done

    @property
    def required(self) -> Decimal:
        return sum((o.rule.hours or Decimal(0) for o in self.obligations), Decimal(0))

    @property
    def done(self) -> Decimal:
        return sum(self.done_by_kind.values(), Decimal(0))

    @property
    def kinds(self) -> list[KindRow]:
        return [KindRow(k, self.done_by_kind[k]) for k in TrainingKind if k in self.done_by_kind]


def _facts(
    staff: StaffProfile,
    moves: Sequence[dt.date],
    since: dt.date,
    high_risk: bool,
    absences: Sequence[Absence] = (),
) -> PersonFacts:
    return PersonFacts(
        name=staff.display_name,
        level=RULES_LEVEL.get(staff.level, Level.WORKER),
        high_risk=high_risk,
        hire_date=staff.hire_date or UNKNOWN_HIRE,
        post_changes=tuple(moves),
        absences=tuple(absences),
        ledger_since=since,
    )


def _needs_dates(facts: PersonFacts) -> bool:
    """Whether a one-off rule may bind (a hire or move the ledger holds): only then do the
    entries' dates matter; yearly rules need only the year's sums."""
    since = facts.ledger_since or UNKNOWN_HIRE
    return (
        facts.hire_date >= since
        or any(d >= since for d in facts.post_changes)
        or any(a.returned_on >= since and a.a_year_or_more for a in facts.absences)
    )


def _yearly_shape(facts: PersonFacts, year: int) -> PersonFacts:
    """``facts`` with only what yearly rules read: the name, the exact hire date (before
    the ledger, so no one-off rule binds) and earlier moves change nothing for them."""
    before = facts.in_level_since.year >= year
    return replace(
        facts,
        name="",
        hire_date=facts.hire_date if before else UNKNOWN_HIRE,
        level_since=None,
        post_changes=(),
        absences=(),
    )


def _year_totals(
    ids: QuerySet | Sequence[int], year_start: dt.date, year_end: dt.date
) -> dict[int, dict[TrainingKind, Decimal]]:
    """{person: {kind: hours}} of the year, from the totals the ledger keeps per person,
    year and kind (``HoursTotal``): reading them costs what listing the people does."""
    totals: dict[int, dict[TrainingKind, Decimal]] = defaultdict(dict)
    for staff_id, kind, hours in HoursTotal.objects.filter(
        staff_id__in=ids, year=year_start.year
    ).values_list("staff_id", "kind", "hours"):
        if hours:
            totals[staff_id][KINDS[kind]] = hours
    return totals


def _assess(staff: QuerySet[StaffProfile], year: int) -> list[PersonHours]:
    people = list(staff)
    if not people:
        return []
    # The people as a subquery: 2,000 ids as parameters cost more to send than to match.
    ids = staff.values("pk")
    year_start, year_end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    since = ledger_since()
    moves: dict[int, list[dt.date]] = defaultdict(list)
    for staff_id, at in AuditEvent.objects.filter(
        kind=AuditKind.POST_MOVED, staff_id__in=ids, at__date__lte=year_end
    ).values_list("staff_id", "at"):
        moves[staff_id].append(timezone.localtime(at).date())
    high_risk = {
        pk: kind in HIGH_RISK_ENTERPRISE_TYPES
        for pk, kind in Enterprise.objects.filter(
            pk__in={p.enterprise_id for p in people}
        ).values_list("pk", "enterprise_type")
    }
    away = away_spells(ids, until=year_end)
    facts = {
        p.pk: _facts(p, moves.get(p.pk, ()), since, high_risk[p.enterprise_id], away.get(p.pk, ()))
        for p in people
    }
    counted = counted_entries(HoursEntry.objects.all())
    totals = _year_totals(ids, year_start, year_end)
    # Few: new, moved or back from a long spell away. Their one-off rules read the
    # entries' dates, and bind even when nothing is recorded yet.
    dated_ids = {pk for pk, f in facts.items() if _needs_dates(f)}
    dated: dict[int, list[LedgerEntry]] = defaultdict(list)
    if dated_ids:
        for staff_id, on, kind, hours in (
            counted.filter(staff_id__in=dated_ids, on__range=(since, year_end))
            .values_list("staff_id", "on", "kind")
            .annotate(total=Sum("hours"))
        ):
            dated[staff_id].append(LedgerEntry(on, KINDS[kind], hours))
    rules = active_rules()
    # Entries are immutable and sums repeat (4, 8, 20 学时): one object per (kind, sum).
    shared: dict[tuple[TrainingKind, Decimal], LedgerEntry] = {}
    # People who owe only yearly rules and did the same hours get the same report:
    # computed once per such group (everyone attends the same sessions, mostly).
    reports: dict[tuple, HoursReport] = {}
    result = []
    for person in people:
        person_facts = facts[person.pk]
        done = totals[person.pk]
        if person.pk in dated_ids:
            report = hours_owed(person_facts, dated[person.pk], year, rules)
        else:
            # Only yearly rules can bind: the year's sums, dated inside the year, suffice.
            key = (
                person_facts.level,
                person_facts.high_risk,
                person_facts.in_level_since.year >= year,
                tuple(sorted(done.items())),
            )
            report = reports.get(key)  # type: ignore[assignment]
            if report is None:
                entries = [
                    shared.get((k, h)) or shared.setdefault((k, h), LedgerEntry(year_start, k, h))
                    for k, h in done.items()
                ]
                shape = _yearly_shape(person_facts, year)
                report = reports[key] = hours_owed(shape, entries, year, rules)
        result.append(PersonHours(person, year, report, dict(done)))
    return result


def _people(staff_qs: QuerySet[StaffProfile]) -> QuerySet[StaffProfile]:
    return (
        staff_qs.filter(enterprise__isnull=False)
        .exclude(status=StaffStatus.LEFT)
        # Only what the rules and pages read (the enterprise's type is fetched once): a
        # caller wanting more of ``PersonHours.staff`` fetches it itself, in one query.
        .select_related(None)
        .select_related("user", "department")
        .only(*STAFF_FIELDS)
    )


def person_hours(staff: StaffProfile, year: int | None = None) -> PersonHours:
    year = year or timezone.localdate().year
    found = _assess(
        StaffProfile.objects.filter(pk=staff.pk).select_related("user", "department"), year
    )
    if not found:
        raise StaffProfile.DoesNotExist(f"No staff profile {staff.pk}")
    return found[0]


def _short_key(p: PersonHours) -> tuple:
    return (-p.shortfall, p.status != HoursStatus.PRE_POST_INCOMPLETE, p.staff.display_name)


def people_short_of_hours(staff_qs: QuerySet[StaffProfile], year: int) -> list[PersonHours]:
    """Everyone in ``staff_qs`` not 达标 in ``year``, the most hours short first (those
    still owing their pre-post training before others equally short)."""
    short = [p for p in _assess(_people(staff_qs), year) if p.status != HoursStatus.MET]
    return sorted(short, key=_short_key)


@dataclass
class GroupRow:
    label: str
    people: int = 0
    met: int = 0
    short: int = 0
    pre_post: int = 0
    required: Decimal = Decimal(0)
    done: Decimal = Decimal(0)

    @property
    def percent(self) -> int:
        return (
            100 if not self.required else int(min(self.done, self.required) * 100 / self.required)
        )

    def add(self, person: PersonHours) -> None:
        self.people += 1
        if person.status == HoursStatus.MET:
            self.met += 1
        elif person.status == HoursStatus.SHORT:
            self.short += 1
        else:
            self.pre_post += 1
        required, done = person.capped
        self.required += required
        self.done += done


@dataclass(frozen=True)
class Rollup:
    enterprise: Enterprise
    year: int
    people: list[PersonHours]
    total: GroupRow
    by_department: list[GroupRow]
    by_level: list[GroupRow]
    by_post: list[GroupRow]

    @cached_property
    def short(self) -> list[PersonHours]:
        return sorted((p for p in self.people if p.status != HoursStatus.MET), key=_short_key)

    @cached_property
    def new_or_moved(self) -> list[PersonHours]:
        """People who must still complete training before working their post alone."""
        return [p for p in self.people if p.before_working_alone]


def _grouped(people: list[PersonHours], label) -> list[GroupRow]:
    groups: dict[str, GroupRow] = {}
    for person in people:
        name = label(person.staff)
        groups.setdefault(name, GroupRow(name)).add(person)
    return sorted(groups.values(), key=lambda g: (g.percent, g.label))


def enterprise_rollup(
    enterprise: Enterprise, year: int, staff_qs: QuerySet[StaffProfile] | None = None
) -> Rollup:
    """The enterprise's people in ``staff_qs`` (the caller's scope; all its staff when
    None), grouped by department, level and post, the weakest group first."""
    staff_qs = StaffProfile.objects.all() if staff_qs is None else staff_qs
    people = _assess(_people(staff_qs.filter(enterprise=enterprise)), year)
    total = GroupRow("全企业")
    for person in people:
        total.add(person)
    return Rollup(
        enterprise=enterprise,
        year=year,
        people=people,
        total=total,
        by_department=_grouped(
            people, lambda s: s.department.name if s.department else "未分配部门"
        ),
        by_level=_grouped(people, lambda s: LEVEL_LABELS.get(s.level) or "未设层级"),
        by_post=_grouped(people, lambda s: s.post or "未设岗位"),
    )
