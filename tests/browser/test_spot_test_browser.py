"""The on-site spot test in two browsers: the inspector shows the code on a desktop, a
worker joins on a phone, answers and submits; the inspector's live list shows the score."""

from __future__ import annotations

import re

import pytest

from tests.browser.test_take_exam import answer, wait_saved

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def on_site(transactional_db):
    from tests.oversight.world import build_world, spot_open

    world = build_world()
    inspection, spot = spot_open(world, [world.workers[0], world.workers[1]])
    return world, inspection, spot


def login(page, base: str, username: str, next_path: str) -> None:
    from tests.factories import TEST_PASSWORD

    page.goto(f"{base}{next_path}")
    page.wait_for_url(re.compile(r"/accounts/login/"))
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(TEST_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(re.escape(next_path) + "$"))


def test_inspector_code_on_desktop_worker_joins_on_phone_and_the_score_appears(
    live_server, on_site, browser
):
    from assessments.models import Attempt

    world, inspection, spot = on_site
    desk_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    phone_context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="zh-CN", is_mobile=True
    )
    try:
        desk = desk_context.new_page()
        desk.set_default_timeout(15000)
        login(
            desk,
            live_server.url,
            world.inspector1.user.username,
            f"/inspections/{inspection.pk}/spot/",
        )
        code = desk.locator("[data-join-code]").inner_text().strip()
        assert code == spot.join_code
        assert desk.locator(".qr-box svg").is_visible()
        row = desk.locator("#live-list tr", has_text="甲员工1")
        assert row.locator("[data-status]").inner_text() == "未入场"

        phone = phone_context.new_page()
        phone.set_default_timeout(15000)
        login(phone, live_server.url, world.workers[0].user.username, "/spot/")
        phone.get_by_label("抽考码").fill(code)
        phone.get_by_label("身份证号后四位").fill("1001")
        phone.get_by_role("button", name="开始答题").click()
        phone.wait_for_url(re.compile(r"/exams/attempts/\d+/$"))

        # The inspector's list says the person is answering without a reload.
        row.locator("[data-status]", has_text="作答中").wait_for()

        attempt = Attempt.objects.get(assignment__staff=world.workers[0])
        phone.get_by_role("button", name="整卷显示").click()
        for slot in attempt.slots.select_related("question_version").order_by("number"):
            answer(phone, slot)
        wait_saved(phone)
        phone.get_by_role("button", name="交卷").click()
        phone.get_by_role("button", name="确认交卷").click()
        phone.wait_for_url(re.compile(r"/exams/attempts/\d+/result/$"))

        row.locator("[data-status]", has_text="合格").wait_for()
        assert row.locator("[data-score]").inner_text() == "100"
        other = desk.locator("#live-list tr", has_text="甲员工2")
        assert other.locator("[data-status]").inner_text() == "未入场"
    finally:
        phone_context.close()
        desk_context.close()
