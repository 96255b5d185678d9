"""Joining an on-site spot test (现场抽考), the examinee's side.

The worker joins with the six-digit code (typed, or from the signed QR) and the last four
digits of their ID number; only then do they get an ``Assignment`` and a paper, through the
exam side's ``start_attempt``. A wrong last four is recorded even when the join is refused.
The inspector's side (sample, window, close) is ``spot_tests``.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import StaffProfile
from accounts.scoping import profile_of
from accounts.vocab import StaffStatus
from assessments.exams.services.papers import start_attempt
from assessments.models import Assignment, Attempt
from oversight.models import SpotExaminee, SpotTest
from oversight.spot_tests import SpotTestError
from safetykb.audit import audit
from safetykb.models import AuditKind
from safetykb.qr import read_signed_code, signed_code

QR_PURPOSE = "oversight.spot-test"

NOT_FOUND = "抽考码不正确，请核对检查人员手机上显示的六位抽考码。"
NOT_IN_SAMPLE = "您不在本次抽考的名单中，不能参加。如检查人员现场指定您参加，请先请其将您加入名单。"
ID_MISMATCH = "身份证号后四位与档案不符，已记录。请核对后重新输入，或请检查人员现场核验。"
NO_ID_ON_FILE = "您的档案中没有身份证号，请检查人员在名单上勾选“已核验”后再开始。"


def qr_token(spot: SpotTest) -> str:
    """What the QR carries: the spot test and its code, signed (a forged one is refused)."""
    return signed_code(f"{spot.pk}:{spot.join_code}", purpose=QR_PURPOSE)


def spot_from_token(token: str, user) -> SpotTest | None:
    """The spot test a QR names, if it is genuine and of the user's own enterprise."""
    check = read_signed_code(token, purpose=QR_PURPOSE)
    profile = profile_of(user)
    if not check.ok or profile is None or profile.enterprise_id is None:
        return None
    spot_id, _, code = check.value.partition(":")
    return (
        SpotTest.objects.filter(
            pk=int(spot_id) if spot_id.isdigit() else 0,
            join_code=code,
            inspection__enterprise_id=profile.enterprise_id,
        )
        .exclude(opens_at=None)
        .select_related("inspection")
        .first()
    )


def _find_by_code(code: str, profile: StaffProfile) -> SpotTest:
    """The enterprise's spot test with this code: the open one first, else the latest."""
    code = (code or "").strip()
    if not (len(code) == 6 and code.isdigit()):
        raise SpotTestError("请输入六位数字抽考码。")
    tests = (
        SpotTest.objects.filter(join_code=code, inspection__enterprise_id=profile.enterprise_id)
        .exclude(opens_at=None)
        .select_related("inspection")
    )
    spot = (
        tests.filter(closed_at=None).order_by("-opens_at").first()
        or tests.order_by("-opens_at").first()
    )
    if spot is None:
        raise SpotTestError(NOT_FOUND)
    return spot


def _window_refusal(spot: SpotTest, now) -> str | None:
    if spot.closed_at is not None or now >= spot.closes_at:
        end = timezone.localtime(spot.closed_at or spot.closes_at)
        return f"抽考码已失效：本次抽考已于 {end:%H:%M} 结束。"
    return None


def join(user, *, code: str, last4: str, via: SpotTest | None = None, now=None) -> Attempt:
    """The examinee joins with the code and their ID's last four digits; their paper opens.

    ``via`` is the spot test whose QR brought them here: a code of another test is refused.
    A wrong last four is recorded (and refused unless the inspector verified them in person).
    """
    now = now or timezone.now()
    profile = profile_of(user)
    if profile is None or profile.enterprise_id is None or profile.status == StaffStatus.LEFT:
        raise SpotTestError(NOT_IN_SAMPLE)
    spot = _find_by_code(code, profile)
    if via is not None and via.pk != spot.pk:
        raise SpotTestError(
            "该抽考码属于另一次检查，不能用于本次抽考；请核对检查人员出示的抽考码。"
        )
    refusal = _window_refusal(spot, now)
    if refusal:
        raise SpotTestError(refusal)
    examinee = spot.examinees.filter(staff=profile).first()
    if examinee is None:
        elsewhere = (
            SpotExaminee.objects.filter(
                staff=profile, spot_test__closed_at=None, spot_test__closes_at__gt=now
            )
            .exclude(spot_test=spot)
            .exists()
        )
        if elsewhere:
            raise SpotTestError(
                "该抽考码属于另一次检查，您不在其名单中；请核对您所在现场检查人员出示的抽考码。"
            )
        raise SpotTestError(NOT_IN_SAMPLE)
    if examinee.assignment_id is not None:
        return _resume(examinee)
    digits = (last4 or "").strip().upper()
    on_file = (profile.id_number_last4 or "").upper()
    matches = bool(on_file) and digits == on_file
    if not matches:
        if on_file:
            _record_mismatch(examinee, now)
        if examinee.verified_at is None:
            raise SpotTestError(ID_MISMATCH if on_file else NO_ID_ON_FILE)
    with transaction.atomic():
        examinee = (
            SpotExaminee.objects.select_for_update(of=("self",))
            .select_related("assessment")
            .get(pk=examinee.pk)
        )
        if examinee.assignment_id is not None:
            return _resume(examinee)
        try:
            assignment = Assignment.objects.create(assessment=examinee.assessment, staff=profile)
        except IntegrityError:
            raise SpotTestError("您已在本次抽考中，请刷新页面。") from None
        examinee.assignment, examinee.joined_at, examinee.id_checked = assignment, now, matches
        examinee.save(update_fields=["assignment", "joined_at", "id_checked"])
        attempt = start_attempt(assignment, now=now)
        audit(
            AuditKind.SPOT_TEST_JOINED,
            staff=profile,
            actor=user,
            inspection_id=spot.inspection_id,
            id_checked=matches,
            verified_in_person=examinee.verified_at is not None,
        )
    return attempt


def _resume(examinee: SpotExaminee) -> Attempt:
    attempt = (
        Attempt.objects.filter(assignment_id=examinee.assignment_id).order_by("-number").first()
    )
    if attempt is None:
        raise SpotTestError("您未参加本次抽考，已记为缺考。")
    return attempt


def _record_mismatch(examinee: SpotExaminee, now) -> None:
    """Kept even though the join is refused: its own transaction, committed."""
    with transaction.atomic():
        SpotExaminee.objects.filter(pk=examinee.pk).update(id_mismatches=F("id_mismatches") + 1)
        audit(
            AuditKind.SPOT_TEST_ID_MISMATCH,
            staff=examinee.staff,
            actor=examinee.staff.user,
            reason="现场抽考入场时输入的身份证号后四位与档案不符",
            inspection_id=examinee.spot_test.inspection_id,
        )
