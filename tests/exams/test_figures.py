"""One rule for empty figures (a rate of nothing is "—", never 0%) and headline counts
that add up (在职 = 在岗 + 脱产培训; 离职 apart)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.exams.selectors.results import RateRow, rate
from oversight.templatetags.exam_figures import rate as rate_filter
from oversight.templatetags.exam_figures import rate_of
from tests.exams.conftest import login
from tests.factories import person


def test_a_rate_of_nothing_is_a_dash():
    assert rate(0, 0) is None and rate(1, 4) == 25
    assert rate_filter(None) == "—" and rate_filter(0) == "0%"
    assert rate_of(0, 0) == "—" and rate_of(3, 4) == "75%"
    empty = RateRow("空", assigned=0, completed=0, passed=0)
    assert empty.pass_percent is None and empty.completion_percent is None
    assert empty.passed_share == 0  # a bar of nothing is simply empty


@pytest.mark.django_db
def test_dashboards_show_a_dash_when_nobody_has_finished(client, world):
    login(client, world.safety_manager_a)
    page = client.get(reverse("oversight:enterprise", args=[world.a.pk])).content.decode()
    assert '<div class="muted">合格率</div><div class="stat">—</div>' in page
    assert "（0%）" not in page and "合格 0/0（—）" in page
    detail = client.get(reverse("oversight:assessment", args=[world.exam_a.pk])).content.decode()
    assert '<div class="muted">合格率</div><div class="stat">—</div>' in detail
    login(client, world.regulator_1)
    page = client.get(reverse("oversight:jurisdiction")).content.decode()
    assert '<div class="muted">合格率</div><div class="stat">—</div>' in page


@pytest.mark.django_db
def test_staff_headline_adds_up(client, world):
    person("甲脱产", enterprise=world.a, off_post=True)
    person("甲离职", enterprise=world.a, left=True)
    login(client, world.safety_manager_a)
    page = client.get(reverse("oversight:enterprise_dashboard")).content.decode()
    # 甲员工, 甲同事, 甲安全员, 甲负责人 on post; one off post; one left.
    assert '<div class="stat">5</div><div class="muted">在岗 4 · 脱产培训 1</div>' in page
    assert "另有离职 1 人，不计入在职" in page
