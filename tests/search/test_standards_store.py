"""Editors keep the standards the knowledge base does not hold (TechnicalStandard)."""

import pytest

from accounts.demo import DEMO_PASSWORD, load_demo_people
from content.search.models import TechnicalStandard
from content.search.standards import DEFAULT_STANDARDS
from content.search.standards_store import active_standards, clear_standards_cache

from .builders import make_regulation

pytestmark = pytest.mark.django_db

COLD_STORE = "冷库氨制冷机房和库房之间的防火分隔怎么做"


@pytest.fixture
def people(db):
    load_demo_people()


def test_the_migration_seeded_the_default_list() -> None:
    assert {row.as_standard() for row in TechnicalStandard.objects.all()} == set(DEFAULT_STANDARDS)
    assert set(active_standards()) == set(DEFAULT_STANDARDS)


def test_disabled_and_imported_standards_do_not_count(page_tree) -> None:
    TechnicalStandard.objects.filter(code="GBZ 2.1-2019").update(enabled=False)
    make_regulation(
        "危险化学品企业特殊作业安全规范",
        [("5.1", "动火作业", "动火作业应办理动火安全作业票。")],
        level="national_standard",
    )
    clear_standards_cache()

    codes = {standard.code for standard in active_standards()}

    assert "GBZ 2.1-2019" not in codes
    assert "GB 30871-2022" not in codes
    assert "GB 50016-2014（2018年版）" in codes


def test_an_editor_adds_a_standard_and_search_points_to_it(client, people, page_tree) -> None:
    law = make_regulation(
        "中华人民共和国安全生产法",
        [("第二十八条", "", "未经安全生产教育和培训合格的从业人员，不得上岗作业。")],
    )
    from content.search import indexing

    indexing.index_regulation(law.pk)
    active_standards()  # cached before the edit: saving must clear it
    client.login(username="editor", password=DEMO_PASSWORD)
    response = client.post(
        "/admin/snippets/kbsearch/technicalstandard/add/",
        {
            "code": "GB 51428-2021",
            "title": "冷库设计标准",
            "asks": f"{COLD_STORE}\n\n冷库的库房怎么分区",
            "enabled": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    added = TechnicalStandard.objects.get(code="GB 51428-2021")
    assert added.as_standard().asks == (COLD_STORE, "冷库的库房怎么分区")

    body = client.get("/api/search/", {"q": COLD_STORE}).json()

    assert body["found"] is False
    assert body["standard"] == {"code": "GB 51428-2021", "title": "冷库设计标准", "named": False}


def test_the_list_is_for_admin_users_and_editors_change_it(client, people) -> None:
    client.login(username="editor", password=DEMO_PASSWORD)
    listing = client.get("/admin/snippets/kbsearch/technicalstandard/")
    assert listing.status_code == 200
    assert "GB 30871-2022" in listing.content.decode()

    client.login(username="safety_manager", password=DEMO_PASSWORD)
    refused = client.post(
        "/admin/snippets/kbsearch/technicalstandard/add/",
        {"code": "X 1-2020", "title": "伪造", "asks": "伪造", "enabled": "on"},
    )
    assert refused.status_code in (302, 403)
    assert not TechnicalStandard.objects.filter(code="X 1-2020").exists()
