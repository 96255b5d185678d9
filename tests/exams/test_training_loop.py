"""Fail → off post → training hours → re-test → pass → sign-back, all through the views,
with each step refused to the wrong role and recorded on the person's timeline."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.vocab import StaffStatus
from assessments.models import AssessmentKind, Attempt
from safetykb.models import AuditEvent, AuditKind
from tests.exams.builders import correct_response, wrong_response
from tests.exams.conftest import committed, login
from tests.exams.test_taking import save, slots_of
from training.models import ProgrammeStatus, TrainingRecord

pytestmark = pytest.mark.django_db


def sit(client, member, assignment, *, correct: bool) -> Attempt:
    """The member takes ``assignment`` through the views, all right or all wrong."""
    login(client, member)
    client.post(reverse("assessments:start", args=[assignment.pk]))
    attempt = Attempt.objects.filter(assignment=assignment).order_by("-number").first()
    for slot in slots_of(attempt):
        save(
            client,
            attempt,
            slot.number,
            correct_response(slot) if correct else wrong_response(slot),
        )
    with committed():
        client.post(reverse("assessments:submit", args=[attempt.pk]))
    attempt.refresh_from_db()
    return attempt


def training_form(hours="8", day=None, content="危险化学品安全知识", trainer="王老师"):
    return {
        "date": (day or timezone.localdate()).isoformat(),
        "content": content,
        "hours": hours,
        "trainer": trainer,
    }


@pytest.fixture
def failed(client, world):
    """worker_a failed the routine round and is off post (72 hours to do)."""
    attempt = sit(
        client, world.worker_a, world.exam_a.assignments.get(staff=world.worker_a), correct=False
    )
    assert attempt.passed is False
    world.worker_a.refresh_from_db()
    # The failure was three weeks ago: off-post hours are dated between it and today.
    world.worker_a.training_programmes.update(started_at=timezone.now() - timedelta(days=21))
    return world.worker_a.training_programmes.get()


def past(days: int) -> date:
    return timezone.localdate() - timedelta(days=days)


def test_the_whole_loop_through_the_views(client, world, failed):
    worker, manager = world.worker_a, world.safety_manager_a
    assert worker.status == StaffStatus.OFF_POST_TRAINING

    # The manager's dashboard shows them off post, 0/72 hours.
    page = login(client, manager).get(reverse("oversight:enterprise", args=[world.a.pk]))
    html = page.content.decode()
    assert "脱产培训人员（1）" in html
    assert worker.display_name in html
    assert "0</strong> / 72 学时" in html

    # The worker has no exam to take while training hours are short.
    page = login(client, worker).get(reverse("oversight:my_home")).content.decode()
    assert "暂无考试安排" in page
    assert "脱产培训中" in page

    # Hours are entered; the last entry completes 72 and unlocks the re-test.
    login(client, manager)
    url = reverse("training:record_training", args=[failed.pk])
    for n in range(8):
        assert client.post(url, training_form("8", day=past(10 - n))).status_code == 302
    response = client.post(url, training_form("8", day=past(1)), follow=True)
    assert "复岗考核已开放" in response.content.decode()
    failed.refresh_from_db()
    assert failed.status == ProgrammeStatus.RETEST_UNLOCKED
    assert TrainingRecord.objects.filter(programme=failed).count() == 9
    retest = failed.retest
    assert retest.kind == AssessmentKind.RETEST

    # Signing back before the re-test is passed is refused.
    response = client.post(
        reverse("training:sign_back", args=[failed.pk]), {"remark": "同意"}, follow=True
    )
    assert "复岗考核合格后才能签字复岗" in response.content.decode()

    # The worker sees the re-test, fails it once… (a second one unlocks on the next entry)
    page = login(client, worker).get(reverse("oversight:my_home")).content.decode()
    assert retest.title in page
    retest_assignment = retest.assignments.get(staff=worker)
    assert sit(client, worker, retest_assignment, correct=False).passed is False
    failed.refresh_from_db()
    assert failed.status == ProgrammeStatus.IN_TRAINING
    login(client, manager).post(url, training_form("2"))
    failed.refresh_from_db()
    assert failed.status == ProgrammeStatus.RETEST_UNLOCKED
    second = failed.retest
    assert second != retest

    # …and passes the second.
    result = sit(client, worker, second.assignments.get(staff=worker), correct=True)
    assert result.passed is True
    page = client.get(reverse("assessments:result", args=[result.pk])).content.decode()
    assert "待安全管理员签字复岗" in page
    failed.refresh_from_db()
    assert failed.status == ProgrammeStatus.RETEST_PASSED

    # The manager signs them back with a remark.
    login(client, manager)
    record = client.get(reverse("training:staff", args=[worker.pk])).content.decode()
    assert "签字复岗" in record and 'name="remark"' in record
    response = client.post(
        reverse("training:sign_back", args=[failed.pk]),
        {"remark": "学时已满，复岗考核合格，同意复岗。"},
        follow=True,
    )
    assert "已签字复岗" in response.content.decode()
    worker.refresh_from_db()
    failed.refresh_from_db()
    assert worker.status == StaffStatus.ON_POST
    assert failed.status == ProgrammeStatus.RETURNED
    assert failed.signed_back_by == manager.user

    # Every transition is on the person's timeline, in order.
    kinds = list(AuditEvent.objects.filter(staff=worker).values_list("kind", flat=True))
    assert kinds[:3] == [
        AuditKind.ASSESSMENT_FAILED,
        AuditKind.STATUS_CHANGED,
        AuditKind.TRAINING_RECORDED,
    ]
    assert kinds[-2:] == [AuditKind.SIGNED_BACK, AuditKind.STATUS_CHANGED]
    assert AuditKind.RETEST_FAILED in kinds and AuditKind.RETEST_PASSED in kinds
    page = client.get(reverse("training:staff", args=[worker.pk])).content.decode()
    timeline = page.split('class="timeline"')[1]
    assert timeline.index("<strong>考核不合格</strong>") < timeline.index(
        "<strong>签字复岗</strong>"
    )
    assert "学时已满，复岗考核合格，同意复岗。" in page
    assert "脱产培训 → 在岗" in page
    dashboard = client.get(reverse("oversight:enterprise", args=[world.a.pk])).content.decode()
    assert "脱产培训人员（0）" in dashboard


class TestWrongRolesAndScopes:
    def test_principal_reads_but_cannot_record_or_sign(self, client, world, failed):
        login(client, world.principal_a)
        page = client.get(reverse("training:staff", args=[world.worker_a.pk])).content.decode()
        assert 'name="hours"' not in page
        url = reverse("training:record_training", args=[failed.pk])
        assert client.post(url, training_form()).status_code == 403
        assert (
            client.post(
                reverse("training:sign_back", args=[failed.pk]), {"remark": "x"}
            ).status_code
            == 403
        )
        assert not TrainingRecord.objects.exists()

    def test_regulator_reads_but_cannot_record(self, client, world, failed):
        login(client, world.regulator_1)
        page = client.get(reverse("training:staff", args=[world.worker_a.pk]))
        assert page.status_code == 200
        assert 'name="hours"' not in page.content.decode()
        url = reverse("training:record_training", args=[failed.pk])
        assert client.post(url, training_form()).status_code == 403

    def test_worker_cannot_record_their_own_hours(self, client, world, failed):
        login(client, world.worker_a)
        url = reverse("training:record_training", args=[failed.pk])
        assert client.post(url, training_form()).status_code == 403

    def test_another_enterprises_manager_gets_404(self, client, world, failed):
        login(client, world.safety_manager_b)
        url = reverse("training:record_training", args=[failed.pk])
        assert client.post(url, training_form()).status_code == 404
        url = reverse("training:sign_back", args=[failed.pk])
        assert client.post(url, {"remark": "同意"}).status_code == 404
        assert not TrainingRecord.objects.exists()

    def test_form_errors_are_shown_in_chinese(self, client, world, failed):
        login(client, world.safety_manager_a)
        url = reverse("training:record_training", args=[failed.pk])
        response = client.post(url, training_form(hours="30", content=""))
        assert response.status_code == 400
        page = response.content.decode()
        assert "必需字段" in page
        assert "小于或等于24" in page
        response = client.post(url, training_form(day=date(2999, 1, 1)))
        assert "培训日期不能晚于今天" in response.content.decode()
        assert not TrainingRecord.objects.exists()

    def test_sign_back_needs_a_remark(self, client, world, failed):
        login(client, world.safety_manager_a)
        response = client.post(reverse("training:sign_back", args=[failed.pk]), {"remark": ""})
        assert response.status_code in (302, 400)
        failed.refresh_from_db()
        assert failed.status == ProgrammeStatus.IN_TRAINING

    def test_off_post_worker_cannot_start_a_routine_exam(self, client, world, failed):
        """Even if another routine round is open for them, training comes first."""
        from tests.exams.builders import make_assessment

        other = make_assessment(world.blueprint_1, world.a, staff=[world.worker_a], title="另一轮")
        login(client, world.worker_a)
        response = client.post(
            reverse("assessments:start", args=[other.assignments.get().pk]), follow=True
        )
        assert "脱产培训" in response.content.decode()
        assert not Attempt.objects.filter(assignment__assessment=other).exists()
