"""Training's answer to what an exam outcome means for the person (registered with
``assessments.exams.consequences`` in ``TrainingConfig.ready``): off post after a fail or a
counted absence, withdrawn when excused or regraded, and the re-test while off post."""

from __future__ import annotations

from dataclasses import dataclass

from accounts.models import StaffProfile
from accounts.vocab import StaffStatus
from assessments.exams.models import Absence, Assessment, Attempt
from safetykb.audit import RULE_ABSENT_OFF_POST, SYSTEM
from training import regrade_consequences
from training.models import ProgrammeStatus, TrainingProgramme
from training.selectors import guidance_for, hours_percent, open_programme_of
from training.services import open_programme, send_to_offpost_training, withdraw_offpost_training


@dataclass(frozen=True)
class OffPostStanding:
    """What a person's exam page shows while they are off post."""

    programme: TrainingProgramme | None
    guidance: str

    @property
    def hours_percent(self) -> int:
        return hours_percent(self.programme) if self.programme else 0


class TrainingOutcomes:
    def plan_regrade(self, attempt: Attempt, *, passed: bool) -> regrade_consequences.Consequence:
        return regrade_consequences.plan_consequence(attempt, passed=passed)

    def apply_regrade(self, attempt: Attempt, consequence, *, actor, reason: str) -> None:
        regrade_consequences.apply_consequence(attempt, consequence, actor=actor, reason=reason)

    def absence_recorded(self, absence: Absence) -> None:
        staff = absence.assignment.staff
        # Someone already off post (or gone) is not sent again; the absence stays on record.
        if (
            absence.counts_as_fail
            and staff.status == StaffStatus.ON_POST
            and open_programme(staff) is None
        ):
            send_to_offpost_training(
                staff,
                failed_attempt=None,
                absence=absence,
                actor=SYSTEM,
                rule=RULE_ABSENT_OFF_POST,
                cause=f"《{absence.assignment.assessment.title}》缺考",
            )

    def absence_excused(self, absence: Absence, *, actor, reason: str) -> None:
        programme = (
            TrainingProgramme.objects.filter(absence=absence)
            .exclude(status=ProgrammeStatus.RETURNED)
            .first()
        )
        if programme is not None:
            withdraw_offpost_training(
                programme, actor=actor, reason=f"缺考已核准（{reason}），撤销因缺考安排的脱产培训"
            )

    def retest_open(self, staff: StaffProfile, assessment: Assessment) -> bool:
        programme = open_programme_of(staff)
        return (
            programme is not None
            and programme.retest_id == assessment.pk
            and programme.status == ProgrammeStatus.RETEST_UNLOCKED
        )

    def standing(self, staff: StaffProfile) -> OffPostStanding | None:
        programme = open_programme_of(staff)
        guidance = guidance_for(staff, programme)
        if programme is None and not guidance:
            return None
        return OffPostStanding(programme, guidance)
