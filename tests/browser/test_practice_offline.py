"""每日一练 on a phone with a flaky connection: one answer online, two offline (queued in
the browser), then back online and synced."""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def practice_world(transactional_db):
    from assessments.models import QuestionType
    from tests.exams.builders import make_bank
    from tests.factories import EnterpriseFactory, StaffProfileFactory, UserFactory

    enterprise = EnterpriseFactory(name="甲化工有限公司")
    worker = StaffProfileFactory(
        user=UserFactory(username="learner", first_name="张三"), enterprise=enterprise
    )
    make_bank(enterprise.jurisdiction, {QuestionType.SINGLE: 8})
    return worker


def test_two_answers_offline_are_synced_when_back_online(live_server, practice_world, phone_page):
    from practice.models import PracticeAnswer
    from tests.factories import TEST_PASSWORD

    page = phone_page
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("learner")
    page.get_by_label("密码").fill(TEST_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/accounts/me/$"))
    page.locator("main").get_by_role("link", name="每日一练").click()
    page.wait_for_url(re.compile(r"/practice/$"))

    visible = page.locator("[data-question]:visible")
    assert visible.count() == 1  # one question per screen
    visible.locator("input[type=radio]").first.check()
    visible.get_by_role("button", name="提交").click()
    page.wait_for_selector(
        "[data-question]:visible .practice-right, [data-question]:visible .practice-wrong"
    )
    assert "正确答案：" in visible.locator("[data-result]").inner_text()
    visible.get_by_role("button", name="下一题").click()
    assert PracticeAnswer.objects.count() == 1

    page.context.set_offline(True)
    for _ in range(2):
        current = page.locator("[data-question]:visible")
        current.locator("input[type=radio]").first.check()
        current.get_by_role("button", name="提交").click()
        assert "已离线保存" in current.locator("[data-result]").inner_text()
        current.get_by_role("button", name="下一题").click()
    assert "离线保存了 2 道题" in page.locator("[data-sync-state]").inner_text()
    assert PracticeAnswer.objects.count() == 1

    page.context.set_offline(False)
    page.wait_for_function(
        "document.querySelector('[data-sync-state]').textContent.includes('已同步 2')"
    )
    assert PracticeAnswer.objects.filter(staff=practice_world).count() == 3
    queue_key = f"practice-queue-{practice_world.user.pk}"
    assert page.evaluate(f"JSON.parse(localStorage.getItem('{queue_key}'))") == []
