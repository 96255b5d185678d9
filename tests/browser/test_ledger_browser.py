"""On a phone: a safety manager records a session for ten people picked from the roster,
signs it with their password, and the attendees' hours show up."""

from __future__ import annotations

import datetime as dt
import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_WIDTH = 390


@pytest.fixture
def ledger_world(transactional_db):
    from tests.factories import DepartmentFactory, EnterpriseFactory, person

    enterprise = EnterpriseFactory(name="甲化工有限公司")
    workshop = DepartmentFactory(enterprise=enterprise, name="合成车间")
    office = DepartmentFactory(enterprise=enterprise, name="综合办公室")
    hired = dt.date(2016, 5, 1)
    workers = [
        person(
            f"合成工{n}",
            enterprise=enterprise,
            department=workshop,
            employee_no=f"A{n:04d}",
            hire_date=hired,
        )
        for n in range(1, 11)
    ]
    clerk = person(
        "文员", enterprise=enterprise, department=office, employee_no="B0001", hire_date=hired
    )
    manager = person("anquanyuan", enterprise=enterprise, safety_manager=True, hire_date=hired)
    return {"workshop": workshop, "workers": workers, "clerk": clerk, "manager": manager}


def log_in(page, base, name, password):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(name)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def test_record_a_session_for_ten_people_on_a_phone(live_server, ledger_world, phone_page):
    from tests.factories import TEST_PASSWORD
    from training.models import HoursEntry

    page, base = phone_page, live_server.url
    log_in(page, base, "anquanyuan", TEST_PASSWORD)
    page.wait_for_url(re.compile(r"/accounts/"))
    page.goto(f"{base}/training/ledger/")
    page.get_by_role("link", name="登记培训活动").click()
    page.wait_for_url(re.compile(r"/training/ledger/new/$"))
    # Only the workshop: the ten operators, not the clerk.
    page.get_by_label("部门").select_option(label="合成车间")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url(re.compile(r"department="))
    assert page.locator("input[name=attendees]").count() == 10
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH

    page.get_by_label("培训类别").select_option("refresher")
    page.get_by_label("培训名称").fill("动火作业安全专题")
    page.get_by_label("每人每天学时").fill("4")
    page.get_by_label("培训人或培训机构").fill("外聘讲师 刘工")
    page.get_by_label("全选当前列出的人员").check()
    page.get_by_label("录入人登录密码（签名）").fill(TEST_PASSWORD)
    page.get_by_role("button", name="保存并签名").click()
    page.wait_for_url(re.compile(r"/training/ledger/sessions/\d+/$"))
    body = (
        page.locator("main").inner_text()
        if page.locator("main").count()
        else page.inner_text("body")
    )
    assert "动火作业安全专题" in body and "10 人" in body
    assert "录入人" in body and "内容未改动" in body

    workers = ledger_world["workers"]
    assert HoursEntry.objects.filter(staff__in=workers).count() == 10
    assert not HoursEntry.objects.filter(staff=ledger_world["clerk"]).exists()
    # An attendee's hours page shows the session and the hours.
    page.get_by_role("link", name="合成工7").click()
    page.wait_for_url(re.compile(r"/training/hours/\d+/$"))
    assert page.locator("[data-done]").inner_text() == "4"
    assert "动火作业安全专题" in page.inner_text("body")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
