"""A manager sitting an exam cannot read a colleague's reviewed answers to the same questions."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.exams.selectors.answer_secrecy import REVIEW_WITHHELD
from assessments.exams.services.answering import submit_attempt
from assessments.exams.services.papers import start_attempt
from assessments.models import Attempt
from tests.exams.builders import LEAK_MARKERS, make_assessment, make_blueprint
from tests.exams.conftest import BANK

pytestmark = pytest.mark.django_db


def test_a_colleagues_review_is_withheld_while_the_manager_sits_the_same_questions(client, world):
    worker_attempt = start_attempt(world.exam_a.assignments.get(staff=world.worker_a))
    submit_attempt(worker_attempt, actor=world.worker_a.user)
    # The manager's paper draws the whole shared bank, so it shares every question.
    whole_bank = make_blueprint(world.j1, BANK, name="安全管理人员考试")
    exam = make_assessment(whole_bank, world.a, staff=[world.safety_manager_a])
    own = start_attempt(exam.assignments.get(staff=world.safety_manager_a))
    url = reverse("assessments:result", args=[worker_attempt.pk])
    client.force_login(world.safety_manager_a.user)

    page = client.get(url).content.decode()
    assert REVIEW_WITHHELD in page
    assert not [marker for marker in LEAK_MARKERS if marker in page]

    submit_attempt(Attempt.objects.get(pk=own.pk), actor=world.safety_manager_a.user)
    page = client.get(url).content.decode()
    assert REVIEW_WITHHELD not in page
    assert all(marker in page for marker in LEAK_MARKERS)


def test_a_manager_without_an_open_paper_sees_the_review(client, world):
    worker_attempt = start_attempt(world.exam_a.assignments.get(staff=world.worker_a))
    submit_attempt(worker_attempt, actor=world.worker_a.user)
    client.force_login(world.safety_manager_a.user)
    page = client.get(reverse("assessments:result", args=[worker_attempt.pk])).content.decode()
    assert REVIEW_WITHHELD not in page and all(marker in page for marker in LEAK_MARKERS)
