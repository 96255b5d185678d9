"""Wrong passwords lock the account (per address) and the address; a manager unlocks."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from safetykb.models import AuditEvent, AuditKind
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("axes_on")]

SITE_LOGIN = reverse("accounts:login")
ADMIN_LOGIN = reverse("wagtailadmin_login")


@pytest.fixture
def axes_on():
    # Test settings turn axes off so client.login() works elsewhere (see settings/test.py).
    with override_settings(AXES_ENABLED=True):
        yield


def attempt(client, url, username, password, ip="10.0.0.1"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=ip)


@pytest.mark.parametrize("url", [SITE_LOGIN, ADMIN_LOGIN], ids=["site", "admin"])
def test_thirty_wrong_passwords_then_the_right_one_does_not_log_in(client, world, url):
    for _ in range(30):
        attempt(client, url, "甲员工", "wrong-password")
    response = attempt(client, url, "甲员工", TEST_PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "登录已暂时锁定" in page and "15 分钟后再试" in page and "解除锁定" in page
    assert "_auth_user_id" not in client.session


def test_the_fifth_failure_locks_that_account_from_that_address(client, world):
    for _ in range(4):
        assert attempt(client, SITE_LOGIN, "甲员工", "wrong").status_code == 200
    assert attempt(client, SITE_LOGIN, "甲员工", "wrong").status_code == 429
    # A colleague behind the same plant address still logs in.
    assert attempt(client, SITE_LOGIN, "甲同事", TEST_PASSWORD).status_code == 302


def test_the_employee_no_counts_for_the_same_account(client, world):
    employee_no = world.worker_a.employee_no
    for name in ["甲员工", employee_no, "甲员工", employee_no, employee_no]:
        attempt(client, SITE_LOGIN, name, "wrong")
    assert attempt(client, SITE_LOGIN, "甲员工", TEST_PASSWORD).status_code == 429


def test_one_address_trying_many_accounts_is_stopped(client, world):
    names = ["甲员工", "甲同事", "甲脱产", "甲安全员", "甲负责人", "乙员工", "丙员工"]
    for i in range(30):
        attempt(client, SITE_LOGIN, names[i % len(names)], "wrong", ip="10.9.9.9")
    assert attempt(client, SITE_LOGIN, "乙安全员", TEST_PASSWORD, ip="10.9.9.9").status_code == 429
    assert attempt(client, SITE_LOGIN, "乙安全员", TEST_PASSWORD, ip="10.1.1.1").status_code == 302


def test_a_safety_manager_unlocks_their_own_staff_only(client, world):
    for _ in range(5):
        attempt(client, SITE_LOGIN, "甲员工", "wrong")
    for _ in range(5):
        attempt(client, SITE_LOGIN, "乙员工", "wrong")
    manager = client.__class__()
    manager.force_login(world.safety_manager_a.user)
    page = manager.get(reverse("accounts:staff_detail", args=[world.worker_a.pk])).content.decode()
    assert "近期登录失败 5 次" in page and "解除锁定" in page
    unlock = reverse("accounts:person_unlock", args=[world.worker_a.pk])
    assert manager.post(unlock).status_code == 302
    assert (
        manager.post(reverse("accounts:person_unlock", args=[world.worker_b.pk])).status_code == 404
    )
    assert attempt(client, SITE_LOGIN, "甲员工", TEST_PASSWORD).status_code == 302
    assert attempt(client.__class__(), SITE_LOGIN, "乙员工", TEST_PASSWORD).status_code == 429
    event = AuditEvent.objects.get(staff=world.worker_a, kind=AuditKind.LOGIN_UNLOCKED)
    assert event.actor == world.safety_manager_a.user
