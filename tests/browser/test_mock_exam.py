"""A worker takes a 模拟考试 on a phone with the exam page's own script: answers are saved
as given, the hand-in goes through the confirm dialog and every question is explained."""

from __future__ import annotations

import re

import pytest

from tests.browser.test_take_exam import QUESTIONS, answer, exam_world, wait_saved

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

__all__ = ["exam_world"]


def test_a_mock_on_a_phone_saves_as_it_goes_and_explains_on_hand_in(
    live_server, exam_world, phone_page
):
    from practice.models import MockPaper
    from tests.factories import TEST_PASSWORD

    page = phone_page
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("examinee")
    page.get_by_label("密码").fill(TEST_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/accounts/me/$"))

    page.get_by_role("link", name="模拟考试").first.click()
    page.wait_for_url(re.compile(r"/practice/mock/$"))
    assert "二季度安全知识考核" in page.content() and "限时 20 分钟" in page.content()
    page.get_by_role("button", name="开始模拟考试").click()
    page.wait_for_url(re.compile(r"/practice/mock/\d+/$"))
    assert re.fullmatch(r"\d\d:\d\d", page.locator("[data-countdown]").inner_text())

    mock = MockPaper.objects.get()
    slots = list(mock.slots.select_related("question_version").order_by("number"))
    assert len(slots) == QUESTIONS
    page.get_by_role("button", name="整卷显示").click()
    for slot in slots:
        answer(page, slot)
    wait_saved(page)
    assert all(s.response for s in mock.slots.all())  # saved before the hand-in

    page.get_by_role("button", name="交卷").click()
    assert "已全部作答" in page.locator("#submit-dialog").inner_text()
    page.get_by_role("button", name="确认交卷").click()
    page.wait_for_url(re.compile(r"/practice/mock/\d+/result/$"))
    assert "100" in page.locator(".score").inner_text()
    assert page.locator(".score-card .badge-ok").inner_text() == "达到及格分"
    assert page.locator(".review-item").count() == QUESTIONS
    mock.refresh_from_db()
    assert mock.score == 100 and not mock.timed_out
