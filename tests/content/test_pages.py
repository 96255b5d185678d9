"""What readers see: home, regulation pages with TOC and anchors, index filters, catalogue, culture."""

import pytest

from content.catalogue.models import EliminatedItem
from content.regulations.models import RegulationPage
from importers.catalogue import parse_catalogue_csv, save_catalogue
from safetykb.demo.pages import CATALOGUE_SAMPLE, ensure_culture_articles

pytestmark = pytest.mark.django_db


def test_home_leads_to_the_three_sections_and_the_newest_regulations(client, seed_notice):
    body = client.get("/").content.decode()
    for href in ('href="/regulations/"', 'href="/catalogue/"', 'href="/culture/"'):
        assert href in body
    assert seed_notice.title in body
    assert 'action="/search/"' in body and 'name="q"' in body


def test_regulation_page_shows_metadata_toc_and_anchored_provisions(client, seed_notice):
    response = client.get(seed_notice.url)
    body = response.content.decode()
    assert response.status_code == 200
    assert "长上应急字〔2024〕22号" in body and "工作要点" in body and "现行有效" in body
    fifteen = seed_notice.provisions.get(label="（十五）")
    assert f'href="#{fifteen.anchor}"' in body  # table of contents entry
    assert f'id="{fifteen.anchor}"' in body  # the provision itself
    assert fifteen.heading in body


def test_provision_permalink_redirects_to_its_anchor(client, seed_notice):
    first = seed_notice.provisions.get(label="（一）")
    response = client.get(f"{seed_notice.url}p/{first.anchor}/")
    assert response.status_code == 302
    assert response["Location"].endswith(f"#{first.anchor}")
    assert client.get(f"{seed_notice.url}p/no-such-anchor/").status_code == 404


def test_unpublished_regulation_is_not_served_or_listed(client, seed_notice):
    url = seed_notice.url
    seed_notice.unpublish()
    assert client.get(url).status_code == 404
    assert seed_notice.title not in client.get("/regulations/").content.decode()


def test_regulation_index_filters_by_level_status_authority_and_year(client, seed_notice):
    def titles(query):
        return client.get("/regulations/" + query).content.decode()

    assert seed_notice.title in titles("?level=work_points")
    assert seed_notice.title not in titles("?level=law")
    assert seed_notice.title in titles("?status=in_force&year=2024")
    assert seed_notice.title not in titles("?year=2020")
    assert seed_notice.title in titles("?authority=长治市上党区应急管理局")
    assert seed_notice.title not in titles("?status=repealed")


def test_catalogue_lists_filters_and_marks_sample_items(client, page_tree):
    save_catalogue(parse_catalogue_csv(CATALOGUE_SAMPLE.read_bytes()))
    body = client.get("/catalogue/").content.decode()
    assert "采用氨冷冻盐水的氯气液化工艺" in body
    assert "示例数据" in body
    restricted = client.get("/catalogue/?action=restrict").content.decode()
    assert "采用氨冷冻盐水的氯气液化工艺" in restricted  # 限制
    assert "用火直接加热的涂料用树脂生产工艺" not in restricted  # 淘汰
    item = EliminatedItem.objects.get(name="采用氨冷冻盐水的氯气液化工艺")
    detail = client.get(item.get_absolute_url()).content.decode()
    assert "三氯化氮" in detail and "两年内改造完毕" in detail and "示例数据" in detail
    assert detail.count("以正式发布文本为准") == 1  # the banner's, not the note's again


def test_unpublished_catalogue_item_is_hidden(client, page_tree):
    save_catalogue(parse_catalogue_csv(CATALOGUE_SAMPLE.read_bytes()))
    item = EliminatedItem.objects.get(name="采用氨冷冻盐水的氯气液化工艺")
    url = item.get_absolute_url()
    item.unpublish()
    assert client.get(url).status_code == 404
    assert item.name not in client.get("/catalogue/").content.decode()


def test_catalogue_import_is_idempotent(page_tree):
    rows = parse_catalogue_csv(CATALOGUE_SAMPLE.read_bytes())
    assert save_catalogue(rows) == (len(rows), 0)
    assert save_catalogue(rows) == (0, 0)


def test_culture_index_and_accident_case(client, page_tree):
    ensure_culture_articles()
    index = client.get("/culture/?kind=case").content.decode()
    assert "事故案例" in index and "闪爆" in index
    assert "把安全文化建设计划落到班组" not in index
    case = client.get("/culture/case-hot-work-fire/").content.decode()
    assert "2人死亡" in case and "班组长" in case


def test_pages_declare_a_phone_viewport(client, seed_notice):
    for url in ("/", "/regulations/", seed_notice.url, "/catalogue/", "/culture/"):
        assert 'name="viewport" content="width=device-width' in client.get(url).content.decode()


def test_regulation_index_paginates_beyond_twenty(client, page_tree):
    from importers.regulation_loader import ProvisionRecord, RegulationRecord, save_regulation

    for n in range(25):
        save_regulation(
            RegulationRecord(
                title=f"测试规定{n}",
                source_key=f"test-{n}",
                provisions=(ProvisionRecord("article", "第一条", 1, 0, "", "内容"),),
            ),
            publish=True,
        )
    assert RegulationPage.objects.live().count() == 25
    first = client.get("/regulations/").content.decode()
    assert "第 1 / 2 页" in first
