"""Failing sends people to off-post training; hours, re-test and sign-back bring them back.

Every transition is checked here (role and state), not only in views, and audit-logged.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import CharField, Exists, OuterRef
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils import timezone

from accounts.models import Enterprise, StaffProfile
from accounts.vocab import HIGH_RISK_ENTERPRISE_TYPES, Role, StaffStatus
from assessments.exams.services.errors import AssessmentError
from assessments.models import (
    Absence,
    Assessment,
    AssessmentKind,
    Assignment,
    Attempt,
    AttemptState,
)
from safetykb.audit import RULE_FAIL_OFF_POST, SYSTEM, Actor, audit
from safetykb.models import AuditEvent, AuditKind
from training import ledger
from training.certificates import reinstate_post_certificates, suspend_post_certificates
from training.models import ProgrammeStatus, TrainingHoursRule, TrainingProgramme, TrainingRecord

RETEST_WINDOW = timedelta(days=14)


def required_hours(enterprise: Enterprise | None) -> Decimal:
    if enterprise is None:  # only enterprise staff sit exams; a safe floor otherwise
        return Decimal(24)
    rule = TrainingHoursRule.objects.filter(enterprise_type=enterprise.enterprise_type).first()
    if rule is not None:
        return rule.required_hours
    # 第十三条: 72 hours for new hires in high-risk units, 24 elsewhere (第十二条).
    return Decimal(72) if enterprise.enterprise_type in HIGH_RISK_ENTERPRISE_TYPES else Decimal(24)


def open_programme(staff: StaffProfile) -> TrainingProgramme | None:
    programme: TrainingProgramme | None = staff.training_programmes.exclude(
        status=ProgrammeStatus.RETURNED
    ).first()
    return programme


#: The kinds whose result changes a person's status. A kind left out (a practice paper, an
#: on-site spot test) is graded and shown, and its fail sends nobody off post.
COUNTS_FOR_STATUS = frozenset(
    {AssessmentKind.ROUTINE, AssessmentKind.SURPRISE, AssessmentKind.RETEST}
)


#: How far back the tick looks for graded attempts whose consequence was lost.
CATCH_UP_WINDOW = timedelta(days=7)


def on_attempt_graded(attempt_id: int, **kwargs: Any) -> bool:
    """The receiver of ``attempt_graded``: apply the grade's consequences, once.

    Idempotent: the attempt row is locked and an attempt whose outcome is already logged
    is skipped, so a second delivery (the tick catching up) changes nothing. Kinds that do
    not count for status are ignored. Returns whether it applied anything."""
    with transaction.atomic():
        attempt = (
            Attempt.objects.select_for_update(of=("self",))
            .select_related("assignment__assessment", "assignment__staff__enterprise")
            .filter(pk=attempt_id, state=AttemptState.GRADED)
            .first()
        )
        if attempt is None or attempt.assignment.assessment.kind not in COUNTS_FOR_STATUS:
            return False
        if outcome_recorded(attempt_id):
            return False
        apply_result(attempt)
    return True


def apply_missing_outcomes(*, now: datetime | None = None) -> int:
    """Apply the consequences of graded attempts that have none logged (a crash between the
    grade's commit and ``attempt_graded``'s receiver); returns how many. Run by the tick.

    A re-test whose programme has moved on logs nothing and is looked at again each tick
    within ``CATCH_UP_WINDOW``; that changes nothing (``apply_result`` returns early)."""
    now = now or timezone.now()
    # data->>'attempt_id' is text: compare it with the id as text.
    recorded = AuditEvent.objects.annotate(attempt_ref=KT("data__attempt_id")).filter(
        kind__in=_OUTCOME_KINDS, attempt_ref=Cast(OuterRef("pk"), CharField())
    )
    missing = (
        Attempt.objects.filter(
            state=AttemptState.GRADED,
            graded_at__gte=now - CATCH_UP_WINDOW,
            assignment__assessment__kind__in=COUNTS_FOR_STATUS,
        )
        .exclude(Exists(recorded))
        .values_list("pk", flat=True)
    )
    return sum(on_attempt_graded(attempt_id) for attempt_id in list(missing))


_OUTCOME_KINDS = (
    AuditKind.ASSESSMENT_PASSED,
    AuditKind.ASSESSMENT_FAILED,
    AuditKind.RETEST_PASSED,
    AuditKind.RETEST_FAILED,
)


def outcome_recorded(attempt_id: int) -> bool:
    """Whether the system already logged this attempt's pass or fail."""
    return AuditEvent.objects.filter(kind__in=_OUTCOME_KINDS, data__attempt_id=attempt_id).exists()


