"""The main menu offers each role the pages it may open, on every page (the menu wraps on
a phone, one menu for both): 每日一练 and 错题本 for whoever sits exams, 主要负责人首页 for
principals, 领导力评估 for managers, regulators and the workers who lead by level (a
deputy); never a page that would answer 403."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ENTRIES = {
    "每日一练": "practice:daily",
    "错题本": "practice:book",
    "主要负责人首页": "leadership:principal_home",
    "领导力评估": "leadership:check_list",
}
EVERY = set(ENTRIES)


@pytest.fixture
def site_home(db):
    from safetykb.demo.pages import ensure_page_tree

    ensure_page_tree()


def menu(client) -> str:
    page = client.get("/").content.decode()
    return page[page.index('class="main-nav"') : page.index("</nav>")]


def shown(nav: str) -> set[str]:
    return {label for label, name in ENTRIES.items() if f'href="{reverse(name)}"' in nav}


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("worker_a", {"每日一练", "错题本"}),
        ("safety_manager_a", {"每日一练", "错题本", "领导力评估"}),
        ("principal_a", EVERY),
        ("regulator_1", {"领导力评估"}),
        ("editor", set()),
    ],
)
def test_each_role_sees_its_entries_and_no_others(client, world, site_home, who, expected):
    client.force_login(getattr(world, who).user)
    nav = menu(client)
    assert shown(nav) == expected
    for label in expected:
        assert f'href="{reverse(ENTRIES[label])}">{label}</a>' in nav
    # The menu and the pages' permissions agree: what is shown opens, what is not is
    # refused (a worker who leads nothing may open the empty checks list, unlinked).
    for label, name in ENTRIES.items():
        status = client.get(reverse(name)).status_code
        if who == "worker_a" and label == "领导力评估":
            continue
        assert (status == 403) == (label not in expected), (label, status)


def test_a_deputy_with_a_worker_login_is_offered_the_leadership_checks(client, world, site_home):
    from accounts.vocab import Level

    world.worker_a.level = Level.DEPUTY_PRINCIPAL
    world.worker_a.save(update_fields=["level"])
    client.force_login(world.worker_a.user)
    assert "领导力评估" in shown(menu(client))


def test_signed_out_visitors_get_none_of_them(client, site_home):
    assert shown(menu(client)) == set()


def test_the_current_page_is_marked_in_the_menu(client, world, site_home):
    client.force_login(world.worker_a.user)
    page = client.get(reverse("practice:book")).content.decode()
    assert f'<a href="{reverse("practice:book")}" aria-current="page">错题本</a>' in page
    assert f'<a href="{reverse("practice:daily")}">每日一练</a>' in page
