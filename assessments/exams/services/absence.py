"""缺考: when a surprise window closes, everyone sampled who never sat it is recorded absent.

Time-driven (the tick and the task worker, never a page view). Papers started but not
handed in are not absences: the deadline logic submits them (their deadline is the
window's close at the latest), so only assignments without any attempt are recorded.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from accounts.models import Enterprise
from assessments.exams.consequences import outcome_policy
from assessments.exams.services.errors import AssessmentError
from assessments.exams.services.launching import can_launch_for
from assessments.models import Absence, AbsenceExcuse, AssessmentKind, Assignment, Attempt
from safetykb.audit import RULE_ABSENT, SYSTEM, Actor, audit
from safetykb.models import AuditKind


def absent_assignments(*, now: datetime, assessment_id: int | None = None) -> QuerySet[Assignment]:
    """Sampled people of closed surprise windows with no attempt and no absence yet."""
    assignments = Assignment.objects.filter(
        assessment__kind=AssessmentKind.SURPRISE,
        assessment__is_launched=True,
        assessment__closes_at__lte=now,
        absence__isnull=True,
    ).exclude(Exists(Attempt.objects.filter(assignment=OuterRef("pk"))))
    if assessment_id is not None:
        assignments = assignments.filter(assessment_id=assessment_id)
    return assignments


def record_absences(*, now: datetime | None = None, assessment_id: int | None = None) -> int:
    """Record every absence due by ``now`` (optionally of one assessment); returns how many."""
    now = now or timezone.now()
    recorded = 0
    for pk in list(
        absent_assignments(now=now, assessment_id=assessment_id).values_list("pk", flat=True)
    ):
        recorded += record_absence(pk, now=now) is not None
    return recorded


def record_absence(assignment_id: int, *, now: datetime) -> Absence | None:
    """One person's absence, as 系统; with "counts as fail", off post as after a fail.

    None when it is not (or no longer) due: a paper was started, or it is already recorded.
    """
    with transaction.atomic():
        assignment = (
            Assignment.objects.select_for_update(of=("self",))
            .select_related("assessment", "staff__enterprise")
            .filter(pk=assignment_id)
            .first()
        )
        if (
            assignment is None
            or assignment.assessment.closes_at > now
            or assignment.attempts.exists()
            or Absence.objects.filter(assignment=assignment).exists()
        ):
            return None
        assessment, staff = assignment.assessment, assignment.staff
        absence = Absence.objects.create(
            assignment=assignment,
            recorded_at=now,
            counts_as_fail=assessment.absence_counts_as_fail,
        )
        consequence = "按不合格处理" if absence.counts_as_fail else "仅标记缺考，不按不合格处理"
        audit(
            AuditKind.ABSENT,
            staff=staff,
            actor=SYSTEM,
            rule=RULE_ABSENT,
            reason=f"《{assessment.title}》截止时未参加，记为缺考（{consequence}）",
            assessment_id=assessment.pk,
            assignment_id=assignment.pk,
            absence_id=absence.pk,
        )
        outcome_policy().absence_recorded(absence)
    return absence


def can_excuse(actor: Actor, enterprise: Enterprise | None) -> bool:
    """The enterprise's managers and the jurisdiction's regulators (who oversee the test)."""
    return can_launch_for(actor, enterprise)


def excuse_absence(absence: Absence, *, actor: User, reason: str) -> AbsenceExcuse:
    """A manager excuses an absence (病假、出差…) with a reason: recorded and audited with
    who and why; off-post training the absence caused is withdrawn."""
    if not can_excuse(actor, absence.assignment.staff.enterprise):
        raise AssessmentError("只有本企业的安全管理员、主要负责人或辖区监管人员可以核准缺考。")
    reason = reason.strip()
    if not reason:
        raise AssessmentError("请填写核准缺考的原因（如病假、出差）。")
    with transaction.atomic():
        Absence.objects.select_for_update().filter(pk=absence.pk).exists()
        if AbsenceExcuse.objects.filter(absence=absence).exists():
            raise AssessmentError("该缺考已核准过了。")
        excuse = AbsenceExcuse.objects.create(
            absence=absence, excused_by=actor, excused_at=timezone.now(), reason=reason
        )
        staff = absence.assignment.staff
        audit(
            AuditKind.ABSENCE_EXCUSED,
            staff=staff,
            actor=actor,
            reason=f"《{absence.assignment.assessment.title}》缺考已核准：{reason}",
            assessment_id=absence.assignment.assessment_id,
            absence_id=absence.pk,
        )
        outcome_policy().absence_excused(absence, actor=actor, reason=reason)
    return excuse
