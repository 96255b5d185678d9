"""Correcting a wrong answer key after exams were sat, and regrading (the service).

Question 1's stored key is A; B is right. With five 20-point questions and a pass mark
of 80, whoever answered B and got one other question wrong goes 60 → 80 (fail → pass),
whoever answered A with one other wrong goes 80 → 60 (pass → fail).
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from accounts.vocab import StaffStatus
from assessments.bank.services import save_question
from assessments.exams.selectors.examinee import review_items
from assessments.exams.services.answering import submit_attempt
from assessments.exams.services.regrading import (
    REGRADE_ACTION,
    STALE_MESSAGE,
    RegradeError,
    clean_new_answer,
    preview_regrade,
    regrade,
)
from assessments.models import AnswerKeyCorrection, AssessmentKind, Attempt, QuestionVersion
from safetykb.models import AuditEvent, AuditKind
from tests.exams.builders import make_assessment
from tests.exams.regrading_world import TARGET_STEM, answer, rg, sit, start, unlock_retest
from training import regrade_consequences
from training.models import ProgrammeStatus, TrainingProgramme
from training.services import send_to_offpost_training

__all__ = ["rg"]  # the fixture, imported for pytest
pytestmark = pytest.mark.django_db

REASON = "标准答案录入错误，依据《安全生产法》第二十八条应为B"


@pytest.fixture
def sat(rg):
    """甲 60 → 80 (fail → pass, off post now); 乙 80 → 60 (pass → fail); 丙 unchanged
    (answered C); 丁 80 → 100. 戊 has not sat yet."""
    people = rg.people
    return {
        "甲": sit(rg.exam, people["甲"], "B", wrong=1),
        "乙": sit(rg.exam, people["乙"], "A", wrong=1),
        "丙": sit(rg.exam, people["丙"], "C"),
        "丁": sit(rg.exam, people["丁"], "B"),
    }


def snapshot_state():
    """Everything a regrade may write, to check that a refused one wrote nothing."""
    return (
        list(Attempt.objects.order_by("pk").values_list("pk", "score", "passed")),
        AuditEvent.objects.count(),
        AnswerKeyCorrection.objects.count(),
        QuestionVersion.objects.count(),
        list(TrainingProgramme.objects.order_by("pk").values_list("pk", "status")),
        ModelLogEntry.objects.filter(action=REGRADE_ACTION).count(),
    )


def scores(attempts: dict[str, Attempt]) -> dict[str, tuple[Decimal, bool]]:
    result = {}
    for name, attempt in attempts.items():
        attempt.refresh_from_db()
        result[name] = (attempt.score, attempt.passed)
    return result


def test_the_setting_is_as_described(rg, sat):
    assert scores(sat) == {
        "甲": (Decimal("60.00"), False),
        "乙": (Decimal("80.00"), True),
        "丙": (Decimal("80.00"), True),
        "丁": (Decimal("80.00"), True),
    }
    rg.people["甲"].refresh_from_db()
    assert rg.people["甲"].status == StaffStatus.OFF_POST_TRAINING


def test_preview_shows_changes_and_flips_and_writes_nothing(rg, sat):
    before = snapshot_state()
    preview = preview_regrade(rg.version(), new_answer=["B"])
    assert snapshot_state() == before
    assert preview.graded_count == 4
    assert preview.previous_answer == ("A",)
    by_name = {row.staff_name: row for row in preview.changes}
    assert set(by_name) == {"甲", "乙", "丁"}  # 丙's score does not move
    assert (by_name["甲"].change.old_score, by_name["甲"].change.new_score) == (60, 80)
    assert [row.staff_name for row in preview.fail_to_pass] == ["甲"]
    assert [row.staff_name for row in preview.pass_to_fail] == ["乙"]
    assert by_name["丁"].flip is None and by_name["丁"].consequence is None
    assert "撤销" in by_name["甲"].consequence.note
    assert "脱产培训" in by_name["乙"].consequence.note


def test_regrade_applies_what_the_preview_showed(rg, sat):
    preview = preview_regrade(rg.version(), new_answer=["B"])
    result = regrade(
        rg.version(),
        new_answer=["B"],
        actor=rg.editor.user,
        reason=REASON,
        expected_fingerprint=preview.fingerprint,
    )
    assert [(r.attempt_id, r.change) for r in result.changes] == [
        (r.attempt_id, r.change) for r in preview.changes
    ]
    assert scores(sat) == {
        "甲": (Decimal("80.00"), True),
        "乙": (Decimal("60.00"), False),
        "丙": (Decimal("80.00"), True),
        "丁": (Decimal("100.00"), True),
    }
    slot = sat["丁"].slots.get(question_version__question=rg.target)
    assert (slot.points_awarded, slot.result_state, slot.fraction) == (20, "correct", 1)


def test_each_changed_attempt_gets_one_regraded_event_with_who_when_why(rg, sat):
    before = timezone.now()
    result = regrade(rg.version(), new_answer=["B"], actor=rg.editor.user, reason=REASON)
    events = AuditEvent.objects.filter(kind=AuditKind.REGRADED).order_by("pk")
    assert events.count() == result.changed_count == 3
    by_attempt = {event.data["attempt_id"]: event for event in events}
    event = by_attempt[sat["甲"].pk]
    assert event.actor == rg.editor.user
    assert event.reason == REASON
    assert before <= event.at <= timezone.now()
    assert event.staff == rg.people["甲"]
    assert event.data["old_score"] == "60.00" and event.data["new_score"] == "80.00"
    assert event.data["old_passed"] is False and event.data["new_passed"] is True
    assert event.data["correction_id"] == result.correction_id
    assert sat["丙"].pk not in by_attempt
    assert ModelLogEntry.objects.filter(action=REGRADE_ACTION, object_id=str(rg.target.pk)).exists()


def test_fail_to_pass_lifts_the_off_post_status_and_closes_the_programme(rg, sat):
    member = rg.people["甲"]
    programme = member.training_programmes.get()
    regrade(rg.version(), new_answer=["B"], actor=rg.editor.user, reason=REASON)
    member.refresh_from_db()
    programme.refresh_from_db()
    assert member.status == StaffStatus.ON_POST
    assert programme.status == ProgrammeStatus.RETURNED
    assert REASON in programme.sign_back_remark
    change = AuditEvent.objects.filter(staff=member, kind=AuditKind.STATUS_CHANGED).last()
    assert (change.from_status, change.to_status) == ("off_post_training", "on_post")
    assert REASON in change.reason and "重新评分" in change.reason
    assert change.actor == rg.editor.user
    # The regrade is logged before the status change it caused.
    kinds = list(AuditEvent.objects.filter(staff=member).values_list("kind", flat=True))
    assert kinds[-2:] == [AuditKind.REGRADED, AuditKind.STATUS_CHANGED]


def test_pass_to_fail_applies_the_normal_fail_consequences(rg, sat):
    member = rg.people["乙"]
    regrade(rg.version(), new_answer=["B"], actor=rg.editor.user, reason=REASON)
    member.refresh_from_db()
    assert member.status == StaffStatus.OFF_POST_TRAINING
    programme = member.training_programmes.get()
    assert programme.status == ProgrammeStatus.IN_TRAINING
    assert programme.failed_attempt_id == sat["乙"].pk
    assert programme.required_hours == 72
    change = AuditEvent.objects.filter(staff=member, kind=AuditKind.STATUS_CHANGED).get()
    assert change.to_status == StaffStatus.OFF_POST_TRAINING and REASON in change.reason


def test_a_reason_is_required(rg, sat):
    before = snapshot_state()
    for reason in ("", "   "):
        with pytest.raises(RegradeError, match="请填写更正原因"):
            regrade(rg.version(), new_answer=["B"], actor=rg.editor.user, reason=reason)
    assert snapshot_state() == before


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"new_answer": ["E"]}, "不是这道题的选项"),
        ({"new_answer": ["B", "C"]}, "请选择一个正确答案"),
        ({"new_answer": ["A"]}, "与现行答案相同"),
        ({}, "请选择更正后的答案"),
        ({"new_answer": ["B"], "full_marks": True}, "选择一项"),
    ],
)
def test_invalid_corrections_are_refused(rg, sat, kwargs, message):
    before = snapshot_state()
    with pytest.raises(RegradeError, match=message):
        preview_regrade(rg.version(), **kwargs)
    with pytest.raises(RegradeError, match=message):
        regrade(rg.version(), actor=rg.editor.user, reason=REASON, **kwargs)
    assert snapshot_state() == before


def test_an_unused_version_is_not_regraded(rg):
    with pytest.raises(RegradeError, match="还没有用于考试"):
        preview_regrade(rg.version(), new_answer=["B"])


def test_the_same_correction_twice_writes_nothing_the_second_time(rg, sat):
    regrade(rg.version(), new_answer=["B"], actor=rg.editor.user, reason=REASON)
    before = snapshot_state()
    with pytest.raises(RegradeError, match="与现行答案相同"):
        regrade(rg.version(), new_answer=["B"], actor=rg.editor.user, reason=REASON)
    assert snapshot_state() == before


def test_a_second_correction_regrades_from_the_first(rg, sat):
    regrade(rg.version(), new_answer=["B"], actor=rg.editor.user, reason=REASON)
    result = regrade(
        rg.version(), full_marks=True, actor=rg.editor.user, reason="题目表述有歧义，全部给分"
    )
    assert scores(sat) == {
        "甲": (Decimal("80.00"), True),
        "乙": (Decimal("80.00"), True),
        "丙": (Decimal("100.00"), True),
        "丁": (Decimal("100.00"), True),
    }
    assert {(r.staff_name, r.change.old_score, r.change.new_score) for r in result.changes} == {
        ("乙", 60, 80),
        ("丙", 80, 100),
    }
    corrections = list(rg.version().corrections.order_by("pk"))
    assert [(c.answer, c.full_marks) for c in corrections] == [(["B"], False), ([], True)]
    assert corrections[1].previous_answer == ["B"]
    # 乙 went off post by the first regrade and is back on post by the second.
    rg.people["乙"].refresh_from_db()
    assert rg.people["乙"].status == StaffStatus.ON_POST
    with pytest.raises(RegradeError, match="已经是“所有考生得分”"):
        regrade(rg.version(), full_marks=True, actor=rg.editor.user, reason="再来一次")


def test_full_marks_go_to_everyone_who_had_the_question(rg, sat):
    blank = sit(rg.exam, rg.people["戊"], None, wrong=1)  # left question 1 blank: 60
    assert blank.score == 60
    regrade(rg.version(), full_marks=True, actor=rg.editor.user, reason="题目有歧义")
    blank.refresh_from_db()
    assert (blank.score, blank.passed) == (Decimal("80.00"), True)
    assert rg.target.answer == ["A"]  # the bank copy is left for the editor to fix or retire
    rg.target.refresh_from_db()
    assert rg.target.answer == ["A"] and rg.target.versions.count() == 1


def test_the_key_goes_into_the_bank_as_a_new_version_and_the_old_one_stays(rg, sat):
    result = regrade(rg.version(), new_answer=["B"], actor=rg.editor.user, reason=REASON)
    rg.target.refresh_from_db()
    assert rg.target.answer == ["B"]
    old, new = rg.version(1), rg.version(2)
    assert old.content["answer"] == ["A"]  # the paper as sat re-renders unchanged
    assert new.content["answer"] == ["B"] and result.new_version_id == new.pk
    assert new.created_by == rg.editor.user
    # A new paper draws the corrected version.
    later = make_assessment(rg.blueprint, rg.enterprise, staff=[rg.people["戊"]], title="下一轮")
    attempt = start(later, rg.people["戊"])
    assert attempt.slots.filter(question_version=new).exists()


def test_an_edited_bank_copy_is_left_alone(rg, sat):
    target = rg.target
    target.answer = ["C"]
    save_question(target, user=None)  # the editor already changed it (v2, key C)
    result = regrade(rg.version(1), new_answer=["B"], actor=rg.editor.user, reason=REASON)
    target.refresh_from_db()
    assert target.answer == ["C"] and result.new_version_id is None
    assert target.versions.count() == 2


def test_only_attempts_of_that_version_are_touched(rg, sat):
    target = rg.target
    target.stem = f"{TARGET_STEM}单选题的题干（修订）"
    save_question(target, user=None)
    assert target.versions.count() == 2
    on_v2 = sit(rg.exam, rg.people["戊"], "B", wrong=1)  # v2, key still A: 60
    regrade(rg.version(1), new_answer=["B"], actor=rg.editor.user, reason=REASON)
    on_v2.refresh_from_db()
    assert (on_v2.score, on_v2.passed) == (Decimal("60.00"), False)
    assert not AuditEvent.objects.filter(kind=AuditKind.REGRADED, data__attempt_id=on_v2.pk)


def test_an_attempt_in_progress_is_graded_with_the_corrected_key(rg, sat):
    attempt = answer(start(rg.exam, rg.people["戊"]), "B", wrong=1)
    assert preview_regrade(rg.version(), new_answer=["B"]).in_progress_count == 1
    regrade(rg.version(), new_answer=["B"], actor=rg.editor.user, reason=REASON)
    attempt.refresh_from_db()
    assert attempt.state == "in_progress" and attempt.score is None
    submit_attempt(attempt)
    attempt.refresh_from_db()
    assert (attempt.score, attempt.passed) == (Decimal("80.00"), True)
    rg.people["戊"].refresh_from_db()
    assert rg.people["戊"].status == StaffStatus.ON_POST


def test_the_review_shows_the_corrected_key(rg, sat):
    regrade(rg.version(), new_answer=["B"], actor=rg.editor.user, reason=REASON)
    item = next(i for i in review_items(sat["丁"]) if i.stem.startswith(TARGET_STEM))
    slot = sat["丁"].slots.get(question_version__question=rg.target)
    display = {key: chr(ord("A") + i) for i, key in enumerate(slot.option_order)}
    assert item.correct == display["B"]
    assert item.is_correct and "已更正" in item.key_note


def test_a_stale_preview_is_refused(rg, sat):
    preview = preview_regrade(rg.version(), new_answer=["B"])
    sit(rg.exam, rg.people["戊"], "B")  # another paper graded meanwhile
    before = snapshot_state()
    with pytest.raises(RegradeError, match=STALE_MESSAGE):
        regrade(
            rg.version(),
            new_answer=["B"],
            actor=rg.editor.user,
            reason=REASON,
            expected_fingerprint=preview.fingerprint,
        )
    assert snapshot_state() == before


def test_nothing_is_written_when_a_step_fails(rg, sat, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(regrade_consequences.training, "withdraw_offpost_training", broken)
    before = snapshot_state()
    with pytest.raises(RuntimeError):
        regrade(rg.version(), new_answer=["B"], actor=rg.editor.user, reason=REASON)
    assert snapshot_state() == before
    rg.target.refresh_from_db()
    assert rg.target.answer == ["A"]


# --- edge cases of the consequences ----------------------------------------------------


def test_fail_to_pass_after_a_retest_was_sat_keeps_the_programme(rg, sat):
    member = rg.people["甲"]
    retest = unlock_retest(rg, member)
    assert retest.kind == AssessmentKind.RETEST
    sit(retest, member, "C", wrong=2)  # fails the re-test too (40)
    programme = member.training_programmes.get()
    assert programme.status == ProgrammeStatus.IN_TRAINING
    result = regrade(rg.version(), new_answer=["B"], actor=rg.editor.user, reason=REASON)
    member.refresh_from_db()
    programme.refresh_from_db()
    assert member.status == StaffStatus.OFF_POST_TRAINING
    assert programme.status == ProgrammeStatus.IN_TRAINING
    row = next(r for r in result.changes if r.attempt_id == sat["甲"].pk)
    assert "已参加复岗考核" in row.consequence.note
    event = AuditEvent.objects.get(kind=AuditKind.REGRADED, data__attempt_id=sat["甲"].pk)
    assert "已参加复岗考核" in event.data["consequence"]


def test_fail_to_pass_with_an_untaken_retest_closes_it(rg, sat):
    member = rg.people["甲"]
    retest = unlock_retest(rg, member)
    regrade(rg.version(), new_answer=["B"], actor=rg.editor.user, reason=REASON)
    retest.refresh_from_db()
    member.refresh_from_db()
    assert member.status == StaffStatus.ON_POST
    assert retest.closes_at <= timezone.now()


def test_a_regraded_retest_moves_the_programme(rg, sat):
    member = rg.people["甲"]
    retest = unlock_retest(rg, member)
    failed_retest = sit(retest, member, "B", wrong=1)  # 60 with the wrong key
    programme = member.training_programmes.get()
    assert programme.status == ProgrammeStatus.IN_TRAINING
    regrade(rg.version(), new_answer=["B"], actor=rg.editor.user, reason=REASON)
    programme.refresh_from_db()
    failed_retest.refresh_from_db()
    assert failed_retest.passed
    # The routine fail stands undone only through the re-test: sign-back is next.
    assert programme.status == ProgrammeStatus.RETEST_PASSED
    change = AuditEvent.objects.filter(staff=member, kind=AuditKind.STATUS_CHANGED).last()
    assert change.to_status == ProgrammeStatus.RETEST_PASSED and REASON in change.reason


def test_pass_to_fail_after_a_later_pass_does_not_send_off_post(rg, sat):
    member = rg.people["乙"]
    later = make_assessment(
        rg.blueprint,
        rg.enterprise,
        staff=[member],
        title="下一轮",
        opens_in=timedelta(minutes=-5),
    )
    later_attempt = sit(later, member, "C")  # 80, passed; question 1 stays wrong
    assert later_attempt.passed
    result = regrade(rg.version(), new_answer=["B"], actor=rg.editor.user, reason=REASON)
    member.refresh_from_db()
    assert member.status == StaffStatus.ON_POST
    assert not member.training_programmes.exists()
    row = next(r for r in result.changes if r.attempt_id == sat["乙"].pk)
    assert "之后参加的考核已合格" in row.consequence.note


def test_pass_to_fail_of_someone_already_in_training_adds_no_programme(rg, sat):
    member = rg.people["乙"]
    send_to_offpost_training(member, failed_attempt=None)
    regrade(rg.version(), new_answer=["B"], actor=rg.editor.user, reason=REASON)
    assert member.training_programmes.count() == 1


def test_the_timeline_shows_the_regrade_with_reason_and_scores(client, rg, sat):
    regrade(rg.version(), new_answer=["B"], actor=rg.editor.user, reason=REASON)
    client.force_login(rg.manager.user)
    page = client.get(reverse("training:staff", args=[rg.people["甲"].pk])).content.decode()
    assert "重新评分" in page
    assert REASON in page
    assert "60 → 80" in page
    assert "不合格 → 合格" in page


@pytest.mark.parametrize(
    ("content", "given", "expected"),
    [
        ({"type": "fill"}, [" 甲烷 ", "CH4", "甲烷", ""], ("甲烷", "CH4")),
        ({"type": "true_false"}, ["false"], ("false",)),
        ({"type": "multiple", "options": [{"key": k} for k in "ABCD"]}, ["C", "A"], ("A", "C")),
        ({"type": "single", "options": [{"key": k} for k in "ABCD"]}, "D", ("D",)),
    ],
)
def test_clean_new_answer_normalises_keys(content, given, expected):
    assert clean_new_answer(content, given) == expected


@pytest.mark.parametrize(
    ("content", "given", "message"),
    [
        ({"type": "fill"}, ["  "], "请填写更正后的答案"),
        ({"type": "true_false"}, ["yes"], "不是这道题的选项"),
        ({"type": "multiple", "options": [{"key": k} for k in "ABCD"]}, ["A"], "至少需要两个"),
    ],
)
def test_clean_new_answer_refuses_bad_keys(content, given, message):
    with pytest.raises(RegradeError, match=message):
        clean_new_answer(content, given)
