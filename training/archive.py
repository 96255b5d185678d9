"""一人一档: everything the archive holds about one person, read once for page and card.

安全生产法 第二十八条 asks for a training archive that truthfully records the time, content,
participants and results of every training and assessment. The archive is assembled here
from the ledger (every entry, the corrected ones kept and marked), the exams, the
certificates and the audit timeline; the page, the .docx card and the enterprise .xlsx
all read the same ``Archive``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from accounts.models import StaffProfile
from accounts.timeline import TimelineEntry, timeline
from assessments.models import Attempt
from training.certificate_status import state_of
from training.compliance import PersonHours, person_hours
from training.models import HoursEntry
from training.models.certificates import Certificate
from training.rules.certificates import CertificateState
from training.rules.hours import TrainingKind
from training.selectors import person_attempts

#: 三级安全教育, in the order a new hire receives it.
THREE_LEVELS = (TrainingKind.PLANT_LEVEL, TrainingKind.WORKSHOP_LEVEL, TrainingKind.TEAM_LEVEL)


@dataclass(frozen=True)
class EntryRow:
    """One ledger entry as the archive shows it; ``replaced`` entries no longer count."""

    entry: HoursEntry

    @property
    def replaced(self) -> bool:
        return hasattr(self.entry, "correction")

    @property
    def counts(self) -> bool:
        return not self.replaced and self.entry.hours > 0

    @property
    def note(self) -> str:
        entry = self.entry
        if self.replaced:
            return f"已更正：{entry.correction.reason}"
        if entry.corrects_id:
            return f"更正记录（原 {entry.corrects.hours.normalize():f} 学时）：{entry.reason}"
        return ""


@dataclass(frozen=True)
class ThreeLevelRow:
    kind: TrainingKind
    entries: list[EntryRow]

    @property
    def hours(self) -> Decimal:
        return sum((row.entry.hours for row in self.entries if row.counts), Decimal(0))

    @property
    def done_on(self) -> dt.date | None:
        return min((row.entry.on for row in self.entries if row.counts), default=None)


@dataclass(frozen=True)
class CertificateRow:
    certificate: Certificate
    state: CertificateState


@dataclass(frozen=True)
class Archive:
    staff: StaffProfile
    year: int
    hours: PersonHours
    entries: list[EntryRow]
    three_levels: list[ThreeLevelRow]
    attempts: list[Attempt]
    certificates: list[CertificateRow]
    timeline: list[TimelineEntry]
    made_on: dt.date

    @property
    def counted_hours(self) -> Decimal:
        return sum((row.entry.hours for row in self.entries if row.counts), Decimal(0))


def person_entries(staff_qs: QuerySet[StaffProfile]) -> QuerySet[HoursEntry]:
    """Every ledger entry of ``staff_qs``, corrected ones included, oldest first."""
    return (
        HoursEntry.objects.filter(staff__in=staff_qs)
        .select_related("session", "session__recorded_by", "correction", "corrects", "staff__user")
        .order_by("staff_id", "on", "pk")
    )


def person_certificates(staff_qs: QuerySet[StaffProfile]) -> QuerySet[Certificate]:
    """Current certificate records (not replaced by a correction)."""
    return (
        Certificate.objects.filter(staff__in=staff_qs, replaced_by__isnull=True)
        .select_related("category", "staff__user")
        .order_by("staff_id", "kind", "expires_on", "pk")
    )


def certificate_rows(certificates: Iterable[Certificate], on: dt.date) -> list[CertificateRow]:
    return [CertificateRow(c, state_of(c, on)) for c in certificates]


def three_level_rows(entries: list[EntryRow]) -> list[ThreeLevelRow]:
    return [
        ThreeLevelRow(kind, [row for row in entries if row.entry.kind == kind])
        for kind in THREE_LEVELS
    ]


def archive_of(staff: StaffProfile, year: int | None = None) -> Archive:
    """The person's whole archive; ``year`` is the one whose hours are summed (this year)."""
    today = timezone.localdate()
    year = year or today.year
    one = StaffProfile.objects.filter(pk=staff.pk)
    entries = [EntryRow(entry) for entry in person_entries(one)]
    return Archive(
        staff=staff,
        year=year,
        hours=person_hours(staff, year),
        entries=entries,
        three_levels=three_level_rows(entries),
        attempts=list(person_attempts(staff)),
        certificates=certificate_rows(person_certificates(one), today),
        timeline=timeline(staff),
        made_on=today,
    )


def enterprise_people(staff_qs: QuerySet[StaffProfile]) -> QuerySet[StaffProfile]:
    """The people of an enterprise export, in roster order, with what the rows need."""
    return (
        staff_qs.select_related("user", "enterprise", "department")
        .prefetch_related(
            Prefetch(
                "certificates",
                queryset=Certificate.objects.filter(replaced_by__isnull=True).select_related(
                    "category"
                ),
            )
        )
        .order_by("department__name", "employee_no", "pk")
    )


def enterprise_attempts(staff_qs: QuerySet[StaffProfile]) -> QuerySet[Attempt]:
    return (
        Attempt.objects.filter(assignment__staff__in=staff_qs)
        .select_related("assignment__assessment", "assignment__staff__user")
        .order_by("assignment__staff_id", "started_at", "pk")
    )
