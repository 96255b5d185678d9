"""A safety manager keeps their enterprise's people on the front end, scoped to it."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from accounts.models import StaffProfile
from accounts.vocab import StaffStatus
from safetykb.models import AuditEvent, AuditKind
from tests.accounts.roster_files import id_number
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def as_user(client, profile):
    client.force_login(profile.user)
    return client


def test_the_enterprise_page_links_the_people_tools_for_managers_only(client, world):
    page = as_user(client, world.safety_manager_a).get(reverse("oversight:enterprise_dashboard"))
    assert reverse("accounts:person_add") in page.content.decode()
    assert reverse("accounts:roster_upload") in page.content.decode()
    client.force_login(world.worker_a.user)
    page = client.get(reverse("oversight:enterprise_detail", args=[world.a.pk]))
    assert reverse("accounts:person_add") not in page.content.decode()


def test_adding_a_person_shows_their_one_time_password_once(client, world):
    as_user(client, world.safety_manager_a)
    response = client.post(
        reverse("accounts:person_add"),
        {
            "name": "钱七",
            "employee_no": "Q7",
            "phone": "137 0000 0007",
            "id_number": id_number(7),
            "department": world.a_workshop.pk,
            "level": "operator",
            "post": "合成岗",
        },
    )
    page = response.content.decode()
    staff = StaffProfile.objects.get(enterprise=world.a, employee_no="Q7")
    assert response.status_code == 200 and "一次性密码只显示这一次" in page
    assert staff.user.username in page and "no-store" in response["Cache-Control"]
    assert staff.phone == "13700000007" and staff.must_change_password
    # The person page afterwards shows the masked ID, never the password again.
    detail = client.get(reverse("accounts:staff_detail", args=[staff.pk])).content.decode()
    password = re.search(r"data-password>(\w+)<", page).group(1)
    assert client.login(username="Q7", password=password)
    assert staff.id_number_masked in detail and password not in detail


def test_a_bad_id_number_is_explained_next_to_its_field_and_nothing_is_saved(client, world):
    as_user(client, world.principal_a)
    response = client.post(
        reverse("accounts:person_add"),
        {
            "name": "孙八",
            "employee_no": "S8",
            "id_number": "140404199001010011",
            "level": "operator",
        },
    )
    assert response.status_code == 400
    assert "身份证号校验位不正确" in response.content.decode()
    assert not StaffProfile.objects.filter(employee_no="S8").exists()


@pytest.mark.parametrize("name", ["person_edit", "person_move", "person_leave"])
def test_another_enterprise_s_person_is_a_404(client, world, name):
    as_user(client, world.safety_manager_a)
    assert client.get(reverse(f"accounts:{name}", args=[world.worker_b.pk])).status_code == 404
    assert client.post(reverse(f"accounts:{name}", args=[world.worker_b.pk])).status_code == 404


def test_reset_and_unlock_of_another_enterprise_s_person_are_404_and_change_nothing(client, world):
    as_user(client, world.safety_manager_a)
    for name in ("person_reset_password", "person_unlock"):
        assert client.post(reverse(f"accounts:{name}", args=[world.worker_b.pk])).status_code == 404
    assert client.login(username="乙员工", password=TEST_PASSWORD)
    assert not AuditEvent.objects.filter(staff=world.worker_b).exists()


@pytest.mark.parametrize("who", ["worker_a", "regulator_1"])
def test_workers_and_regulators_cannot_manage_people(client, world, who):
    as_user(client, getattr(world, who))
    assert client.get(reverse("accounts:person_add")).status_code == 403
    response = client.post(reverse("accounts:person_reset_password", args=[world.colleague_a.pk]))
    assert response.status_code == 403


def test_move_post_form_says_what_retraining_follows_and_records_it(client, world):
    as_user(client, world.safety_manager_a)
    url = reverse("accounts:person_move", args=[world.worker_a.pk])
    assert "班组级安全培训" in client.get(url).content.decode()
    response = client.post(url, {"department": world.a_workshop.pk, "post": "中控岗"}, follow=True)
    assert "须重新接受车间（工段、区、队）级和班组级安全培训" in response.content.decode()
    assert AuditEvent.objects.filter(staff=world.worker_a, kind=AuditKind.POST_MOVED).exists()


def test_marking_left_goes_through_the_page_and_ends_the_login(client, world):
    as_user(client, world.safety_manager_a)
    url = reverse("accounts:person_leave", args=[world.colleague_a.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400 and "请填写离职原因" in response.content.decode()
    client.post(url, {"reason": "辞职", "day": "2026-12-01"})
    world.colleague_a.refresh_from_db()
    assert world.colleague_a.status == StaffStatus.LEFT
    assert not client.login(username="甲同事", password=TEST_PASSWORD)


def test_edit_page_changes_particulars_and_the_history_shows_who(client, world):
    as_user(client, world.safety_manager_a)
    url = reverse("accounts:person_edit", args=[world.worker_a.pk])
    assert client.get(url).status_code == 200
    client.post(
        url, {"name": "甲员工", "employee_no": "E-1", "phone": "13600000001", "level": "operator"}
    )
    detail = client.get(reverse("accounts:staff_detail", args=[world.worker_a.pk])).content.decode()
    assert "修改人员信息" in detail and "13600000001" in detail and "甲安全员" in detail
