"""What the system does by rule (auto-submit, off post after a fail, 缺考) is logged as
系统 with the rule, never as the person it happened to; off post shows one state at a time."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.vocab import StaffStatus
from assessments.models import Attempt
from safetykb.audit import audit
from safetykb.models import AuditEvent, AuditKind
from tests.exams.builders import wrong_response
from tests.exams.conftest import committed, login
from tests.exams.test_taking import save, slots_of
from training.models import ProgrammeStatus
from training.services import open_programme

pytestmark = pytest.mark.django_db


def fail_by_hand(client, world) -> Attempt:
    login(client, world.worker_a)
    assignment = world.exam_a.assignments.get(staff=world.worker_a)
    client.post(reverse("assessments:start", args=[assignment.pk]))
    attempt = Attempt.objects.get(assignment=assignment)
    for slot in slots_of(attempt):
        save(client, attempt, slot.number, wrong_response(slot))
    with committed():
        client.post(reverse("assessments:submit", args=[attempt.pk]))
    return attempt


def test_off_post_after_a_fail_is_the_systems_not_the_workers(client, world):
    fail_by_hand(client, world)
    world.worker_a.refresh_from_db()
    assert world.worker_a.status == StaffStatus.OFF_POST_TRAINING
    off_post = AuditEvent.objects.get(kind=AuditKind.STATUS_CHANGED, staff=world.worker_a)
    assert off_post.actor is None and off_post.rule == "考核不合格，转脱产培训"
    failed = AuditEvent.objects.get(kind=AuditKind.ASSESSMENT_FAILED, staff=world.worker_a)
    assert failed.actor is None and "考核不合格" in failed.rule

    page = client.get(reverse("training:staff", args=[world.worker_a.pk])).content.decode()
    assert "操作人：系统（规则：考核不合格，转脱产培训）" in page
    assert "操作人：甲员工" not in page


def test_a_paper_closed_at_the_deadline_is_auto_submitted_by_the_system(client, world):
    login(client, world.worker_a)
    assignment = world.exam_a.assignments.get(staff=world.worker_a)
    client.post(reverse("assessments:start", args=[assignment.pk]))
    Attempt.objects.filter(assignment=assignment).update(
        deadline=timezone.now() - timedelta(seconds=1)
    )
    call_command("tick", verbosity=0)
    event = AuditEvent.objects.get(kind=AuditKind.AUTO_SUBMITTED, staff=world.worker_a)
    assert event.actor is None and event.rule == "考试时间到，未交的答卷自动交卷"
    # Nothing answered: a fail, and the off-post step is the system's too.
    off_post = AuditEvent.objects.get(kind=AuditKind.STATUS_CHANGED, staff=world.worker_a)
    assert off_post.actor is None and off_post.rule
    page = client.get(reverse("training:staff", args=[world.worker_a.pk])).content.decode()
    assert "系统（规则：考试时间到，未交的答卷自动交卷）" in page
    assert "操作人：甲员工" not in page


def test_a_person_acting_is_never_dressed_up_as_a_rule(world):
    event = audit(
        AuditKind.TRAINING_RECORDED,
        staff=world.worker_a,
        actor=world.safety_manager_a.user,
        rule="不该出现",
    )
    assert event.actor == world.safety_manager_a.user and event.rule == ""


def test_awaiting_sign_back_shows_one_state(client, world):
    fail_by_hand(client, world)
    programme = open_programme(world.worker_a)
    programme.status = ProgrammeStatus.RETEST_PASSED
    programme.save(update_fields=["status"])
    for url in (reverse("oversight:my_home"), reverse("assessments:my_exams")):
        page = client.get(url).content.decode()
        assert page.count("复岗考核合格，待安全管理员签字复岗") == 1, url
        assert "请按新上岗人员培训标准完成培训" not in page, url
