"""The daily reminders: built once a day by the tick, idempotent, emailed, counted."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from training.models.notices import Notice, NoticeRun
from training.notices import NOTICE_KINDS, build_notices

from .conftest import certify, login, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def expiring(world, monkeypatch):
    # The certificate reminders alone: the ledger's would name everyone with no hours here.
    certificates_only = {"certificate_expiring": NOTICE_KINDS["certificate_expiring"]}
    monkeypatch.setattr("training.notices.NOTICE_KINDS", certificates_only)
    manager = world.safety_manager_a
    manager.user.email = "manager@example.com"
    manager.user.save(update_fields=["email"])
    certify(world.worker_a, manager, number="T-30", days=20)
    certify(world.worker_a, manager, number="T-OK", days=400, category_name="登高架设作业")
    certify(world.colleague_a, manager, number="T-X", days=-5)
    return world


def test_the_tick_builds_once_a_day_and_emails_managers(expiring, world):
    call_command("tick", verbosity=0)
    notices = Notice.objects.filter(enterprise=world.a)
    assert sorted(n.title for n in notices) == [
        "甲同事 的特种作业操作证（低压电工作业）已过期",
        "甲员工 的特种作业操作证（低压电工作业）30天内到期",
    ]
    assert notices.get(staff=world.worker_a).url == reverse(
        "training:person_certificates", args=[world.worker_a.pk]
    )
    assert NoticeRun.objects.get(day=today()).created == 2
    assert [m.to for m in mail.outbox] == [["manager@example.com"]]
    assert "T-30" in mail.outbox[0].body
    # Again today: nothing; a rebuild later (same stage) adds nothing either.
    call_command("tick", verbosity=0)
    assert Notice.objects.count() == 2 and len(mail.outbox) == 1
    assert build_notices(today() + dt.timedelta(days=1)) == []


def test_a_new_window_is_a_new_notice(expiring, world):
    build_notices(today() - dt.timedelta(days=40))  # T-30 was then in its 60-day window
    build_notices(today())
    titles = list(
        Notice.objects.filter(staff=world.worker_a).order_by("pk").values_list("title", flat=True)
    )
    assert [t[-6:] for t in titles] == ["60天内到期", "30天内到期"]


def test_another_domain_adds_a_notice_kind_in_a_few_lines(world):
    from training.notices import NoticeDraft, notice_kind

    @notice_kind("test_hours_short", "学时不足")
    def hours_short(enterprise, on):
        if enterprise == world.a:
            yield NoticeDraft(key="x", title="甲员工 年度再培训学时不足", staff=world.worker_a)

    try:
        build_notices(today())
        assert Notice.objects.get(kind="test_hours_short").enterprise == world.a
    finally:
        NOTICE_KINDS.pop("test_hours_short")


def test_managers_see_the_list_and_the_count_in_the_header(client, expiring, world):
    build_notices(timezone.localdate())
    page = login(client, world.principal_a).get(reverse("training:notices"))
    html = page.content.decode()
    assert 'data-notice-count="2"' in html and "30天内到期" in html
    assert reverse("training:person_certificates", args=[world.worker_a.pk]) in html
    # Another enterprise's manager sees none of it.
    other = login(client, world.safety_manager_b).get(reverse("training:notices")).content.decode()
    assert 'data-notice-count="0"' in other and "甲员工" not in other
    # Workers get no notice link.
    assert "data-notice-count" not in login(client, world.worker_a).get("/").content.decode()


@pytest.mark.parametrize(
    ("who", "queries"),
    [
        ("safety_manager_a", 1),
        ("principal_a", 1),
        ("worker_a", 0),
        ("regulator_1", 0),
        ("editor", 0),
    ],
)
def test_the_header_counts_once_per_request_and_only_for_managers(
    rf, world, who, queries, django_assert_num_queries
):
    from django.contrib.auth import get_user_model
    from django.template.loader import render_to_string

    build_notices(today())
    # As the login backend loads a user: with their profile.
    user = get_user_model().objects.select_related("profile").get(pk=getattr(world, who).user_id)
    request = rf.get("/")
    request.user = user
    with django_assert_num_queries(queries):
        # The header rendered twice (phone and desktop) reads the count once.
        first, second = (
            render_to_string("training/includes/notice_link.html", request=request)
            for _ in range(2)
        )
    assert first == second
    assert ("data-notice-count" in first) == (queries == 1)
