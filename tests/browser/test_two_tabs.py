"""A paper open in two tabs: the tab that missed the other's answers submits, nothing is lost."""

from __future__ import annotations

import re

import pytest

from tests.browser.test_take_exam import answer, exam_world, wait_saved  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_submit_from_a_stale_tab_keeps_the_answers_saved_in_the_other(
    live_server,
    exam_world,  # noqa: F811
    browser,
):
    from assessments.models import Attempt
    from tests.factories import TEST_PASSWORD

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    desk = context.new_page()
    desk.set_default_timeout(15000)
    desk.goto(f"{live_server.url}/accounts/login/")
    desk.get_by_label("用户名").fill("examinee")
    desk.get_by_label("密码").fill(TEST_PASSWORD)
    desk.get_by_role("button", name="登录").click()
    desk.wait_for_url(re.compile(r"/accounts/me/$"))
    desk.get_by_role("status", name="待完成的考试").get_by_role("button", name="开始考试").click()
    desk.wait_for_url(re.compile(r"/exams/attempts/\d+/$"))

    phone = context.new_page()  # same session, opened later: answers everything
    phone.set_default_timeout(15000)
    phone.goto(desk.url)
    phone.get_by_role("button", name="整卷显示").click()
    attempt = Attempt.objects.get(assignment__assessment=exam_world)
    slots = list(attempt.slots.select_related("question_version").order_by("number"))
    for slot in slots:
        answer(phone, slot)
    wait_saved(phone)

    desk.get_by_role("button", name="交卷").click()  # the desk tab still shows a blank paper
    desk.get_by_role("button", name="确认交卷").click()
    desk.wait_for_url(re.compile(r"/exams/attempts/\d+/result/$"))
    attempt.refresh_from_db()
    assert attempt.passed is True and attempt.score == 100
    context.close()
