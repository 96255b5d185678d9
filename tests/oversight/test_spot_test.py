"""The on-site spot test: the stored sample, the code's window, who may join, the ID
check, 缺考 on close, and a fail's consequence (the surprise assessment's)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.vocab import StaffStatus
from assessments.exams.services.answering import save_answer, submit_attempt
from assessments.models import Absence, AssessmentKind, AttemptState
from oversight import sampling, spot_joining, spot_tests
from oversight.inspections import InspectionError
from oversight.models import SpotExaminee
from safetykb.models import AuditEvent, AuditKind
from tests.exams.builders import answer_all, wrong_response
from tests.oversight.world import build_world, spot_open, started

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def test_the_random_sample_is_stored_and_redraws_from_its_seed(world):
    inspection = started(world)
    added = spot_tests.draw_sample(inspection, actor=world.inspector1.user, count="4", seed=99)
    spot = inspection.spot_test
    assert spot.seed == 99 and len(spot.pool) == 11  # 9 workers, the principal, the manager
    listed = sorted(spot.examinees.values_list("staff_id", flat=True))
    assert listed == sorted(e.staff_id for e in added) and len(listed) == 4
    redrawn = sampling.draw(sampling.pool_from_json(spot.pool), sampling.SampleRequest(count=4), 99)
    assert list(redrawn) == listed
    event = AuditEvent.objects.get(kind=AuditKind.SPOT_TEST_SAMPLED)
    assert event.data["seed"] == 99 and event.data["sampled_staff_ids"] == listed
    with pytest.raises(InspectionError, match="不能重新抽取"):
        spot_tests.draw_sample(inspection, actor=world.inspector1.user, count="4")


def test_principals_and_safety_managers_can_be_named(world):
    inspection = started(world)
    for profile in (world.principal, world.manager):
        spot_tests.add_named(inspection, actor=world.inspector2.user, staff_id=profile.pk)
    with pytest.raises(InspectionError, match="已在抽考名单中"):
        spot_tests.add_named(inspection, actor=world.inspector2.user, staff_id=world.principal.pk)
    with pytest.raises(InspectionError, match="不是被检查单位的在岗人员"):
        spot_tests.add_named(inspection, actor=world.inspector2.user, staff_id=world.worker_b.pk)


def test_the_code_opens_the_paper_of_a_sampled_person(world):
    worker = world.workers[0]
    _, spot = spot_open(world, [worker])
    assert len(spot.join_code) == 6 and spot.join_code.isdigit()
    attempt = spot_joining.join(worker.user, code=spot.join_code, last4="1001")
    assert attempt.state == AttemptState.IN_PROGRESS
    assessment = attempt.assignment.assessment
    assert assessment.kind == AssessmentKind.SURPRISE and assessment.closes_at == spot.closes_at
    examinee = SpotExaminee.objects.get(staff=worker)
    assert examinee.id_checked and examinee.joined_at
    # Joining again resumes the same paper.
    assert spot_joining.join(worker.user, code=spot.join_code, last4="1001") == attempt


def test_a_code_after_its_window_is_refused(world):
    worker = world.workers[0]
    _, spot = spot_open(world, [worker], minutes=20)
    later = spot.closes_at + timedelta(seconds=1)
    with pytest.raises(InspectionError, match="抽考码已失效"):
        spot_joining.join(worker.user, code=spot.join_code, last4="1001", now=later)


def test_a_code_of_a_closed_window_is_refused(world):
    worker = world.workers[0]
    _, spot = spot_open(world, [worker])
    spot_tests.close_spot_test(spot, actor=world.inspector1.user)
    with pytest.raises(InspectionError, match="抽考码已失效"):
        spot_joining.join(worker.user, code=spot.join_code, last4="1001")


def test_a_code_from_another_inspection_is_refused(world):
    first, second = world.workers[0], world.workers[1]
    _, spot_a = spot_open(world, [first])
    _, spot_b = spot_open(world, [second])
    with pytest.raises(InspectionError, match="属于另一次检查"):
        spot_joining.join(first.user, code=spot_b.join_code, last4="1001")
    # Through A's QR, B's code is refused too.
    with pytest.raises(InspectionError, match="属于另一次检查"):
        spot_joining.join(second.user, code=spot_b.join_code, last4="1002", via=spot_a)


def test_someone_outside_the_sample_is_refused(world):
    _, spot = spot_open(world, [world.workers[0]])
    with pytest.raises(InspectionError, match="不在本次抽考的名单中"):
        spot_joining.join(world.workers[1].user, code=spot.join_code, last4="1002")
    # Another enterprise's people do not even find the code.
    with pytest.raises(InspectionError, match="抽考码不正确"):
        spot_joining.join(world.worker_b.user, code=spot.join_code, last4="2001")


def test_a_wrong_id_is_recorded_and_refused_until_verified_in_person(world):
    worker = world.workers[0]
    _, spot = spot_open(world, [worker])
    with pytest.raises(InspectionError, match="与档案不符，已记录"):
        spot_joining.join(worker.user, code=spot.join_code, last4="9999")
    examinee = SpotExaminee.objects.get(staff=worker)
    assert examinee.id_mismatches == 1 and examinee.assignment is None
    assert AuditEvent.objects.filter(kind=AuditKind.SPOT_TEST_ID_MISMATCH, staff=worker).exists()
    spot_tests.verify_in_person(examinee, actor=world.inspector2.user)
    attempt = spot_joining.join(worker.user, code=spot.join_code, last4="9999")
    examinee.refresh_from_db()
    assert attempt.pk and examinee.id_checked is False and examinee.id_mismatches == 2
    assert examinee.verified_by == world.inspector2.user


def test_no_id_on_file_needs_the_inspectors_tick(world):
    worker = world.workers[0]
    worker.id_number_last4 = ""
    worker.save()
    _, spot = spot_open(world, [worker])
    with pytest.raises(InspectionError, match="档案中没有身份证号"):
        spot_joining.join(worker.user, code=spot.join_code, last4="1001")


def test_closing_records_the_absent_and_hands_in_open_papers(world):
    joined, answering, absent = world.workers[:3]
    _, spot = spot_open(world, [joined, answering, absent])
    done = spot_joining.join(joined.user, code=spot.join_code, last4="1001")
    answer_all(done, correct=True)
    submit_attempt(done)
    still_open = spot_joining.join(answering.user, code=spot.join_code, last4="1002")
    recorded = spot_tests.close_spot_test(spot, actor=world.inspector1.user)
    assert recorded == 1
    still_open.refresh_from_db()
    assert still_open.state == AttemptState.GRADED and still_open.auto_submitted
    row = SpotExaminee.objects.get(staff=absent)
    assert row.absent and Absence.objects.filter(assignment=row.assignment).exists()
    statuses = {r.name: r.status for r in spot_tests.examinee_rows(spot)}
    assert statuses == {"甲员工1": "合格", "甲员工2": "不合格", "甲员工3": "缺考"}
    absent.refresh_from_db()
    assert absent.status == StaffStatus.OFF_POST_TRAINING  # 缺考按不合格处理


def test_the_tick_closes_a_window_that_ran_out(world):
    worker = world.workers[0]
    _, spot = spot_open(world, [worker], minutes=5)
    assert spot_tests.close_due_spot_tests(now=timezone.now()) == 0
    assert spot_tests.close_due_spot_tests(now=spot.closes_at + timedelta(seconds=1)) == 1
    spot.refresh_from_db()
    assert spot.closed_at == spot.closes_at and spot.closed_by is None


def test_a_failed_spot_test_sends_the_person_off_post(world, django_capture_on_commit_callbacks):
    worker = world.workers[0]
    _, spot = spot_open(world, [worker])
    attempt = spot_joining.join(worker.user, code=spot.join_code, last4="1001")
    for slot in attempt.slots.select_related("question_version"):
        save_answer(attempt, slot.number, wrong_response(slot))
    with django_capture_on_commit_callbacks(execute=True):
        submit_attempt(attempt)
    worker.refresh_from_db()
    assert worker.status == StaffStatus.OFF_POST_TRAINING


def test_the_window_length_is_bounded_and_needs_a_list(world):
    inspection = started(world)
    with pytest.raises(InspectionError, match="5 到 120 分钟"):
        spot_tests.open_window(inspection, actor=world.inspector1.user, minutes="500")
    with pytest.raises(InspectionError, match="名单为空"):
        spot_tests.open_window(inspection, actor=world.inspector1.user, minutes="20")
