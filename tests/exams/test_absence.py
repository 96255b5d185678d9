"""缺考: at a surprise window's close the tick records everyone sampled who never sat it;
by default that counts as a fail (off post), and a manager can excuse it with a reason."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.vocab import StaffStatus
from assessments.exams.services.absence import excuse_absence
from assessments.exams.services.answering import submit_attempt
from assessments.exams.services.errors import AssessmentError
from assessments.exams.services.papers import start_attempt
from assessments.models import (
    Absence,
    AbsenceExcuse,
    Assessment,
    AssessmentKind,
    Attempt,
    AttemptState,
)
from safetykb.models import AuditEvent, AuditKind
from tests.exams.builders import answer_all, make_assessment
from tests.exams.conftest import login
from tests.factories import person
from training.models import ProgrammeStatus, TrainingProgramme
from training.services import record_training

pytestmark = pytest.mark.django_db


@pytest.fixture
def surprise(world):
    """A launched surprise test of enterprise A with three people sampled."""
    absentee = person("李志强", enterprise=world.a)
    return make_assessment(
        world.blueprint_1,
        world.a,
        kind=AssessmentKind.SURPRISE,
        staff=[world.worker_a, world.colleague_a, absentee],
        title="12月突击抽考",
        opens_in=timedelta(minutes=-5),
        open_for=timedelta(minutes=30),
    )


def absentee_of(surprise):
    return surprise.assignments.get(staff__user__username="李志强").staff


def close(assessment):
    """The window has closed (and with it the deadline of any paper still open)."""
    past = timezone.now() - timedelta(seconds=5)
    Assessment.objects.filter(pk=assessment.pk).update(closes_at=past)
    Attempt.objects.filter(assignment__assessment=assessment).update(deadline=past)


def test_the_tick_records_those_who_never_started_and_sends_them_off_post(world, surprise):
    finished = start_attempt(surprise.assignments.get(staff=world.worker_a))
    answer_all(finished)
    submit_attempt(finished)
    started = start_attempt(surprise.assignments.get(staff=world.colleague_a))
    close(surprise)

    call_command("tick", verbosity=0)

    absence = Absence.objects.get()
    absentee = absentee_of(surprise)
    assert absence.assignment.staff == absentee and absence.counts_as_fail
    # The paper started before the close was auto-submitted, not counted absent.
    started.refresh_from_db()
    assert started.state == AttemptState.GRADED and started.auto_submitted
    absentee.refresh_from_db()
    assert absentee.status == StaffStatus.OFF_POST_TRAINING
    programme = TrainingProgramme.objects.get(staff=absentee)
    assert programme.absence == absence and programme.failed_attempt is None
    event = AuditEvent.objects.get(kind=AuditKind.ABSENT, staff=absentee)
    assert event.actor is None and event.rule == "抽考窗口关闭未交卷"
    off_post = AuditEvent.objects.get(kind=AuditKind.STATUS_CHANGED, staff=absentee)
    assert off_post.actor is None and off_post.to_status == StaffStatus.OFF_POST_TRAINING

    call_command("tick", verbosity=0)  # once only
    assert Absence.objects.count() == 1


def test_an_absence_can_count_only_as_a_flag(world, surprise):
    Assessment.objects.filter(pk=surprise.pk).update(absence_counts_as_fail=False)
    close(surprise)
    call_command("tick", verbosity=0)
    absentee = absentee_of(surprise)
    absentee.refresh_from_db()
    assert Absence.objects.filter(assignment__staff=absentee, counts_as_fail=False).exists()
    assert absentee.status == StaffStatus.ON_POST
    assert not TrainingProgramme.objects.filter(staff=absentee).exists()


def test_nothing_is_recorded_while_the_window_is_open_or_by_a_page_view(client, world, surprise):
    call_command("tick", verbosity=0)
    assert not Absence.objects.exists()
    close(surprise)
    login(client, world.safety_manager_a)
    client.get(reverse("oversight:assessment", args=[surprise.pk]))
    client.get(reverse("oversight:enterprise", args=[world.a.pk]))
    assert not Absence.objects.exists()  # GET pages never write


def test_routine_rounds_record_no_absence(world):
    Assessment.objects.filter(pk=world.exam_a.pk).update(closes_at=timezone.now())
    call_command("tick", verbosity=0)
    assert not Absence.objects.exists()


def test_the_assessment_page_shows_absence_not_unstarted(client, world, surprise):
    close(surprise)
    call_command("tick", verbosity=0)
    login(client, world.safety_manager_a)
    page = client.get(reverse("oversight:assessment", args=[surprise.pk])).content.decode()
    assert "缺考" in page and "核准缺考" in page
    assert "未开始" not in page


def test_a_manager_excuses_with_a_reason_and_the_person_is_back_on_post(client, world, surprise):
    close(surprise)
    call_command("tick", verbosity=0)
    absentee = absentee_of(surprise)
    absence = Absence.objects.get(assignment__staff=absentee)
    url = reverse("assessments:excuse_absence", args=[absence.pk])

    login(client, world.safety_manager_b)  # another enterprise: out of scope
    assert client.post(url, {"reason": "病假"}).status_code == 404
    login(client, world.worker_a)  # not a manager
    assert client.post(url, {"reason": "病假"}).status_code == 403
    login(client, world.safety_manager_a)
    client.post(url, {"reason": ""})
    assert not AbsenceExcuse.objects.exists()

    response = client.post(url, {"reason": "病假（附医院证明）"}, follow=True)
    assert "已核准" in response.content.decode()
    excuse = AbsenceExcuse.objects.get()
    assert excuse.excused_by == world.safety_manager_a.user
    absentee.refresh_from_db()
    assert absentee.status == StaffStatus.ON_POST
    assert TrainingProgramme.objects.get(staff=absentee).status == ProgrammeStatus.RETURNED
    event = AuditEvent.objects.get(kind=AuditKind.ABSENCE_EXCUSED)
    assert event.actor == world.safety_manager_a.user and "病假（附医院证明）" in event.reason
    back = AuditEvent.objects.filter(kind=AuditKind.STATUS_CHANGED, staff=absentee).last()
    assert back.to_status == StaffStatus.ON_POST and back.actor == world.safety_manager_a.user

    with pytest.raises(AssessmentError, match="已核准"):
        excuse_absence(absence, actor=world.safety_manager_a.user, reason="再次")
    with pytest.raises(ValueError):
        absence.save()  # append-only


def test_training_after_an_absence_leads_to_a_retest_of_the_same_blueprint(world, surprise):
    close(surprise)
    call_command("tick", verbosity=0)
    programme = TrainingProgramme.objects.get(staff=absentee_of(surprise))
    Assessment.objects.filter(pk=surprise.pk).update(closes_at=timezone.now())
    # The absence was three weeks ago; 72 h fall on separate days since (8 h a day at most).
    TrainingProgramme.objects.filter(pk=programme.pk).update(
        started_at=timezone.now() - timedelta(days=21)
    )
    programme.refresh_from_db()
    for day in range(9):
        record_training(
            programme,
            actor=world.safety_manager_a.user,
            day=timezone.localdate() - timedelta(days=day + 1),
            content="新上岗人员安全教育",
            hours=Decimal(8),
            trainer="周安全",
        )
    programme.refresh_from_db()
    assert programme.status == ProgrammeStatus.RETEST_UNLOCKED
    assert programme.retest.blueprint == surprise.blueprint


def test_each_surprise_says_whether_absence_counts_as_a_fail(client, world):
    login(client, world.safety_manager_a)
    url = reverse("assessments:prepare_surprise", args=[world.a.pk])
    form = client.get(url).content.decode()
    assert 'name="absence_counts_as_fail"' in form and "checked" in form  # default: yes
    data = {"title": "只标记缺考", "blueprint": world.blueprint_1.pk, "count": 1}
    client.post(url, {**data, "window_minutes": 30})
    client.post(
        url, {**data, "title": "缺考按不合格", "window_minutes": 30, "absence_counts_as_fail": "on"}
    )
    assert not Assessment.objects.get(title="只标记缺考").absence_counts_as_fail
    fail = Assessment.objects.get(title="缺考按不合格")
    assert fail.absence_counts_as_fail
    page = client.get(reverse("oversight:assessment", args=[fail.pk])).content.decode()
    assert "按不合格处理（转脱产培训）" in page


def test_the_worker_task_records_absences_at_the_close(world, surprise):
    from assessments.exams.tasks import close_surprise_window

    close(surprise)
    assert close_surprise_window.call(surprise.pk) == 3
    assert Absence.objects.filter(assignment__assessment=surprise).count() == 3
