"""On a phone: the principal reads the plan's warning and approves it with their password."""

from __future__ import annotations

import os

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_WIDTH = 390


def test_the_principal_approves_the_plan_on_a_phone(live_server, transactional_db, phone_page):
    from accounts.vocab import Level
    from tests.factories import TEST_PASSWORD
    from tests.training_plans.builders import PlanWorld, line
    from training.models import PlanStatus

    world = PlanWorld()
    plan = world.draft(
        2025,
        line(hours="12", course="危化品安全再培训"),
        line(level=Level.PRINCIPAL, hours="16", month=4, course="主要负责人再培训"),
    )
    page, base = phone_page, live_server.url
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(world.principal.user.username)
    page.get_by_label("密码").fill(TEST_PASSWORD)
    page.get_by_role("button", name="登录").click()
    # Principals land on their own page (leadership), the others on accounts' home.
    page.wait_for_url(lambda url: "/login/" not in url)
    page.goto(f"{base}/training/plans/{plan.pk}/")
    alert = page.get_by_role("alert")
    assert "还差 8 学时" in alert.inner_text()
    # The wide table scrolls inside its box; the page itself fits the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    if os.environ.get("PLAN_SCREENSHOT"):
        page.screenshot(path=os.environ["PLAN_SCREENSHOT"], full_page=True)
    page.get_by_label("请输入登录密码以签名").fill("wrong-password")
    page.get_by_role("button", name="签名审批").click()
    assert "登录密码不正确" in page.content()
    page.get_by_label("请输入登录密码以签名").fill(TEST_PASSWORD)
    page.get_by_role("button", name="签名审批").click()
    page.get_by_text("内容未改动").wait_for()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