def apply_result(attempt: Attempt) -> None:
    """After grading: failing a routine or surprise assessment sends the person off post;
    a re-test moves their training programme on.

    These are the system's doings under the pass mark, whoever handed the paper in, so
    they are logged as 系统 with the rule (not as the examinee)."""
    assessment = attempt.assignment.assessment
    staff = attempt.assignment.staff
    data: dict[str, Any] = {
        "attempt_id": attempt.pk,
        "assessment_id": assessment.pk,
        "score": str(attempt.score),
    }
    outcome = f"{attempt.score} 分，及格分 {attempt.pass_mark}"
    if assessment.kind == AssessmentKind.RETEST:
        programme = open_programme(staff)
        if programme is None or programme.retest_id != assessment.pk:
            return
        if attempt.passed:
            programme.status = ProgrammeStatus.RETEST_PASSED
            programme.save(update_fields=["status"])
            audit(
                AuditKind.RETEST_PASSED,
                staff=staff,
                actor=SYSTEM,
                rule=f"复岗考核合格（{outcome}）",
                reason="复岗考核合格，待安全管理员签字复岗",
                **data,
            )
        else:
            programme.status = ProgrammeStatus.IN_TRAINING
            programme.save(update_fields=["status"])
            audit(
                AuditKind.RETEST_FAILED,
                staff=staff,
                actor=SYSTEM,
                rule=f"复岗考核不合格（{outcome}）",
                reason="复岗考核不合格，继续脱产培训",
                **data,
            )
        return
    if attempt.passed:
        audit(
            AuditKind.ASSESSMENT_PASSED,
            staff=staff,
            actor=SYSTEM,
            rule=f"考核合格（{outcome}）",
            reason=f"{assessment.get_kind_display()}合格",
            **data,
        )
        return
    audit(
        AuditKind.ASSESSMENT_FAILED,
        staff=staff,
        actor=SYSTEM,
        rule=f"考核不合格（{outcome}）",
        reason=f"{assessment.get_kind_display()}不合格",
        **data,
    )
    send_to_offpost_training(staff, failed_attempt=attempt, actor=SYSTEM, rule=RULE_FAIL_OFF_POST)


def send_to_offpost_training(
    staff: StaffProfile,
    *,
    failed_attempt: Attempt | None,
    actor: Actor = None,
    rule: str = "",
    cause: str = "考核不合格",
    absence: Absence | None = None,
) -> TrainingProgramme:
    """Take the person off post at once and assign the new-hire training programme.

    ``actor`` is the person who decided it (a regrade), or ``SYSTEM`` with the ``rule``.
    The cause is ``failed_attempt`` or, for a 缺考 that counts as a fail, ``absence``."""
    with transaction.atomic():
        existing = open_programme(staff)
        if existing is not None:
            return existing
        previous = staff.status
        staff.status = StaffStatus.OFF_POST_TRAINING
        staff.save(update_fields=["status"])
        programme = TrainingProgramme.objects.create(
            staff=staff,
            required_hours=required_hours(staff.enterprise),
            failed_attempt=failed_attempt,
            absence=absence,
            started_at=timezone.now(),
        )
        audit(
            AuditKind.STATUS_CHANGED,
            staff=staff,
            actor=actor,
            rule=rule,
            from_status=previous,
            to_status=StaffStatus.OFF_POST_TRAINING,
            reason=f"{cause}，按新上岗人员培训标准脱产培训（{programme.required_hours} 学时）",
            programme_id=programme.pk,
        )
        suspend_post_certificates(staff, actor=actor, reason=f"{cause}，脱产培训")
    return programme


