"""Certificate selectors other domains call: who must hold what, and how it stands.

Rows go through the pure core (``training.rules.certificates``); this module only turns
database rows into its records. ``certificate_gaps`` and ``enterprise_summary`` keep
their names: dashboards and inspections call them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from accounts.models import StaffProfile
from accounts.vocab import HIGH_RISK_ENTERPRISE_TYPES, StaffStatus
from training.models.certificates import Certificate, CertificateRequirementRule, OperationDuty
from training.rules import certificates as rules
from training.rules.hours import RULES_LEVEL, PersonFacts
from training.rules.hours import Level as RulesLevel

#: A person with no hire date on record: their time allowed is long past.
NO_HIRE_DATE = dt.date(1970, 1, 1)
#: Summary keys in display order: required first, then each state.
SUMMARY_KEYS = ("required", *(state.value for state in rules.GapState))


@dataclass(frozen=True)
class CertificateGap:
    """One requirement for one person: the certificate meeting it (or None) and its state."""

    person: StaffProfile
    kind: rules.CertificateKind
    category: str
    state: rules.GapState
    certificate: Certificate | None
    requirement: rules.CertificateRequirement
    due_by: dt.date | None
    days_left: int | None

    @property
    def kind_label(self) -> str:
        return f"{self.kind.label}（{self.category}）" if self.category else self.kind.label


def current_certificates() -> QuerySet[Certificate]:
    """Certificates not corrected by a later record."""
    return Certificate.objects.filter(replaced_by__isnull=True).select_related("category")


def requirements() -> tuple[rules.CertificateRequirement, ...]:
    """The editors' active rules; the statutory defaults while the table is empty."""
    rows = list(CertificateRequirementRule.objects.filter(active=True))
    if not rows:
        return rules.DEFAULT_REQUIREMENTS
    return tuple(_requirement(row) for row in rows)


def _requirement(row: CertificateRequirementRule) -> rules.CertificateRequirement:
    flags = (
        (row.for_principal, RulesLevel.PRINCIPAL),
        (row.for_safety_manager, RulesLevel.SAFETY_MANAGER),
        (row.for_worker, RulesLevel.WORKER),
        (row.for_special_operator, RulesLevel.SPECIAL_OPERATOR),
    )
    return rules.CertificateRequirement(
        code=row.code,
        title=row.title,
        source=row.source,
        kind=rules.CertificateKind(row.kind),
        levels=frozenset(level for on, level in flags if on),
        high_risk={"any": None, "high": True, "other": False}[row.high_risk],
        per_category=row.per_category,
        grace_months=row.grace_months,
    )


def record_of(certificate: Certificate) -> rules.Certificate:
    return rules.Certificate(
        kind=rules.CertificateKind(certificate.kind),
        number=certificate.number,
        expires_on=certificate.expires_on,
        review_due_on=certificate.review_due_on,
        category=certificate.category.name if certificate.category_id else "",
        issued_on=certificate.issued_on,
        issuer=certificate.issuer,
    )


def state_of(certificate: Certificate, on: dt.date) -> rules.CertificateState:
    return rules.certificate_state(record_of(certificate), on)


def facts_of(staff: StaffProfile) -> PersonFacts:
    """What the certificate rules need; reads prefetched duties when there are some."""
    return PersonFacts(
        name=staff.display_name,
        level=RULES_LEVEL.get(staff.level, RulesLevel.WORKER),
        high_risk=staff.enterprise.enterprise_type in HIGH_RISK_ENTERPRISE_TYPES,
        hire_date=staff.hire_date or NO_HIRE_DATE,
        operation_categories=tuple(duty.category.name for duty in staff.operation_duties.all()),
    )


def with_certificates(staff_qs: QuerySet[StaffProfile]) -> QuerySet[StaffProfile]:
    """``staff_qs`` (people still with the enterprise) with what the checks read."""
    return (
        staff_qs.exclude(status=StaffStatus.LEFT)
        .exclude(enterprise__isnull=True)
        .select_related("user", "enterprise", "department")
        .prefetch_related(
            Prefetch("certificates", queryset=current_certificates()),
            Prefetch("operation_duties", queryset=OperationDuty.objects.select_related("category")),
        )
    )


def certificate_checks(staff_qs: QuerySet[StaffProfile], on: dt.date) -> list[CertificateGap]:
    """Every requirement binding the people in ``staff_qs`` on ``on``, met or not."""
    binding = requirements()
    rows: list[CertificateGap] = []
    for staff in with_certificates(staff_qs):
        held = list(staff.certificates.all())
        # Equal records are the same certificate entered twice: either row will do.
        records = {record_of(c): c for c in held}
        for check in rules.certificate_checks(facts_of(staff), records, on, binding):
            rows.append(
                CertificateGap(
                    person=staff,
                    kind=check.requirement.kind,
                    category=check.category,
                    state=rules.gap_state(check),
                    certificate=records.get(check.certificate) if check.certificate else None,
                    requirement=check.requirement,
                    due_by=check.due_by,
                    days_left=check.state.days_left if check.state else None,
                )
            )
    return rows


def certificate_gaps(staff_qs: QuerySet[StaffProfile], on: dt.date) -> list[CertificateGap]:
    """The requirements not fully met on ``on`` (expiring, expired, missing, pending),
    most urgent first: missing and expired, then by days left."""
    return only_gaps(certificate_checks(staff_qs, on))


def only_gaps(rows: Iterable[CertificateGap]) -> list[CertificateGap]:
    """The unmet rows of ``certificate_checks``, most urgent first."""
    order = {state: index for index, state in enumerate(_URGENCY)}
    gaps = [row for row in rows if row.state.is_gap]
    return sorted(gaps, key=lambda g: (order[g.state], g.days_left or 0, g.person.display_name))


_URGENCY = (
    rules.GapState.MISSING,
    rules.GapState.EXPIRED,
    rules.GapState.WITHIN_30,
    rules.GapState.WITHIN_60,
    rules.GapState.WITHIN_90,
    rules.GapState.PENDING,
    rules.GapState.VALID,
)


def summarise(rows: Iterable[CertificateGap]) -> dict[str, int]:
    counts = Counter(row.state.value for row in rows)
    summary = {key: counts.get(key, 0) for key in SUMMARY_KEYS}
    summary["required"] = sum(counts.values())
    return summary


def enterprise_summary(enterprise, staff_qs: QuerySet[StaffProfile], on: dt.date) -> dict[str, int]:
    """Counts per state for ``enterprise``'s people in ``staff_qs``: ``required`` (every
    binding requirement) and one key per ``GapState`` value."""
    return summarise(certificate_checks(staff_qs.filter(enterprise=enterprise), on))


def held_certificates(staff_qs: QuerySet[StaffProfile], on: dt.date) -> list[tuple]:
    """(certificate, state) for every current certificate of ``staff_qs``, soonest first."""
    rows = [
        (certificate, state_of(certificate, on))
        for certificate in current_certificates()
        .filter(staff__in=staff_qs.exclude(status=StaffStatus.LEFT))
        .select_related("staff__user", "staff__enterprise", "staff__department")
    ]
    return sorted(rows, key=lambda pair: (pair[1].deadline or dt.date.max, pair[0].pk))
