"""The on-site spot test (现场抽考): choose people, open a window, let them join, close.

- The inspector draws a stratified random sample of those on post (seed and pool stored)
  and/or names people on the floor (principals and safety managers included).
- Opening the window makes a six-digit code (and a QR carrying it, signed) valid until
  the window closes; one surprise ``Assessment`` per blueprint used opens with it.
- An examinee joins with the code and the last four digits of their ID number; only then
  do they get an ``Assignment`` and a paper (``spot_joining``, the examinee's side).
- Closing (the inspector, or the tick when the window runs out) submits open papers and
  records everyone who never joined as 缺考, through the exam side's absence path, so the
  consequences (off post after a fail or an absence) are the surprise assessment's.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import StaffProfile
from accounts.vocab import ENTERPRISE_ROLES, Level, StaffStatus
from assessments.exams.engine import SamplingError
from assessments.exams.services.absence import record_absences
from assessments.exams.services.answering import submit_attempt
from assessments.exams.services.errors import AssessmentError
from assessments.models import (
    Assessment,
    AssessmentKind,
    Assignment,
    Attempt,
    AttemptState,
    ExamBlueprint,
    PreparedBy,
)
from oversight import sampling
from oversight.inspections import InspectionError, is_inspector
from oversight.models import Inspection, InspectionState, SpotExaminee, SpotTest, SpotTestMode
from safetykb.audit import SYSTEM, audit
from safetykb.models import AuditKind

MIN_WINDOW, MAX_WINDOW = 5, 120
RULE_WINDOW_CLOSED = "现场抽考窗口到时自动结束"


class SpotTestError(InspectionError):
    """A refused spot-test step; the message is Chinese and says what to do."""


# --- the inspector -------------------------------------------------------------------


def _locked_spot(inspection: Inspection, actor) -> SpotTest:
    """The inspection's spot test (created on first use), locked; only its inspectors,
    only while on site."""
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if not is_inspector(actor, inspection):
        raise SpotTestError("只有本次检查的检查人员可以组织现场抽考。")
    if inspection.state != InspectionState.ON_SITE:
        raise SpotTestError(
            f"检查记录当前为“{inspection.get_state_display()}”，开始现场检查后才能组织抽考。"
        )
    spot, _ = SpotTest.objects.get_or_create(inspection=inspection)
    return SpotTest.objects.select_for_update().select_related("inspection").get(pk=spot.pk)


def on_post_pool(enterprise_id: int) -> list[sampling.PoolMember]:
    """Everyone on post at the enterprise today, principals and safety managers included."""
    rows = StaffProfile.objects.filter(
        enterprise_id=enterprise_id, status=StaffStatus.ON_POST, role__in=ENTERPRISE_ROLES
    ).values_list("pk", "post")
    return [sampling.PoolMember(staff_id=pk, post=post) for pk, post in rows]


def draw_sample(
    inspection: Inspection, *, actor, count=None, percent=None, seed: int | None = None
) -> list[SpotExaminee]:
    """Draw once: the seed, the pool and the list are stored and the draw is logged."""
    try:
        request = sampling.parse_request(count, percent)
    except SamplingError as exc:
        raise SpotTestError(str(exc)) from None
    seed = sampling.new_seed() if seed is None else seed
    with transaction.atomic():
        spot = _locked_spot(inspection, actor)
        if spot.seed is not None:
            raise SpotTestError("本次检查已随机抽样过，不能重新抽取；可现场指定人员补充。")
        if spot.closed_at is not None:
            raise SpotTestError("现场抽考已结束。")
        pool = on_post_pool(spot.inspection.enterprise_id)
        try:
            chosen = sampling.draw(pool, request, seed)
        except SamplingError as exc:
            raise SpotTestError(f"无法抽样：{exc}") from None
        spot.sample_count, spot.sample_percent = request.count, request.percent
        spot.seed, spot.pool, spot.drawn_at = seed, sampling.pool_to_json(pool), timezone.now()
        spot.save()
        already = set(spot.examinees.values_list("staff_id", flat=True))
        added = _add(spot, [pk for pk in chosen if pk not in already], SpotTestMode.RANDOM, actor)
        audit(
            AuditKind.SPOT_TEST_SAMPLED,
            actor=actor,
            enterprise_id=spot.inspection.enterprise_id,
            inspection_id=spot.inspection_id,
            mode=SpotTestMode.RANDOM,
            seed=seed,
            pool_size=len(pool),
            sampled_staff_ids=list(chosen),
        )
    return added


def add_named(inspection: Inspection, *, actor, staff_id: int) -> SpotExaminee:
    """A person the inspector points out on the floor joins the list (until the close)."""
    with transaction.atomic():
        spot = _locked_spot(inspection, actor)
        if spot.closed_at is not None:
            raise SpotTestError("现场抽考已结束，不能再加入人员。")
        staff = StaffProfile.objects.filter(
            pk=staff_id,
            enterprise_id=spot.inspection.enterprise_id,
            status=StaffStatus.ON_POST,
            role__in=ENTERPRISE_ROLES,
        ).first()
        if staff is None:
            raise SpotTestError("该人员不是被检查单位的在岗人员。")
        if spot.examinees.filter(staff=staff).exists():
            raise SpotTestError(f"{staff.display_name}已在抽考名单中。")
        (examinee,) = _add(spot, [staff.pk], SpotTestMode.NAMED, actor)
        audit(
            AuditKind.SPOT_TEST_SAMPLED,
            staff=staff,
            actor=actor,
            inspection_id=spot.inspection_id,
            mode=SpotTestMode.NAMED,
        )
    return examinee


def _add(spot: SpotTest, staff_ids, mode: str, actor) -> list[SpotExaminee]:
    people = StaffProfile.objects.filter(pk__in=staff_ids).select_related("user")
    examinees = [
        SpotExaminee(
            spot_test=spot,
            staff=staff,
            mode=mode,
            name=staff.display_name,
            post=staff.post,
            added_by=actor,
        )
        for staff in people
    ]
    SpotExaminee.objects.bulk_create(examinees)
    if spot.opens_at is not None:  # added during the window: their paper is ready at once
        for examinee in examinees:
            _attach_assessment(spot, examinee, actor)
    return examinees


def blueprint_for(staff: StaffProfile, jurisdiction_id: int) -> ExamBlueprint | None:
    """The jurisdiction's shared (general-knowledge) blueprint for the person's level:
    one naming their level, else one open to every level."""
    shared = ExamBlueprint.objects.filter(jurisdiction_id=jurisdiction_id, enterprise__isnull=True)
    level = staff.level or Level.OPERATOR
    return (
        shared.filter(levels__contains=[level]).order_by("pk").first()
        or shared.filter(levels=[]).order_by("pk").first()
    )


def _attach_assessment(spot: SpotTest, examinee: SpotExaminee, actor) -> None:
    inspection = spot.inspection
    blueprint = blueprint_for(examinee.staff, inspection.jurisdiction_id)
    if blueprint is None:
        level = examinee.staff.get_level_display() or "未设层级"
        raise SpotTestError(
            f"辖区没有适用于“{level}”（{examinee.name}）的通用考试方案，请先在后台建立。"
        )
    assessment = (
        Assessment.objects.filter(
            pk__in=spot.examinees.exclude(assessment=None).values("assessment_id"),
            blueprint=blueprint,
        ).first()
    ) or Assessment.objects.create(
        kind=AssessmentKind.SURPRISE,
        title=f"现场抽考 · {inspection.enterprise.name} · {inspection.date:%Y-%m-%d}",
        blueprint=blueprint,
        enterprise=inspection.enterprise,
        opens_at=spot.opens_at,
        closes_at=spot.closes_at,
        launched_by=actor if getattr(actor, "is_authenticated", False) else None,
        launched_at=spot.opens_at,
        reason=f"执法检查现场抽考（检查记录 {inspection.pk}）",
        sample_seed=spot.seed,
        window_minutes=spot.window_minutes,
        is_launched=True,
        prepared_by=actor,
        prepared_side=PreparedBy.REGULATOR,
        absence_counts_as_fail=True,
    )
    examinee.assessment = assessment
    examinee.save(update_fields=["assessment"])


def _new_code(now) -> str:
    """Six digits not shown by any other open window (a typed code names one test)."""
    in_use = set(
        SpotTest.objects.filter(closed_at=None, closes_at__gt=now).values_list(
            "join_code", flat=True
        )
    )
    while True:
        code = f"{secrets.randbelow(10**6):06d}"
        if code not in in_use:
            return code


def open_window(inspection: Inspection, *, actor, minutes, now=None) -> SpotTest:
    """Start the test: the code is valid from now for ``minutes``."""
    now = now or timezone.now()
    try:
        minutes = int(str(minutes).strip())
    except ValueError:
        raise SpotTestError("作答窗口请填写分钟数。") from None
    if not MIN_WINDOW <= minutes <= MAX_WINDOW:
        raise SpotTestError(f"作答窗口应在 {MIN_WINDOW} 到 {MAX_WINDOW} 分钟之间。")
    with transaction.atomic():
        spot = _locked_spot(inspection, actor)
        if spot.opens_at is not None:
            raise SpotTestError("现场抽考已经开始过了。")
        examinees = list(spot.examinees.select_related("staff"))
        if not examinees:
            raise SpotTestError("抽考名单为空：请先随机抽取或现场指定人员。")
        spot.join_code, spot.window_minutes = _new_code(now), minutes
        spot.opens_at, spot.closes_at = now, now + timedelta(minutes=minutes)
        spot.save()
        for examinee in examinees:
            _attach_assessment(spot, examinee, actor)
        audit(
            AuditKind.SPOT_TEST_OPENED,
            actor=actor,
            enterprise_id=spot.inspection.enterprise_id,
            inspection_id=spot.inspection_id,
            window_minutes=minutes,
            examinees=len(examinees),
        )
    return spot


def verify_in_person(examinee: SpotExaminee, *, actor, now=None) -> SpotExaminee:
    """The inspector ticks 已核验 after checking the person against their ID card."""
    with transaction.atomic():
        spot = _locked_spot(examinee.spot_test.inspection, actor)
        examinee = SpotExaminee.objects.select_for_update().get(pk=examinee.pk, spot_test=spot)
        if examinee.verified_at is None:
            examinee.verified_by, examinee.verified_at = actor, now or timezone.now()
            examinee.save(update_fields=["verified_by", "verified_at"])
            audit(
                AuditKind.SPOT_TEST_VERIFIED,
                staff=examinee.staff,
                actor=actor,
                inspection_id=spot.inspection_id,
                id_mismatches=examinee.id_mismatches,
            )
    return examinee


def close_spot_test(spot: SpotTest, *, actor, now=None) -> int:
    """End the window for everyone: open papers are handed in as they stand, and the
    sampled who never joined are 缺考. Returns how many were recorded absent."""
    now = now or timezone.now()
    with transaction.atomic():
        spot = SpotTest.objects.select_for_update().select_related("inspection").get(pk=spot.pk)
        if spot.opens_at is None or spot.closed_at is not None:
            return 0
        end = min(now, spot.closes_at)
        spot.closed_at, spot.closes_at = end, end
        spot.closed_by = actor if getattr(actor, "is_authenticated", False) else None
        spot.save()
        assessment_ids = set(
            spot.examinees.exclude(assessment=None).values_list("assessment_id", flat=True)
        )
        Assessment.objects.filter(pk__in=assessment_ids, closes_at__gt=end).update(closes_at=end)
        for attempt in Attempt.objects.filter(
            assignment__spot_examinee__spot_test=spot, state=AttemptState.IN_PROGRESS
        ):
            try:
                submit_attempt(attempt, now=end, auto=True)
            except AssessmentError:
                continue  # handed in meanwhile
        absent = list(spot.examinees.filter(assignment=None).exclude(assessment=None))
        for examinee in absent:
            examinee.assignment = Assignment.objects.create(
                assessment_id=examinee.assessment_id, staff_id=examinee.staff_id
            )
            examinee.absent = True
            examinee.save(update_fields=["assignment", "absent"])
        audit(
            AuditKind.SPOT_TEST_CLOSED,
            actor=actor,
            rule="" if spot.closed_by else RULE_WINDOW_CLOSED,
            enterprise_id=spot.inspection.enterprise_id,
            inspection_id=spot.inspection_id,
            absent_staff_ids=[e.staff_id for e in absent],
        )
    # The exam side's absence path: 缺考 audited as the system, off post as after a fail.
    for assessment_id in assessment_ids:
        record_absences(now=now, assessment_id=assessment_id)
    return len(absent)


def close_due_spot_tests(*, now=None) -> int:
    """The tick: close every window that has run out."""
    now = now or timezone.now()
    due = SpotTest.objects.filter(closed_at=None, closes_at__lte=now)
    return sum(close_spot_test(spot, actor=SYSTEM, now=now) for spot in due)


# --- the live list -------------------------------------------------------------------


@dataclass(frozen=True)
class ExamineeRow:
    id: int
    staff_id: int
    name: str
    post: str
    mode: str
    verified: bool
    id_checked: bool
    id_mismatches: int
    joined: bool
    status: str
    score: Decimal | None
    passed: bool | None
    absent: bool

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "post": self.post or "未设岗位",
            "mode": SpotTestMode(self.mode).label,
            "verified": self.verified,
            "id_checked": self.id_checked,
            "id_mismatches": self.id_mismatches,
            "status": self.status,
            "score": None if self.score is None else format(self.score.normalize(), "f"),
            "passed": self.passed,
            "absent": self.absent,
        }


def examinee_rows(spot: SpotTest) -> list[ExamineeRow]:
    """Everyone on the list with where they are: 未入场, 作答中, 已交卷 (score), 缺考."""
    examinees = list(spot.examinees.select_related("staff").order_by("post", "name", "pk"))
    latest: dict[int, Attempt] = {}
    for attempt in Attempt.objects.filter(
        assignment_id__in=[e.assignment_id for e in examinees if e.assignment_id]
    ).order_by("number"):
        latest[attempt.assignment_id] = attempt
    rows = []
    for e in examinees:
        attempt = latest.get(e.assignment_id) if e.assignment_id else None
        if e.absent:
            status = "缺考"
        elif attempt is None:
            status = "未入场"
        elif attempt.state == AttemptState.IN_PROGRESS:
            status = "作答中"
        elif attempt.score is not None:
            status = "合格" if attempt.passed else "不合格"
        else:
            status = "已交卷"
        graded = attempt is not None and attempt.score is not None
        rows.append(
            ExamineeRow(
                id=e.pk,
                staff_id=e.staff_id,
                name=e.name,
                post=e.post,
                mode=e.mode,
                verified=e.verified_at is not None,
                id_checked=e.id_checked,
                id_mismatches=e.id_mismatches,
                joined=e.joined_at is not None,
                status=status,
                score=attempt.score if graded else None,
                passed=attempt.passed if graded else (False if e.absent else None),
                absent=e.absent,
            )
        )
    return rows
