"""One person's training programme, attempts and audit timeline."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from accounts.models import StaffProfile
from accounts.scoping import visible_staff
from accounts.vocab import StaffStatus
from assessments.models import Attempt
from training.models import HoursEntry, ProgrammeStatus, TrainingProgramme, counted_entries

#: What an off-post person is told to do next: one state at a time, worded once.
PROGRAMME_GUIDANCE = {
    ProgrammeStatus.IN_TRAINING: "请按新上岗人员培训标准完成培训，学时满后参加复岗考核。",
    ProgrammeStatus.RETEST_UNLOCKED: "培训学时已满，请参加复岗考核。",
    ProgrammeStatus.RETEST_PASSED: "复岗考核合格，待安全管理员签字复岗。",
}
OFF_POST_GUIDANCE = "您目前处于脱产培训状态：请按新上岗人员培训标准完成培训，考核合格后再上岗。"


def guidance_for(staff: StaffProfile, programme: TrainingProgramme | None) -> str:
    """The one next step for a person off post (their programme's state), or ""."""
    if programme is not None:
        return PROGRAMME_GUIDANCE.get(programme.status, "")
    return OFF_POST_GUIDANCE if staff.status == StaffStatus.OFF_POST_TRAINING else ""


def open_programme_of(staff: StaffProfile) -> TrainingProgramme | None:
    return (
        with_hours(TrainingProgramme.objects.filter(staff=staff))
        .exclude(status=ProgrammeStatus.RETURNED)
        .select_related("retest")
        .first()
    )


def with_hours(programmes: QuerySet[TrainingProgramme]) -> QuerySet[TrainingProgramme]:
    """Annotate ``done`` (the ledger's counted hours) in the query, not per row."""
    hours = (
        counted_entries(HoursEntry.objects.filter(session__programme=OuterRef("pk")))
        .values("session__programme")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    return programmes.annotate(
        done=Coalesce(
            Subquery(hours),
            Value(Decimal(0)),
            output_field=DecimalField(max_digits=7, decimal_places=1),
        )
    )


def hours_percent(programme: TrainingProgramme) -> int:
    done = getattr(programme, "done", None)
    done = programme.hours_done if done is None else done
    if not programme.required_hours:
        return 100
    return min(100, round(done * 100 / programme.required_hours))


@dataclass(frozen=True)
class ProgrammeRow:
    """An open off-post training programme and how far its hours are."""

    programme: TrainingProgramme

    @property
    def staff(self) -> StaffProfile:
        return self.programme.staff

    @property
    def percent(self) -> int:
        return hours_percent(self.programme)


def off_post_programmes(
    staff: QuerySet[StaffProfile], *, limit: int | None = None
) -> list[ProgrammeRow]:
    """Open training programmes of the given (scoped) staff, with hours done."""
    programmes = (
        with_hours(TrainingProgramme.objects.filter(staff__in=staff))
        .exclude(status=ProgrammeStatus.RETURNED)
        .select_related("staff__user", "staff__department", "staff__enterprise")
        .order_by("started_at", "pk")
    )
    return [ProgrammeRow(programme) for programme in programmes[:limit]]


def person_attempts(staff: StaffProfile) -> QuerySet[Attempt]:
    return (
        Attempt.objects.filter(assignment__staff=staff)
        .select_related("assignment__assessment")
        .order_by("-started_at", "-pk")
    )


def visible_programmes(user) -> QuerySet[TrainingProgramme]:
    return TrainingProgramme.objects.filter(staff__in=visible_staff(user)).select_related(
        "staff__user", "staff__enterprise"
    )
