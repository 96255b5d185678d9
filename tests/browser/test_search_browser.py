"""A worker searches from the home page on a phone and lands on the provision."""

import pytest

from tests.search.builders import make_regulation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TRAINING = "未经安全生产教育和培训合格的从业人员，不得上岗作业。"


@pytest.fixture
def indexed_law(transactional_db):
    from content.search.indexing import reindex_all
    from safetykb.demo.pages import ensure_page_tree

    ensure_page_tree()
    filler = [
        (f"第{n}条", "", f"第{n}条规定了其他与安全生产有关的事项。" * 8) for n in range(1, 28)
    ]
    law = make_regulation("中华人民共和国安全生产法", [*filler, ("第二十八条", "", TRAINING)])
    reindex_all()
    return law


def test_search_from_home_and_land_on_the_provision(live_server, indexed_law, phone_page):
    page = phone_page
    page.goto(f"{live_server.url}/")
    page.get_by_role("searchbox", name="搜索知识库").fill("没经过培训能不能直接上岗干活")
    page.get_by_role("button", name="搜索").click()
    page.wait_for_load_state()

    assert "/search/?q=" in page.url
    first = page.locator(".search-hit").first
    assert "第二十八条" in first.inner_text()
    first.locator("a.hit-title").click()
    page.wait_for_load_state()

    anchor = page.url.rsplit("#", 1)[1]
    target = page.locator(f"[id='{anchor}']")
    assert TRAINING in target.inner_text()
    box = target.bounding_box()
    assert box is not None and 0 <= box["y"] < 844  # scrolled into view on the phone
