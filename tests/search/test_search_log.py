"""The search log: one row per search, no identity but role and enterprise, result opens,
retention, and the editors' report with its two-click actions."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.db import DatabaseError
from django.utils import timezone

from accounts.demo import DEMO_PASSWORD, load_demo_people
from content.search import indexing
from content.search.models import CommonPhrasing, SearchLog, TechnicalStandard
from content.search.search_log import purge_old_logs

from .builders import make_regulation

pytestmark = pytest.mark.django_db

TRAINING = "未经安全生产教育和培训合格的从业人员，不得上岗作业。"
HOT_WORK = "动火作业前应当办理动火审批手续，落实现场监护措施。"
QUESTION = "没经过培训能不能直接上岗干活"


@pytest.fixture
def law(page_tree):
    page = make_regulation(
        "中华人民共和国安全生产法", [("第二十八条", "", TRAINING), ("第二十九条", "", HOT_WORK)]
    )
    indexing.index_regulation(page.pk)
    return page


@pytest.fixture
def people(db):
    load_demo_people()


def test_a_page_search_writes_one_row_without_the_user(client, law, people) -> None:
    from accounts.scoping import profile_of

    client.login(username="safety_manager", password=DEMO_PASSWORD)
    response = client.get("/search/", {"q": f"  {QUESTION} ", "type": "regulation"})

    assert response.status_code == 200
    [log] = SearchLog.objects.all()
    assert log.query == f"  {QUESTION} "
    assert log.cleaned == QUESTION
    assert log.channel == "page" and log.mode == "hybrid"
    assert log.filters["source_types"] == ["regulation"]
    assert log.results[0]["provision"] == "第二十八条"
    assert log.result_count == len(log.results)
    assert log.role == "safety_manager"
    manager = response.wsgi_request.user
    assert log.enterprise_id == profile_of(manager).enterprise_id is not None
    # Nothing that names the person: no relation and no user column.
    assert not [f.name for f in SearchLog._meta.get_fields() if f.is_relation]
    assert not [key for key in SearchLog.objects.values().get() if "user" in key]
    assert set(SearchLog.objects.values().get()) & {"user_id", "username", "ip", "session"} == set()
    # The links go through the log.
    assert f'href="/search/open/{log.pk}/1/"' in response.content.decode()


def test_an_anonymous_api_search_is_logged_too(client, law) -> None:
    response = client.get("/api/search/", {"q": QUESTION})

    assert response.status_code == 200
    [log] = SearchLog.objects.all()
    assert (log.channel, log.role, log.enterprise_id) == ("api", "", None)
    assert log.found == response.json()["found"]
    assert [r["url"] for r in log.results] == [
        r["url"].removeprefix("http://testserver") for r in response.json()["results"]
    ]


def test_a_failed_log_write_never_fails_the_search(client, law, monkeypatch) -> None:
    def broken(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(SearchLog.objects, "create", broken)
    response = client.get("/search/", {"q": QUESTION})

    assert response.status_code == 200
    assert "第二十八条" in response.content.decode()
    assert 'href="/search/open/' not in response.content.decode()


def test_opening_a_result_records_it_and_redirects_to_its_page(client, law) -> None:
    client.get("/search/", {"q": QUESTION})
    log = SearchLog.objects.get()

    response = client.get(f"/search/open/{log.pk}/1/")
    client.get(f"/search/open/{log.pk}/1/")

    assert response.status_code == 302
    assert response["Location"] == log.results[0]["url"]
    log.refresh_from_db()
    assert (log.opened_rank, log.opens) == (1, 2)


def test_the_open_endpoint_refuses_anything_not_logged(client, law) -> None:
    client.get("/search/", {"q": QUESTION})
    log = SearchLog.objects.get()
    outside = len(log.results) + 1

    assert client.get(f"/search/open/{log.pk}/{outside}/").status_code == 404
    assert client.get(f"/search/open/{log.pk + 1}/1/").status_code == 404
    # A url given in the request is ignored, and a logged url off the site is refused.
    response = client.get(f"/search/open/{log.pk}/1/", {"next": "https://evil.example/"})
    assert response["Location"] == log.results[0]["url"]
    SearchLog.objects.filter(pk=log.pk).update(
        results=[{**log.results[0], "url": "//evil.example/x"}]
    )
    assert client.get(f"/search/open/{log.pk}/1/").status_code == 404


def test_logs_older_than_the_retention_are_purged() -> None:
    old, _recent = (
        SearchLog.objects.create(
            query=q, cleaned=q, normalised=q, mode="hybrid", channel="api", found=True
        )
        for q in ("旧问题", "新问题")
    )
    SearchLog.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=181))

    assert purge_old_logs() == 1
    assert list(SearchLog.objects.values_list("cleaned", flat=True)) == ["新问题"]


def test_the_report_is_for_editors_only(client, law, people) -> None:
    client.get("/search/", {"q": "锅炉 爆炸 怎么赔偿"})
    client.get("/search/", {"q": QUESTION})
    client.get("/search/", {"q": QUESTION + "？"})

    # A safety manager is sent to the admin login; given admin access, still refused.
    client.login(username="safety_manager", password=DEMO_PASSWORD)
    for url in ("/admin/search-log/", "/admin/search-log/phrasing/?q=x"):
        assert client.get(url)["Location"].startswith("/admin/login/")
    from django.contrib.auth.models import Permission

    manager = User.objects.get(username="safety_manager")
    manager.user_permissions.add(Permission.objects.get(codename="access_admin"))
    for url in ("/admin/search-log/", "/admin/search-log/phrasing/?q=x"):
        response = client.get(url)
        assert response.status_code == 404
        assert QUESTION not in response.content.decode()

    client.login(username="editor", password=DEMO_PASSWORD)
    response = client.get("/admin/search-log/", {"period": "7"})
    assert response.status_code == 200
    page = response.content.decode()
    assert QUESTION in page  # asked twice, punctuation aside: one row
    assert "添加同义词" in page and "添加常见问法" in page
    assert "/admin/snippets/kbsearch/glossaryterm/add/?worker_terms=" in page


def test_two_clicks_add_a_phrasing_from_the_report(client, law, people, committed) -> None:
    client.get("/search/", {"q": QUESTION})
    normalised = SearchLog.objects.get().normalised
    client.login(username="editor", password=DEMO_PASSWORD)

    choices = client.get("/admin/search-log/phrasing/", {"q": normalised})
    assert choices.status_code == 200
    provision = law.provisions.get(label="第二十八条")
    assert f'value="{provision.pk}"' in choices.content.decode()

    with committed():
        response = client.post(
            "/admin/search-log/phrasing/", {"q": normalised, "provision_id": provision.pk}
        )
    assert response.status_code == 302
    phrasing = CommonPhrasing.objects.get()
    assert (phrasing.text, phrasing.provision_id, phrasing.live) == (QUESTION, provision.pk, True)
    assert phrasing.created_by.username == "editor"
    # A provision the question was never shown is refused.
    other = make_regulation("别的法规", [("第一条", "", "别的内容。")]).provisions.get()
    assert (
        client.post(
            "/admin/search-log/phrasing/", {"q": normalised, "provision_id": other.pk}
        ).status_code
        == 404
    )


def test_the_glossary_form_comes_prefilled(client, people) -> None:
    client.login(username="editor", password=DEMO_PASSWORD)
    response = client.get("/admin/snippets/kbsearch/glossaryterm/add/", {"worker_terms": "娃娃兵"})

    assert response.status_code == 200
    assert 'value="娃娃兵"' in response.content.decode()


def test_editors_keep_phrasings_in_the_admin(client, law, people, committed) -> None:
    provision = law.provisions.get(label="第二十八条")
    with committed():
        CommonPhrasing.objects.create(text=QUESTION, provision=provision)
    client.login(username="editor", password=DEMO_PASSWORD)

    listing = client.get("/admin/snippets/kbsearch/commonphrasing/")
    assert listing.status_code == 200 and QUESTION in listing.content.decode()
    # New ones come from the report, where the provision is chosen.
    add = client.get("/admin/snippets/kbsearch/commonphrasing/add/")
    assert add.status_code == 302 and add["Location"] == "/admin/search-log/"

    client.login(username="safety_manager", password=DEMO_PASSWORD)
    response = client.get("/admin/snippets/kbsearch/commonphrasing/")
    assert QUESTION not in response.content.decode()


def test_the_report_lists_the_standards_unanswered_questions_pointed_to(
    client, law, people
) -> None:
    from content.search.standards import DEFAULT_STANDARDS

    explosion_marks = next(s for s in DEFAULT_STANDARDS if s.code == "GB/T 3836.1-2021")
    for question in (explosion_marks.asks[0], explosion_marks.asks[0] + "？", QUESTION):
        client.get("/search/", {"q": question})

    pointed = SearchLog.objects.exclude(standard="")
    assert [log.standard for log in pointed] == ["GB/T 3836.1-2021"] * 2
    assert SearchLog.objects.get(cleaned=QUESTION).standard == ""
    assert not any(log.found for log in pointed)

    client.login(username="editor", password=DEMO_PASSWORD)
    page = client.get("/admin/search-log/").content.decode()
    section = page[page.index('id="standards"') :]
    assert explosion_marks.label in section
    assert "<td>2</td>" in section
    assert explosion_marks.asks[0] in section
    assert QUESTION not in section
    row = TechnicalStandard.objects.get(code=explosion_marks.code)
    assert f'href="/admin/snippets/kbsearch/technicalstandard/edit/{row.pk}/"' in section


def test_the_standards_table_reads_in_three_queries_however_many_standards(
    django_assert_num_queries,
) -> None:
    from content.search.log_report import period_start, pointed_standards

    codes = list(TechnicalStandard.objects.values_list("code", flat=True)[:6])
    for code in codes:
        for n in range(4):
            SearchLog.objects.create(
                query=f"{code} 问题{n}",
                cleaned=f"{code} 问题{n}",
                normalised=f"{code}{n}",
                mode="hybrid",
                channel="api",
                found=False,
                standard=code,
            )

    with django_assert_num_queries(3):  # counts, the standards, the latest wordings
        rows = pointed_standards(period_start("7"))

    assert [row.code for row in rows] == sorted(codes)
    assert all(row.count == 4 and row.examples[0] == f"{row.code} 问题3" for row in rows)
    assert all(len(row.examples) == 3 for row in rows)


def test_the_report_lists_numbers_the_first_hits_do_not_state(
    client, law, people, committed
) -> None:
    asked = "新工人上岗前要培训多少学时"  # 第二十八条 says to train, not for how long
    answer = client.get("/api/search/", {"q": asked}).json()
    client.get("/search/", {"q": QUESTION})

    assert answer["found"] and answer["number_unstated"]
    assert SearchLog.objects.get(cleaned=asked).number_unstated
    assert not SearchLog.objects.get(cleaned=QUESTION).number_unstated

    client.login(username="editor", password=DEMO_PASSWORD)
    page = client.get("/admin/search-log/").content.decode()
    section = page[page.index('id="numbers"') : page.index('id="unopened"')]
    assert asked in section and QUESTION not in section
    # One click registers the standard that sets the figure, the question as its ask.
    add = "/admin/snippets/kbsearch/technicalstandard/add/?asks="
    assert add in section and add not in page[: page.index('id="numbers"')]
    form = client.get("/admin/snippets/kbsearch/technicalstandard/add/", {"asks": asked})
    assert form.status_code == 200
    assert f"{asked}</textarea>" in form.content.decode()

    # The editor names the rule that sets the hours: the next asker is sent there.
    with committed():
        saved = client.post(
            "/admin/snippets/kbsearch/technicalstandard/add/",
            {
                "code": "安监总局令第3号",
                "title": "生产经营单位安全培训规定",
                "asks": asked,
                "enabled": "on",
            },
        )
    assert saved.status_code == 302
    again = client.get("/api/search/", {"q": asked}).json()
    assert again["standard"]["code"] == "安监总局令第3号"
    page = client.get("/search/", {"q": asked}).content.decode()
    assert "安监总局令第3号《生产经营单位安全培训规定》" in page
    # Found without the hours, the note no longer guesses where; judged not found, the
    # page says so. Either way the rule is named rather than "standards or rules".
    assert "前几条条款没有写明您问的具体数值。" in page or "没有找到直接相关的条款" in page
    assert "这类数值多由技术标准或部门规章规定" not in page
