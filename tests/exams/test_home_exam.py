"""Sampled staff are told: an open exam at the top of their home and of the site's 首页,
and a 考试 entry in the main menu for every signed-in role."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.exams.services.launching import launch_surprise, prepare_surprise
from tests.exams.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_home(db):
    from safetykb.demo.pages import ensure_page_tree

    ensure_page_tree()


@pytest.fixture
def sampled(world):
    """Enterprise B's whole pool (worker_b and its safety manager) is sampled."""
    surprise = prepare_surprise(
        blueprint=world.blueprint_1,
        enterprise=world.b,
        actor=world.regulator_1.user,
        title="12月突击抽考",
        count=2,
    )
    world.exam_b.assignments.all().delete()  # only the surprise is open for them
    launch_surprise(surprise, actor=world.regulator_1.user, reason="执法检查")
    assert surprise.assignments.filter(staff=world.worker_b).exists()
    return surprise


def banner(page: str) -> str:
    start = page.find('class="open-exam-banner"')
    return page[start : page.find("</section>", start)] if start >= 0 else ""


def test_the_site_home_shows_the_sampled_persons_open_exam(client, world, site_home, sampled):
    login(client, world.worker_b)
    page = client.get("/").content.decode()
    shown = banner(page)
    assert "您被抽中参加不定期抽考：12月突击抽考" in shown and "开始考试" in shown
    assignment = sampled.assignments.get(staff=world.worker_b)
    assert reverse("assessments:start", args=[assignment.pk]) in shown
    assert page.index("open-exam-banner") < page.index('action="/search/"')  # at the top

    login(client, world.worker_c)  # not sampled
    assert "12月突击抽考" not in client.get("/").content.decode()
    client.logout()
    assert "open-exam-banner" not in client.get("/").content.decode()


def test_the_workers_home_leads_with_the_open_exam(client, world, sampled):
    login(client, world.worker_b)
    page = client.get(reverse("oversight:my_home")).content.decode()
    assert "您被抽中参加不定期抽考：12月突击抽考" in banner(page)
    assert page.index("open-exam-banner") < page.index("我的档案")


@pytest.mark.parametrize(
    ("who", "lands_on"),
    [
        ("worker_a", "assessments:my_exams"),
        ("safety_manager_a", "oversight:enterprise"),
        ("principal_a", "oversight:enterprise"),
        ("regulator_1", "oversight:jurisdiction"),
        ("editor", "wagtailsnippets_assessments_examblueprint:list"),
    ],
)
def test_every_role_has_an_exam_menu_entry(client, world, site_home, who, lands_on):
    login(client, getattr(world, who))
    page = client.get("/").content.decode()
    nav = page[page.index('class="main-nav"') : page.index("</nav>")]
    assert f'<a href="{reverse("assessments:home")}">考试</a>' in nav
    response = client.get(reverse("assessments:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse(lands_on, **_args(world, lands_on)))


def _args(world, name):
    return {"args": [world.a.pk]} if name == "oversight:enterprise" else {}


def test_no_exam_entry_when_signed_out(client, site_home):
    assert "考试</a>" not in client.get("/").content.decode()
