"""A worker logs in, opens the work-points notice from the home page and follows the TOC."""

import re
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEED_NOTICE = Path(__file__).resolve().parents[2] / "demo" / "files" / "seed-notice.docx"


@pytest.fixture
def demo_site(transactional_db):
    from accounts.demo import load_demo_people
    from importers.regulations import import_regulation_file
    from safetykb.demo.pages import ensure_page_tree

    ensure_page_tree()
    import_regulation_file(SEED_NOTICE.name, SEED_NOTICE.read_bytes(), publish=True)
    load_demo_people()


def test_login_open_notice_and_follow_toc_to_provision_15(live_server, demo_site, phone_page):
    page = phone_page
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("worker")
    page.get_by_label("密码").fill("SafetyKB-2024")
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url

    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name=re.compile("上党区应急管理局关于印发2024年")).first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith("长治市上党区应急管理局关于印发")

    toc_link = page.locator("nav.toc a", has_text="（十五）")
    toc_link.click()
    anchor = toc_link.get_attribute("href").lstrip("#")
    assert page.url.endswith(f"#{anchor}")
    target = page.locator(f"[id='{anchor}']")
    assert "（十五）" in target.inner_text()
    # The provision is scrolled into view on the phone-sized screen.
    box = target.bounding_box()
    assert box is not None and 0 <= box["y"] < 844