def _require_manager_of(actor: Actor, staff: StaffProfile, action: str) -> None:
    profile = getattr(actor, "profile", None) if actor is not None else None
    if (
        profile is None
        or profile.role != Role.SAFETY_MANAGER
        or profile.enterprise_id != staff.enterprise_id
        or profile.status == StaffStatus.LEFT
    ):
        raise AssessmentError(f"只有本企业的安全管理员可以{action}。")


def record_training(
    programme: TrainingProgramme,
    *,
    actor: Actor,
    day: date,
    content: str,
    hours: Decimal,
    trainer: str,
) -> TrainingRecord:
    _require_manager_of(actor, programme.staff, "登记培训学时")
    if programme.status == ProgrammeStatus.RETURNED:
        raise AssessmentError("该培训已结束（已复岗），不能再登记学时。")
    if hours <= 0 or hours > 24:
        raise AssessmentError("学时应大于 0 且不超过 24。")
    if day > timezone.localdate():
        raise AssessmentError("培训日期不能晚于今天。")
    if not content.strip() or not trainer.strip():
        raise AssessmentError("请填写培训内容和授课人。")
    with transaction.atomic():
        programme = TrainingProgramme.objects.select_for_update().get(pk=programme.pk)
        # The ledger is the record (its integrity rules apply: the off-post window, the
        # hire date, the daily cap); the legacy table is written alongside, same transaction.
        try:
            ledger.record_offpost_hours(
                programme,
                actor=actor,
                day=day,
                content=content.strip(),
                hours=hours,
                trainer=trainer.strip(),
            )
        except ledger.LedgerError as exc:
            raise AssessmentError("；".join(exc.problems)) from None
        record = TrainingRecord.objects.create(
            programme=programme,
            date=day,
            content=content.strip(),
            hours=hours,
            trainer=trainer.strip(),
            entered_by=actor,
        )
        if (
            programme.status == ProgrammeStatus.IN_TRAINING
            and programme.hours_done >= programme.required_hours
        ):
            unlock_retest(programme, actor=actor)
    return record


def unlock_retest(programme: TrainingProgramme, *, actor: Actor = None) -> Assessment:
    """Open a one-person re-test using the blueprint of the assessment they failed."""
    if programme.failed_attempt is not None:
        blueprint = programme.failed_attempt.assignment.assessment.blueprint
    elif programme.absence is not None:
        blueprint = programme.absence.assignment.assessment.blueprint
    else:
        raise AssessmentError("找不到未通过的考核，无法安排复岗考核。")
    enterprise_id = programme.staff.enterprise_id
    if enterprise_id is None:
        raise AssessmentError("该人员已不属于任何企业，无法安排复岗考核。")
    now = timezone.now()
    retest = Assessment.objects.create(
        kind=AssessmentKind.RETEST,
        title=f"复岗考核 · {programme.staff.user.get_full_name() or programme.staff.user.username}",
        blueprint=blueprint,
        enterprise_id=enterprise_id,
        opens_at=now,
        closes_at=now + RETEST_WINDOW,
        launched_by=actor,
        launched_at=now,
        reason="脱产培训学时已满",
        is_launched=True,
    )
    Assignment.objects.create(assessment=retest, staff=programme.staff)
    programme.retest = retest
    programme.status = ProgrammeStatus.RETEST_UNLOCKED
    programme.save(update_fields=["retest", "status"])
    audit(
        AuditKind.RETEST_UNLOCKED,
        staff=programme.staff,
        actor=actor,
        reason=f"已完成 {programme.hours_done}/{programme.required_hours} 学时，复岗考核已开放",
        programme_id=programme.pk,
        assessment_id=retest.pk,
    )
    return retest


