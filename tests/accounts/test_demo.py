"""Demo people: idempotent loading, working logins, and a read-only login table."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import GroupCollectionPermission, GroupPagePermission

from accounts.demo import DEMO_PASSWORD, load_demo_people
from accounts.models import Department, Enterprise, Jurisdiction, StaffProfile
from accounts.vocab import Level, StaffStatus

pytestmark = pytest.mark.django_db

COUNTED = (
    get_user_model(),
    StaffProfile,
    Enterprise,
    Department,
    Jurisdiction,
    Group,
    GroupPagePermission,
    GroupCollectionPermission,
)
HOMES = {
    "worker": reverse("oversight:my_home"),
    "safety_manager": reverse("oversight:enterprise_dashboard"),
    "principal": reverse("leadership:principal_home"),
    "regulator": reverse("oversight:jurisdiction_dashboard"),
    "editor": "/admin/",
    "safety_manager_b": reverse("oversight:enterprise_dashboard"),
}


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def snapshot() -> set[tuple]:
    return set(
        StaffProfile.objects.values_list(
            "user__username", "user__first_name", "enterprise__name", "post", "level", "status"
        )
    )


@pytest.fixture
def demo():
    return load_demo_people()


def test_second_run_creates_and_changes_nothing(demo):
    counts, people = row_counts(), snapshot()
    load_demo_people()
    assert row_counts() == counts
    assert snapshot() == people


def test_demo_is_a_realistic_district(demo):
    assert Jurisdiction.objects.get().name == "上党区应急管理局"
    enterprises = list(Enterprise.objects.all())
    assert len(enterprises) == 3
    assert len({e.enterprise_type for e in enterprises}) == 3
    assert any(e.major_hazard for e in enterprises)
    for enterprise in enterprises:
        enterprise.full_clean()  # credit codes pass the check-digit validation
        assert "上党区" in enterprise.address
        assert enterprise.departments.count() >= 4
    staff = StaffProfile.objects.exclude(enterprise=None)
    assert 55 <= staff.count() <= 65
    assert {Level.PRINCIPAL, Level.OPERATOR, Level.NEW_HIRE} <= set(
        staff.values_list("level", flat=True)
    )
    # Only a failed exam sends people off post, with a programme (the exam demo does).
    assert not staff.filter(status=StaffStatus.OFF_POST_TRAINING).exists()
    assert staff.filter(status=StaffStatus.LEFT).exists()
    assert staff.values("post").distinct().count() >= 10


def test_returns_one_login_per_role_plus_a_second_enterprise(demo):
    assert [login.username for login in demo] == list(HOMES)
    assert {login.password for login in demo} == {DEMO_PASSWORD}
    by_name = {login.username: login for login in demo}
    assert by_name["worker"].role_label == "员工"
    assert by_name["regulator"].enterprise is None
    assert by_name["safety_manager"].enterprise != by_name["safety_manager_b"].enterprise


@pytest.mark.parametrize("username", list(HOMES))
def test_every_login_works_with_the_printed_password_and_lands_home(client, demo, username):
    login = next(login for login in demo if login.username == username)
    assert client.login(username=login.username, password=login.password)
    response = client.get(reverse("accounts:home"))
    assert response["Location"] == HOMES[username]
    assert client.get(response["Location"]).status_code == 200


def test_second_enterprise_manager_cannot_see_the_first_enterprise(client, demo):
    client.login(username="safety_manager_b", password=DEMO_PASSWORD)
    first = Enterprise.objects.get(staff__user__username="safety_manager")
    assert client.get(reverse("oversight:enterprise_detail", args=[first.pk])).status_code == 404


def test_editor_can_edit_pages_and_people_in_the_admin(client, demo):
    client.login(username="editor", password=DEMO_PASSWORD)
    editor = get_user_model().objects.get(username="editor")
    assert editor.has_perm("accounts.change_staffprofile")
    assert GroupPagePermission.objects.filter(
        group__name="编辑", permission__codename="publish_page"
    ).exists()
    listing = reverse("wagtailsnippets_accounts_staffprofile:list")
    response = client.get(listing, {"q": "李志强"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "李志强" in page
    assert "王海燕" not in page  # the search narrowed the listing


def test_demo_logins_command_reports_missing_demo_without_creating_anything(db):
    before = row_counts()
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert "尚未加载演示数据" in out.getvalue()
    assert row_counts() == before


def test_demo_logins_command_prints_the_table(demo):
    before = row_counts()
    out = StringIO()
    call_command("demo_logins", stdout=out)
    table = out.getvalue()
    for username in HOMES:
        assert username in table
    assert DEMO_PASSWORD in table
    assert "企业安全管理员" in table
    assert row_counts() == before


def test_demo_logins_command_flags_a_changed_password(demo):
    user = get_user_model().objects.get(username="principal")
    user.set_password("something-else-2024")
    user.save()
    out = StringIO()
    call_command("demo_logins", stdout=out)
    principal_line = next(line for line in out.getvalue().splitlines() if "principal" in line)
    assert "已被修改" in principal_line
    assert DEMO_PASSWORD not in principal_line
