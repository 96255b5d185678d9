"""The principal's page: their landing page, what it shows, charts as server-rendered
SVG linking to the people behind each figure, and who may open it."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from leadership import checks as services
from leadership.models import CheckKind
from tests.leadership.check_world import PASSWORD, build_world, exam, graded

YEAR = timezone.localdate().year


@pytest.fixture
def world(db):
    return build_world()


def test_the_principal_lands_on_their_page(client, world):
    client.force_login(world.principal.user)
    assert client.get(reverse("accounts:home")).url == reverse("leadership:principal_home")
    client.force_login(world.manager.user)
    assert client.get(reverse("accounts:home")).url == reverse("oversight:enterprise_dashboard")


def test_only_principals_open_it(client, world):
    for other in (world.manager, world.deputy, world.regulator):
        client.force_login(other.user)
        assert client.get(reverse("leadership:principal_home")).status_code == 403
        assert (
            client.get(reverse("leadership:principal_people"), {"group": "off_post"}).status_code
            == 403
        )


def test_the_page_shows_results_by_level_post_department_with_linked_charts(client, world):
    routine = exam(world.tj.a)
    graded(routine, world.op1, score=90)
    graded(routine, world.op2, score=40)
    graded(exam(world.tj.b), world.other_deputy, score=40)  # another enterprise
    client.force_login(world.principal.user)
    response = client.get(reverse("leadership:principal_home"))
    assert response.status_code == 200
    page = response.content.decode()
    for title in ("按人员层级", "按岗位", "按部门/班组"):
        assert title in page
    assert page.count("<svg") >= 3
    assert all("<script" not in svg.split("</svg>")[0] for svg in page.split("<svg")[1:])
    failed = (
        reverse("leadership:principal_people") + "?group=post&amp;value=%E5%90%88%E6%88%90%E5%B2%97"
    )
    assert failed in page  # the 合成岗 bar links to its people
    assert "乙副总" not in page
    # The people behind the failed 合成岗 figure: 甲操作二 only.
    people = client.get(
        reverse("leadership:principal_people"),
        {"group": "post", "value": "合成岗", "year": YEAR, "failed": "1"},
    ).content.decode()
    assert "甲操作二" in people and "甲操作一" not in people
    assert reverse("accounts:staff_detail", args=[world.op2.pk]) in people


def test_off_post_people_and_missing_sources_say_so(client, world):
    client.force_login(world.principal.user)
    page = client.get(reverse("leadership:principal_home")).content.decode()
    assert "甲操作三" in page  # off post, with their progress
    assert "尚未建立培训档案" in page  # off post without a programme yet
    assert "无数据" in page  # certificate gaps / hours / training plan until those land
    assert 'id="regulator-findings"' in page
    people = client.get(reverse("leadership:principal_people"), {"group": "off_post"})
    assert "甲操作三" in people.content.decode()
    assert client.get(reverse("leadership:principal_people"), {"group": "x"}).status_code == 404


def test_leaders_awaiting_review_and_the_principals_own_scorecard(client, world):
    client.force_login(world.principal.user)
    page = client.get(reverse("leadership:principal_home")).content.decode()
    assert "甲副总" in page and "开始评估" in page
    check = services.start_check(
        world.principal, reviewer=world.regulator.user, kind=CheckKind.REGULATOR, year=YEAR
    )
    keys = [i.key for i in services.rubric_items(check) if not i.sort.is_measured]
    services.save_scores(
        check,
        user=world.regulator.user,
        scores={k: (services.parse_points("1", k), "不熟悉") for k in keys},
    )
    services.sign_check(check, user=world.regulator.user, password=PASSWORD)
    page = client.get(reverse("leadership:principal_home")).content.decode()
    assert reverse("leadership:check_detail", args=[check.pk]) in page
    assert "薄弱" in page
    assert "确认" in page  # the principal is asked to acknowledge


def test_another_enterprise_principal_sees_none_of_it(client, world):
    routine = exam(world.tj.a)
    graded(routine, world.op2, score=40)
    client.force_login(world.other_principal.user)
    page = client.get(reverse("leadership:principal_home")).content.decode()
    assert "甲操作二" not in page and "甲副总" not in page
    people = client.get(
        reverse("leadership:principal_people"),
        {"group": "post", "value": "合成岗", "year": YEAR, "failed": "1"},
    ).content.decode()
    assert "甲操作二" not in people


def _signed_review(world, subject):
    check = services.start_check(
        subject, reviewer=world.principal.user, kind=CheckKind.PRINCIPAL_REVIEW, year=YEAR
    )
    keys = [i.key for i in services.rubric_items(check) if not i.sort.is_measured]
    scores = {k: (services.parse_points("1", k), "一般") for k in keys}
    services.save_scores(check, user=world.principal.user, scores=scores)
    services.sign_check(check, user=world.principal.user, password=PASSWORD)


def test_the_query_count_does_not_grow_with_leaders(client, world, django_assert_num_queries):
    from accounts.vocab import Level
    from tests.factories import person

    _signed_review(world, world.deputy)
    client.force_login(world.principal.user)
    url = reverse("leadership:principal_home")
    client.get(url)  # warm caches (content types, rubric)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(3):
        extra = person(f"甲副总{n}", enterprise=world.tj.a, level=Level.DEPUTY_PRINCIPAL)
        _signed_review(world, extra)
    with django_assert_num_queries(len(few.captured_queries)):
        page = client.get(url)
    assert page.status_code == 200
    assert "甲副总2" in page.content.decode()
