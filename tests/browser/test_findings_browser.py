"""A finding followed to closure across two screens: the enterprise's safety manager
answers on a phone with a photo and signs with their password; the inspector, at a
desk, sees the photo among the evidence and closes the finding, signed."""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_WIDTH = 390
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64  # a JPEG's magic bytes are what uploads check


@pytest.fixture
def open_finding(transactional_db):
    from oversight import findings
    from safetykb.demo.pages import ensure_page_tree
    from tests.oversight.test_findings import issue
    from tests.oversight.world import build_world, started
    from tests.search.builders import make_regulation

    ensure_page_tree()
    provision = make_regulation(
        "危险化学品安全管理条例", [("第四条", "", "从业人员应当接受教育和培训。")]
    ).provisions.get()
    world = build_world()
    inspection = started(world)
    finding = findings.add_finding(
        inspection, actor=world.inspector1.user, description="储运岗 2 人未按期复训"
    )
    issue(world, finding, provision)
    return world, finding


def log_in(page, base, username, password):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def test_manager_answers_on_a_phone_and_the_inspector_closes_it(
    live_server, open_finding, phone_page, browser
):
    from django.urls import reverse

    from oversight.models import FindingState
    from tests.factories import TEST_PASSWORD

    world, finding = open_finding
    page, base = phone_page, live_server.url
    url = base + reverse("oversight:finding", args=[finding.pk])
    log_in(page, base, world.manager.user.username, TEST_PASSWORD)
    page.goto(url)
    assert "储运岗 2 人未按期复训" in page.locator("main").inner_text()
    assert "危险化学品安全管理条例第四条" in page.locator("main").inner_text()
    answer = page.locator("form[data-action='answered']")
    answer.get_by_label("整改情况").fill("已组织 2 人参加复训并考核合格")
    answer.get_by_label(re.compile("佐证材料")).set_input_files(
        files=[{"name": "复训签到表.jpg", "mimeType": "image/jpeg", "buffer": JPEG}]
    )
    answer.get_by_label("本人登录密码（签名）").fill(TEST_PASSWORD)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    answer.get_by_role("button", name="整改答复并签名").click()
    page.wait_for_load_state()
    assert "复训签到表.jpg" in page.locator("main").inner_text()
    # The enterprise cannot close its own finding: no such form on its page.
    assert page.locator("form[data-action='closed']").count() == 0
    finding.refresh_from_db()
    assert finding.state == FindingState.ANSWERED

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    desk = context.new_page()
    try:
        log_in(desk, base, world.inspector1.user.username, TEST_PASSWORD)
        desk.goto(url)
        assert "已组织 2 人参加复训并考核合格" in desk.locator("main").inner_text()
        close = desk.locator("form[data-action='closed']")
        close.get_by_label("复查意见").fill("现场核查复训记录属实，同意销号")
        close.get_by_label("本人登录密码（签名）").fill(TEST_PASSWORD)
        close.get_by_role("button", name="复查销号并签名").click()
        desk.wait_for_load_state()
        assert "同意销号" in desk.locator("main").inner_text()
    finally:
        context.close()
    finding.refresh_from_db()
    assert finding.state == FindingState.CLOSED
