"""On a phone: a safety manager imports new staff (preview → confirm → account slip), then
resets a worker's password; the worker logs in with it and must choose their own."""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_WIDTH = 390


@pytest.fixture
def people_world(transactional_db):
    from tests.factories import DepartmentFactory, EnterpriseFactory, person

    enterprise = EnterpriseFactory(name="甲化工有限公司")
    workshop = DepartmentFactory(enterprise=enterprise, name="合成车间")
    return {
        "manager": person("anquanyuan", enterprise=enterprise, safety_manager=True),
        "worker": person(
            "zhangsan", enterprise=enterprise, department=workshop, employee_no="A0001"
        ),
    }


def log_in(page, base, name, password):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(name)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH


def test_import_staff_and_reset_a_password_on_a_phone(live_server, people_world, phone_page):
    from accounts.models import StaffProfile
    from tests.accounts.roster_files import id_number, roster_xlsx
    from tests.factories import TEST_PASSWORD

    page, base = phone_page, live_server.url
    log_in(page, base, "anquanyuan", TEST_PASSWORD)
    page.wait_for_url(re.compile(r"/accounts/enterprise/$"))
    page.get_by_role("link", name="导入人员名单").click()
    page.wait_for_url(re.compile(r"/accounts/staff/import/$"))
    with page.expect_download() as download:
        page.get_by_role("link", name="下载导入模板（.xlsx）").click()
    assert download.value.suggested_filename == "人员名单导入模板.xlsx"

    data = roster_xlsx(
        [
            (
                "A0002",
                "李四",
                "13500000002",
                id_number(2),
                "合成车间",
                "操作人员",
                "工艺",
                "合成岗",
                "2025-03-01",
            ),
            ("A0003", "王五", "13500000003", "", "合成车间", "新上岗人员", "", "合成岗", ""),
            ("A0001", "张三", "", "", "", "班组长", "", "", ""),
            ("A0004", "赵六", "135000", "", "", "操作人员", "", "", ""),
        ]
    )
    page.get_by_label("人员名单（.xlsx）").set_input_files(
        {"name": "名单.xlsx", "mimeType": "application/octet-stream", "buffer": data}
    )
    page.get_by_role("button", name="上传并预览").click()
    assert page.locator("[data-count=new]").inner_text() == "2"
    assert page.locator("[data-count=changed]").inner_text() == "1"
    assert page.locator("[data-count=problem]").inner_text() == "1"
    assert "手机号“135000”格式不正确" in page.locator("[data-section=problem]").inner_text()
    assert "层级：操作人员 → 班组长" in page.locator("[data-section=changed]").inner_text()
    assert not StaffProfile.objects.filter(employee_no="A0002").exists()  # nothing yet
    assert fits_the_screen(page)

    page.get_by_role("button", name="确认导入").click()
    page.wait_for_url(re.compile(r"/accounts/staff/import/confirm/$"))
    slips = page.locator("[data-slip]")
    assert slips.count() == 2
    assert "李四" in slips.nth(0).inner_text() and "A0002" in slips.nth(0).inner_text()
    assert page.get_by_role("button", name="打印账号单").is_visible()
    assert fits_the_screen(page)
    assert StaffProfile.objects.get(employee_no="A0001").level == "team_leader"
    assert StaffProfile.objects.get(employee_no="A0002").must_change_password

    # Reset 张三's password from his page; the browser asks to confirm first.
    worker = people_world["worker"]
    page.goto(f"{base}/accounts/staff/{worker.pk}/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="重置密码").click()
    page.wait_for_url(re.compile(rf"/accounts/staff/{worker.pk}/reset-password/$"))
    password = page.locator("[data-password]").inner_text().strip()
    assert len(password) == 10 and fits_the_screen(page)
    page.get_by_role("button", name="退出").click()

    # 张三 logs in with his 工号 and the one-time password, and must choose his own.
    log_in(page, base, "A0001", password)
    page.wait_for_url(re.compile(r"/accounts/password/"))
    assert "一次性密码" in page.locator("main").inner_text()
    page.get_by_label("新密码", exact=True).fill("Anquan-Xuexi-88")
    page.get_by_label("再次输入新密码").fill("Anquan-Xuexi-88")
    page.get_by_role("button", name="保存新密码").click()
    page.wait_for_url(re.compile(r"/accounts/me/$"))
    assert "密码已修改" in page.locator(".messages").inner_text()
    worker.refresh_from_db()
    assert not worker.must_change_password
