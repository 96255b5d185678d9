"""After a reset the person must choose their own password before anything else."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts import people
from safetykb.models import AuditEvent, AuditKind

pytestmark = pytest.mark.django_db

CHANGE = reverse("accounts:password_change")


@pytest.fixture
def reset_worker(client, world):
    issued = people.reset_password(world.worker_a, actor=world.safety_manager_a.user)
    response = client.post(
        reverse("accounts:login"), {"username": "甲员工", "password": issued.password}
    )
    assert response.status_code == 302
    return issued


@pytest.mark.parametrize(
    "url", [reverse("oversight:my_home"), reverse("assessments:my_exams"), "/admin/"]
)
def test_every_page_sends_them_to_change_their_password_first(client, reset_worker, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(CHANGE)


def test_they_can_still_log_out(client, reset_worker):
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_one_time_password_and_a_short_one_are_refused_in_chinese(client, reset_worker):
    page = client.get(CHANGE).content.decode()
    assert "一次性密码" in page
    response = client.post(
        CHANGE, {"new_password1": reset_worker.password, "new_password2": reset_worker.password}
    )
    assert "新密码不能与当前密码（一次性密码）相同" in response.content.decode()
    response = client.post(CHANGE, {"new_password1": "Ab3", "new_password2": "Ab3"})
    assert "密码太短，至少需要 8 个字符" in response.content.decode()
    assert "too short" not in response.content.decode()


def test_after_changing_it_they_carry_on_and_it_is_logged(client, world, reset_worker):
    response = client.post(
        f"{CHANGE}?next=/exams/",
        {"new_password1": "Ziji-De-Mima-7", "new_password2": "Ziji-De-Mima-7", "next": "/exams/"},
    )
    assert response.status_code == 302 and response["Location"] == "/exams/"
    assert client.get(reverse("oversight:my_home")).status_code == 200  # still logged in
    world.worker_a.refresh_from_db()
    assert not world.worker_a.must_change_password
    event = AuditEvent.objects.get(staff=world.worker_a, kind=AuditKind.PASSWORD_CHANGED)
    assert event.reason == "首次登录修改密码" and event.actor == world.worker_a.user
