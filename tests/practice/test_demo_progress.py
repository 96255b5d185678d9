"""The demo's progress: the demo worker's page shows mastered questions in several topics
beside the five-day streak; 晋恒化工 has the leaderboard on with a team that practised,
康源制药 has it off; reloading the demo adds nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.demo import load_demo_people
from accounts.models import StaffProfile
from accounts.vocab import Role, StaffStatus
from assessments.demo import ensure_bank_manager_group
from practice.models import PracticeAnswer
from practice.progress import progress_report
from safetykb.demo.exams import load_demo_bank, load_demo_exams
from safetykb.demo.practice import load_demo_practice
from safetykb.demo.practice_progress import load_demo_practice_progress
from safetykb.models import AuditEvent, AuditKind
from tests.exams.conftest import committed

pytestmark = pytest.mark.django_db


def test_the_demo_worker_has_meaningful_progress_and_a_team_board(client):
    with committed():
        load_demo_people()
        ensure_bank_manager_group()
        load_demo_bank()
        load_demo_exams()
    load_demo_practice()
    assert load_demo_practice_progress()
    worker = StaffProfile.objects.get(user__username="worker")
    report = progress_report(worker)
    assert report.line.streak == 5
    assert report.line.mastered >= 5
    # The demo CSV bank has no 知识点 and few 专业 tags: most of it is 通用 by topic. (Its
    # 依据 links need the regulations, which this test does not load.)
    assert sum(1 for row in report.by_topic if row.seen) >= 2
    assert sum(row.seen for row in report.by_regulation) == report.line.seen

    client.force_login(worker.user)
    page = client.get(reverse("practice:progress")).content.decode()
    assert page.count("<svg") == 2
    board = client.get(reverse("practice:leaderboard"))
    assert board.status_code == 200
    assert board.content.decode().count('data-member="') >= 3
    event = AuditEvent.objects.get(kind=AuditKind.PRACTICE_SETTINGS_CHANGED)
    assert event.actor.username == "safety_manager"

    other = StaffProfile.objects.filter(
        enterprise__name="山西上党康源制药有限公司", role=Role.WORKER, status=StaffStatus.ON_POST
    ).first()
    client.force_login(other.user)
    assert client.get(reverse("practice:leaderboard")).status_code == 404

    answers = PracticeAnswer.objects.count()
    assert load_demo_practice_progress() == []
    assert PracticeAnswer.objects.count() == answers
