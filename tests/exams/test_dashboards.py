"""What managers, principals and regulators see: rates, breakdowns, off-post progress."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.exams.services.answering import submit_attempt
from assessments.exams.services.papers import start_attempt
from assessments.models import RoutineFrequency, RoutineSchedule
from tests.exams.builders import answer_all
from tests.exams.conftest import committed, login
from training.services import send_to_offpost_training

pytestmark = pytest.mark.django_db


@pytest.fixture
def results(world):
    """worker_a passed exam A, colleague_a failed it; worker_b has not started exam B."""
    for member, correct in ((world.worker_a, True), (world.colleague_a, False)):
        attempt = start_attempt(world.exam_a.assignments.get(staff=member))
        answer_all(attempt, correct=correct)
        with committed():
            submit_attempt(attempt)
    return world


def test_enterprise_dashboard_shows_rates_breakdowns_and_off_post(client, results):
    world = results
    page = (
        login(client, world.safety_manager_a)
        .get(reverse("oversight:enterprise", args=[world.a.pk]))
        .content.decode()
    )
    assert world.exam_a.title in page
    assert "2/2" in page  # completed / assigned
    assert "50%" in page  # pass rate
    assert "按人员层级" in page and "按岗位" in page and "按部门/班组" in page
    assert "合成岗" in page and "储运岗" in page
    assert "合成车间" in page and "储运车间" in page
    assert "合格 1/1（100%）" in page and "合格 0/1（0%）" in page
    assert "脱产培训人员（1）" in page
    assert world.colleague_a.display_name in page
    assert "发起不定期抽考" in page
    assert world.b.name not in page


def test_principal_sees_the_same_dashboard_read_only(client, results):
    world = results
    page = (
        login(client, world.principal_a)
        .get(reverse("training:staff", args=[world.colleague_a.pk]))
        .content.decode()
    )
    assert "72 学时" in page
    assert 'name="hours"' not in page


def test_manager_sees_the_training_form_on_the_person_page(client, results):
    world = results
    page = (
        login(client, world.safety_manager_a)
        .get(reverse("training:staff", args=[world.colleague_a.pk]))
        .content.decode()
    )
    assert 'name="hours"' in page
    assert "考核不合格" in page  # timeline
    assert "在岗 → 脱产培训" in page


def test_assessment_detail_lists_people_with_results(client, results):
    world = results
    page = (
        login(client, world.regulator_1)
        .get(reverse("oversight:assessment", args=[world.exam_a.pk]))
        .content.decode()
    )
    assert world.worker_a.display_name in page and world.colleague_a.display_name in page
    assert "100 分" in page
    assert "不合格" in page


def test_jurisdiction_overview_has_one_row_per_enterprise(client, results):
    world = results
    page = login(client, world.regulator_1).get(reverse("oversight:jurisdiction")).content.decode()
    assert world.a.name in page and world.b.name in page
    assert world.c.name not in page
    assert world.colleague_a.display_name in page  # off post, across the jurisdiction


def test_jurisdiction_rows_count_right(results):
    from accounts.models import Enterprise
    from oversight.selectors import jurisdiction_exam_rows

    rows = {
        row.enterprise.pk: row
        for row in jurisdiction_exam_rows(Enterprise.objects.filter(jurisdiction=results.j1))
    }
    a, b = rows[results.a.pk], rows[results.b.pk]
    assert (a.assessments, a.rates.assigned, a.rates.completed, a.rates.passed, a.off_post) == (
        1,
        2,
        2,
        1,
        1,
    )
    assert (b.assessments, b.rates.assigned, b.rates.completed, b.rates.passed, b.off_post) == (
        1,
        1,
        0,
        0,
        0,
    )


def test_schedules_page_lists_routine_schedules(client, world):
    RoutineSchedule.objects.create(
        blueprint=world.blueprint_1, enterprise=world.a, frequency=RoutineFrequency.QUARTERLY
    )
    page = (
        login(client, world.principal_a)
        .get(reverse("oversight:schedules", args=[world.a.pk]))
        .content.decode()
    )
    assert world.blueprint_1.name in page
    assert "每季度" in page


def test_off_post_progress_bar_reflects_hours(client, world):
    from datetime import date, timedelta
    from decimal import Decimal

    from django.utils import timezone

    from training.services import record_training

    programme = send_to_offpost_training(world.worker_a, failed_attempt=None)
    # Sent off post a week ago; 18 h over three days since (8 h a day at most).
    type(programme).objects.filter(pk=programme.pk).update(
        started_at=timezone.now() - timedelta(days=7)
    )
    programme.refresh_from_db()
    for days_ago, hours in ((3, 8), (2, 8), (1, 2)):
        record_training(
            programme,
            actor=world.safety_manager_a.user,
            day=date.today() - timedelta(days=days_ago),
            content="岗位操作规程",
            hours=Decimal(hours),
            trainer="李工",
        )
    page = (
        login(client, world.safety_manager_a)
        .get(reverse("oversight:enterprise", args=[world.a.pk]))
        .content.decode()
    )
    assert "18</strong> / 72 学时" in page
    assert 'aria-valuenow="25"' in page


def test_account_pages_link_to_the_exam_pages(client, world):
    login(client, world.safety_manager_a)
    page = client.get(reverse("oversight:enterprise_dashboard")).content.decode()
    assert reverse("oversight:enterprise", args=[world.a.pk]) in page
    page = client.get(reverse("accounts:staff_detail", args=[world.worker_a.pk])).content.decode()
    assert reverse("training:staff", args=[world.worker_a.pk]) in page
    login(client, world.regulator_1)
    page = client.get(reverse("oversight:jurisdiction_dashboard")).content.decode()
    assert reverse("oversight:jurisdiction") in page
