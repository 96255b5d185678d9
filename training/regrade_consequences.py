"""What a regrade that turns an attempt round means for the person's training.

Planned first (``plan_consequence`` only reads, so the preview can show it), then applied
with the training services. The rule: undo or apply exactly what the attempt's outcome
caused, unless the person has moved on since; then nothing changes automatically and the
audit trail says why.

- Fail → pass (routine/surprise): the programme this attempt opened is withdrawn and the
  person is back on post — unless it has ended (signed back), a re-test has been sat or
  started (its result stands; the safety manager carries on with the loop), or the
  attempt opened no programme (the person was already in training for another fail).
- Pass → fail (routine/surprise): off post with a training programme, as on submit —
  unless the person has left, is already in training, or has passed a later exam.
- Re-test: fail → pass moves the programme to 待签字复岗, pass → fail back to 培训中, but
  only while this re-test is still the programme's current one (not signed back).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from accounts.vocab import StaffStatus
from assessments.models import AssessmentKind, Attempt, AttemptState
from training import services as training
from training.models import ProgrammeStatus, TrainingProgramme


class ConsequenceAction(StrEnum):
    WITHDRAW_TRAINING = "withdraw_training"
    SEND_OFF_POST = "send_off_post"
    RETEST_PASSED = "retest_passed"
    RETEST_FAILED = "retest_failed"
    NONE = "none"


@dataclass(frozen=True)
class Consequence:
    """What happens to the person; ``note`` is the Chinese line for preview and audit."""

    action: ConsequenceAction
    note: str
    programme_id: int | None = None

    @property
    def changes_status(self) -> bool:
        return self.action is not ConsequenceAction.NONE


def _none(note: str) -> Consequence:
    return Consequence(ConsequenceAction.NONE, note)


def plan_consequence(attempt: Attempt, *, passed: bool) -> Consequence:
    """The consequence of ``attempt`` now being ``passed`` (it was the opposite). Reads only."""
    assessment = attempt.assignment.assessment
    staff = attempt.assignment.staff
    if assessment.kind not in training.COUNTS_FOR_STATUS:
        return _none("该类考核不影响人员状态。")
    if assessment.kind == AssessmentKind.RETEST:
        return _plan_retest(attempt, passed=passed)
    if passed:
        return _plan_withdrawal(attempt)
    if staff.status == StaffStatus.LEFT:
        return _none("人员已离职，不安排脱产培训。")
    if training.open_programme(staff) is not None:
        return _none("已在脱产培训中，不重复安排。")
    later_pass = (
        Attempt.objects.filter(
            assignment__staff=staff,
            state=AttemptState.GRADED,
            passed=True,
            started_at__gt=attempt.started_at,
        )
        .exclude(pk=attempt.pk)
        .exists()
    )
    if later_pass:
        return _none("之后参加的考核已合格，不再安排脱产培训。")
    return Consequence(ConsequenceAction.SEND_OFF_POST, "改判为不合格：脱产培训，暂停上岗。")


def _plan_withdrawal(attempt: Attempt) -> Consequence:
    programme = TrainingProgramme.objects.filter(failed_attempt=attempt).order_by("-pk").first()
    if programme is None:
        return _none("该次考核未安排脱产培训，人员状态不变。")
    if programme.status == ProgrammeStatus.RETURNED:
        return _none("该次考核安排的脱产培训已结束（已签字复岗），人员状态不变。")
    retest_sat = Attempt.objects.filter(
        assignment__staff_id=programme.staff_id,
        assignment__assessment__kind=AssessmentKind.RETEST,
        started_at__gte=programme.started_at,
    ).exists()
    if retest_sat:
        return _none("已参加复岗考核，脱产培训不自动撤销，请安全管理员按复岗流程处理。")
    return Consequence(
        ConsequenceAction.WITHDRAW_TRAINING,
        "改判为合格：撤销该次考核安排的脱产培训，恢复在岗。",
        programme.pk,
    )


def _plan_retest(attempt: Attempt, *, passed: bool) -> Consequence:
    programme = training.open_programme(attempt.assignment.staff)
    if programme is None or programme.retest_id != attempt.assignment.assessment_id:
        return _none("该复岗考核已不是当前培训的考核（或已签字复岗），培训状态不变。")
    if passed and programme.status == ProgrammeStatus.IN_TRAINING:
        return Consequence(
            ConsequenceAction.RETEST_PASSED,
            "复岗考核改判为合格：待安全管理员签字复岗。",
            programme.pk,
        )
    if not passed and programme.status == ProgrammeStatus.RETEST_PASSED:
        return Consequence(
            ConsequenceAction.RETEST_FAILED,
            "复岗考核改判为不合格：继续脱产培训。",
            programme.pk,
        )
    return _none("培训状态不变。")


def apply_consequence(attempt: Attempt, consequence: Consequence, *, actor, reason: str) -> None:
    """Carry out a planned consequence; every status change is audit-logged with ``reason``."""
    action = consequence.action
    cause = f"重新评分（{reason}）"
    if action is ConsequenceAction.NONE:
        return
    if action is ConsequenceAction.SEND_OFF_POST:
        training.send_to_offpost_training(
            attempt.assignment.staff,
            failed_attempt=attempt,
            actor=actor,
            cause=f"{cause}后考核不合格",
        )
        return
    programme = TrainingProgramme.objects.select_related("staff").get(pk=consequence.programme_id)
    if action is ConsequenceAction.WITHDRAW_TRAINING:
        training.withdraw_offpost_training(
            programme, actor=actor, reason=f"{cause}后考核合格，撤销脱产培训"
        )
    elif action is ConsequenceAction.RETEST_PASSED:
        training.move_programme(
            programme,
            ProgrammeStatus.RETEST_PASSED,
            actor=actor,
            reason=f"{cause}后复岗考核合格，待安全管理员签字复岗",
        )
    else:
        training.move_programme(
            programme,
            ProgrammeStatus.IN_TRAINING,
            actor=actor,
            reason=f"{cause}后复岗考核不合格，继续脱产培训",
        )
