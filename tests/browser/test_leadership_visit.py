"""On a phone: a deputy head records a site visit with a problem; the principal sees it
on the deputy's page and on their own roll-up of the leaders' plans."""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_WIDTH = 390


@pytest.fixture
def leadership_world(transactional_db):
    from django.utils import timezone

    from leadership import action_plans as plans
    from leadership.models import ActivityKind, Period
    from tests.leadership.world import build_world

    world = build_world(year=timezone.localdate().year)
    plan = plans.open_plan(world.deputy, world.template.year, actor=world.deputy.user)
    plans.add_item(
        plan,
        actor=world.deputy.user,
        kind=ActivityKind.SITE_CHECK,
        times=2,
        period=Period.MONTH,
        key_place=world.place,
    )
    return world


def log_in(page, base, name, password):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(name)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH


def test_deputy_records_a_visit_on_a_phone_and_the_principal_sees_it(
    live_server, leadership_world, phone_page, browser
):
    from tests.factories import TEST_PASSWORD

    world, page, base = leadership_world, phone_page, live_server.url
    log_in(page, base, "钱副总", TEST_PASSWORD)
    page.goto(f"{base}/leadership/me/")
    page.wait_for_url(re.compile(rf"/leadership/leaders/{world.deputy.pk}/$"))
    assert fits_the_screen(page)
    page.get_by_role("link", name="登记履职活动").click()
    page.wait_for_url(re.compile(r"/record/$"))
    page.get_by_label("对应计划事项").select_option(index=1)
    page.get_by_label("检查内容").fill("合成反应装置巡检：温度、压力联锁，现场可燃气体报警")
    slot = page.locator("[data-slot='1']")
    slot.get_by_label("发现的问题").fill("反应釜底阀法兰轻微泄漏")
    slot.get_by_label("整改措施").fill("紧固法兰并更换垫片")
    slot.get_by_label("整改责任人").select_option(label="李操作")
    slot.get_by_label("整改期限").fill("2099-12-31")
    assert fits_the_screen(page)
    page.get_by_role("button", name="保存记录").click()
    page.wait_for_url(re.compile(r"/leadership/activities/\d+/$"))
    assert "发现问题 1 项" in page.locator(".messages").inner_text()
    assert "反应釜底阀法兰轻微泄漏" in page.locator("main").inner_text()
    assert fits_the_screen(page)

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    principal = context.new_page()
    try:
        log_in(principal, base, "赵总", TEST_PASSWORD)
        principal.goto(f"{base}/leadership/leaders/{world.principal.pk}/")
        row = principal.locator(f"[data-leader='{world.deputy.pk}']")
        assert "1" in row.inner_text()  # one open problem
        row.get_by_role("link", name="钱副总").click()
        principal.wait_for_url(re.compile(rf"/leadership/leaders/{world.deputy.pk}/"))
        problems = principal.locator("#problems-title + ul").inner_text()
        assert "反应釜底阀法兰轻微泄漏" in problems and "李操作" in problems
        assert "合成反应装置" in principal.locator(".activity-list").inner_text()
    finally:
        context.close()