def sign_back(programme: TrainingProgramme, *, actor: Actor, remark: str) -> TrainingProgramme:
    """The safety manager signs the person back to post after a passed re-test."""
    _require_manager_of(actor, programme.staff, "签字复岗")
    if programme.status != ProgrammeStatus.RETEST_PASSED:
        raise AssessmentError("复岗考核合格后才能签字复岗。")
    if not remark.strip():
        raise AssessmentError("请填写复岗意见。")
    with transaction.atomic():
        staff = programme.staff
        programme.status = ProgrammeStatus.RETURNED
        programme.returned_at = timezone.now()
        programme.signed_back_by = actor
        programme.sign_back_remark = remark.strip()
        programme.save(
            update_fields=["status", "returned_at", "signed_back_by", "sign_back_remark"]
        )
        previous = staff.status
        staff.status = StaffStatus.ON_POST
        staff.save(update_fields=["status"])
        reinstate_post_certificates(staff, actor=actor, reason="签字复岗")
        audit(
            AuditKind.SIGNED_BACK,
            staff=staff,
            actor=actor,
            reason=remark.strip(),
            programme_id=programme.pk,
        )
        audit(
            AuditKind.STATUS_CHANGED,
            staff=staff,
            actor=actor,
            from_status=previous,
            to_status=StaffStatus.ON_POST,
            reason="复岗考核合格，经安全管理员签字复岗",
            programme_id=programme.pk,
        )
    return programme


def withdraw_offpost_training(programme: TrainingProgramme, *, actor: Actor, reason: str) -> None:
    """Close a programme whose cause is void (a regrade turned the fail into a pass).

    The programme ends as 已复岗 with ``reason`` as its remark (its hours stay on record),
    an untaken re-test's window is closed, and an off-post person is back on post.
    """
    with transaction.atomic():
        programme = TrainingProgramme.objects.select_for_update().get(pk=programme.pk)
        if programme.status == ProgrammeStatus.RETURNED:
            raise AssessmentError("该脱产培训已经结束。")
        now = timezone.now()
        programme.status = ProgrammeStatus.RETURNED
        programme.returned_at = now
        programme.signed_back_by = actor
        programme.sign_back_remark = reason
        programme.save(
            update_fields=["status", "returned_at", "signed_back_by", "sign_back_remark"]
        )
        if programme.retest_id is not None:
            Assessment.objects.filter(pk=programme.retest_id, closes_at__gt=now).update(
                closes_at=now
            )
        staff = programme.staff
        if staff.status != StaffStatus.OFF_POST_TRAINING:
            return  # e.g. left the enterprise meanwhile: the programme closes, nothing else
        staff.status = StaffStatus.ON_POST
        staff.save(update_fields=["status"])
        audit(
            AuditKind.STATUS_CHANGED,
            staff=staff,
            actor=actor,
            from_status=StaffStatus.OFF_POST_TRAINING,
            to_status=StaffStatus.ON_POST,
            reason=reason,
            programme_id=programme.pk,
            programme_withdrawn=True,
        )
        reinstate_post_certificates(staff, actor=actor, reason=reason)


def move_programme(
    programme: TrainingProgramme, to_status: str, *, actor: Actor, reason: str
) -> TrainingProgramme:
    """Set a programme's status outside the normal loop (a regraded re-test), audit-logged."""
    previous = programme.status
    programme.status = to_status
    programme.save(update_fields=["status"])
    audit(
        AuditKind.STATUS_CHANGED,
        staff=programme.staff,
        actor=actor,
        from_status=previous,
        to_status=to_status,
        reason=reason,
        programme_id=programme.pk,
    )
    return programme
