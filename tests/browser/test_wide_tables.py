"""A wide table on a phone says it scrolls sideways (左右滑动查看更多), and only then."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HINT = "左右滑动查看更多"


@pytest.fixture
def manager(transactional_db):
    from tests.factories import EnterpriseFactory, StaffProfileFactory, UserFactory

    enterprise = EnterpriseFactory(name="甲化工有限公司")
    StaffProfileFactory(
        user=UserFactory(username="manager"), enterprise=enterprise, safety_manager=True
    )
    return enterprise


def test_a_wide_table_hints_that_it_scrolls_on_a_phone(live_server, manager, phone_page):
    from tests.factories import TEST_PASSWORD

    page = phone_page
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("manager")
    page.get_by_label("密码").fill(TEST_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.goto(f"{live_server.url}/exams/enterprises/{manager.pk}/")

    box = page.locator(".table-scroll").first
    hint = page.locator(".scroll-hint").first
    assert hint.is_visible() and HINT in hint.inner_text()
    assert "is-overflowing" in box.get_attribute("class")

    box.evaluate("el => el.scrollTo(el.scrollWidth, 0)")  # read to the end: the hint goes
    page.wait_for_function("!document.querySelector('.scroll-hint').offsetParent")

    page.set_viewport_size({"width": 1200, "height": 900})  # a desktop: nothing to scroll
    box.evaluate("el => el.scrollTo(0, 0)")
    page.wait_for_function(
        "!document.querySelector('.table-scroll').classList.contains('is-overflowing')"
    )
    assert not hint.is_visible()
