"""Editors keep the everyday questions the knowledge base is not for (EverydayQuestion)."""

import pytest

from accounts.demo import DEMO_PASSWORD, load_demo_people
from content.search.everyday import DEFAULT_EVERYDAY_QUESTIONS
from content.search.everyday_store import active_everyday_questions
from content.search.models import EverydayQuestion, SearchLog

pytestmark = pytest.mark.django_db

ADD = "/admin/snippets/kbsearch/everydayquestion/add/"


@pytest.fixture
def people(db):
    load_demo_people()


def test_the_migration_seeded_the_default_list() -> None:
    assert active_everyday_questions() == DEFAULT_EVERYDAY_QUESTIONS


def test_an_edit_counts_at_once_and_disabled_questions_do_not() -> None:
    active_everyday_questions()  # cached before the edits: saving must clear it
    EverydayQuestion.objects.create(text="  社保断缴了怎么办 ")
    weather = EverydayQuestion.objects.get(text=DEFAULT_EVERYDAY_QUESTIONS[0])
    weather.enabled = False
    weather.save()

    questions = active_everyday_questions()

    assert questions[-1] == "社保断缴了怎么办"
    assert DEFAULT_EVERYDAY_QUESTIONS[0] not in questions


def test_the_report_offers_a_question_search_answered_and_prefills_the_form(client, people) -> None:
    answered, unanswered = "厂里年终奖什么时候发", "asdkjhqwe"
    for query, found in ((answered, True), (unanswered, False)):
        SearchLog.objects.create(
            query=query, cleaned=query, normalised=query, mode="hybrid", channel="api", found=found
        )
    client.login(username="editor", password=DEMO_PASSWORD)

    page = client.get("/admin/search-log/").content.decode()

    frequent = page[page.index('id="frequent"') : page.index('id="unanswered"')]
    assert f"{ADD}?text=%E5%8E%82" in frequent  # 厂…, URL-encoded
    assert f"{ADD}?text=asdkjhqwe" not in page  # always "not found": nothing to correct
    form = client.get(ADD, {"text": answered}).content.decode()
    assert f'value="{answered}"' in form and "来自检索日志" in form


def test_only_editors_change_the_list(client, people) -> None:
    client.login(username="safety_manager", password=DEMO_PASSWORD)
    refused = client.post(ADD, {"text": "伪造的问题", "enabled": "on"})
    assert refused.status_code in (302, 403)
    assert not EverydayQuestion.objects.filter(text="伪造的问题").exists()

    client.login(username="editor", password=DEMO_PASSWORD)
    saved = client.post(ADD, {"text": "公司团建去哪里玩好", "enabled": "on", "note": ""})
    assert saved.status_code == 302, saved.content.decode()[:2000]
    listing = client.get("/admin/snippets/kbsearch/everydayquestion/").content.decode()
    assert "公司团建去哪里玩好" in listing and DEFAULT_EVERYDAY_QUESTIONS[0] in listing
    duplicate = client.post(ADD, {"text": "公司团建去哪里玩好", "enabled": "on", "note": ""})
    assert duplicate.status_code == 200 and "已存在" in duplicate.content.decode()
