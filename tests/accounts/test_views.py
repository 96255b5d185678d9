"""The pages: login, role homes, dashboards, and tenancy (404) on every object URL."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from accounts.context_processors import role
from accounts.models import StaffProfile
from tests.factories import TEST_PASSWORD, StaffProfileFactory, UserFactory

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("accounts:login")


def as_user(client, profile: StaffProfile):
    client.force_login(profile.user)
    return client


class TestLogin:
    def test_login_page_is_chinese(self, client):
        response = client.get(LOGIN_URL)
        page = response.content.decode()
        assert response.status_code == 200
        assert "<h1>登录</h1>" in page
        assert "用户名" in page
        assert "密码" in page

    def test_wrong_password_is_explained_in_chinese(self, client, worker):
        response = client.post(
            LOGIN_URL, {"username": worker.user.username, "password": "wrong-password"}
        )
        assert response.status_code == 200
        assert "账号或密码不正确" in response.content.decode()
        assert "_auth_user_id" not in client.session

    def test_empty_form_asks_for_both_fields(self, client):
        page = client.post(LOGIN_URL, {"username": "", "password": ""}).content.decode()
        assert "请输入用户名" in page
        assert "请输入密码" in page

    @pytest.mark.parametrize(
        ("who", "landing"),
        [
            ("worker_a", reverse("oversight:my_home")),
            ("safety_manager_a", reverse("oversight:enterprise_dashboard")),
            ("principal_a", reverse("leadership:principal_home")),
            ("regulator_1", reverse("oversight:jurisdiction_dashboard")),
            ("editor", "/admin/"),
        ],
    )
    def test_each_role_lands_on_its_home_after_login(self, client, world, who, landing):
        username = getattr(world, who).user.username
        response = client.post(LOGIN_URL, {"username": username, "password": TEST_PASSWORD})
        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:home")
        response = client.get(response["Location"])
        assert response.status_code == 302
        assert response["Location"] == landing

    def test_next_parameter_is_honoured(self, client, world):
        target = reverse("accounts:staff_detail", args=[world.worker_a.pk])
        response = client.post(
            f"{LOGIN_URL}?next={target}",
            {"username": world.worker_a.user.username, "password": TEST_PASSWORD, "next": target},
        )
        assert response["Location"] == target

    def test_logout_is_post_only(self, client, world):
        as_user(client, world.worker_a)
        assert client.get(reverse("accounts:logout")).status_code == 405
        assert "_auth_user_id" in client.session
        client.post(reverse("accounts:logout"))
        assert "_auth_user_id" not in client.session

    def test_leaver_is_told_why_there_is_nothing_to_see(self, client, world):
        response = as_user(client, world.left_a).get(reverse("accounts:home"))
        assert response.status_code == 403
        assert "离职" in response.content.decode()

    def test_superuser_without_role_goes_to_wagtail_admin(self, client):
        client.force_login(UserFactory(is_superuser=True, is_staff=True))
        assert client.get(reverse("accounts:home"))["Location"] == "/admin/"


PAGES_WITHOUT_ARGS = [
    "accounts:home",
    "oversight:my_home",
    "oversight:enterprise_dashboard",
    "oversight:jurisdiction_dashboard",
]


class TestAnonymous:
    @pytest.mark.parametrize("name", PAGES_WITHOUT_ARGS)
    def test_pages_redirect_to_login(self, client, name):
        url = reverse(name)
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"{LOGIN_URL}?next={url}"

    @pytest.mark.parametrize("name", ["oversight:enterprise_detail", "accounts:staff_detail"])
    def test_object_pages_redirect_to_login_without_touching_the_object(self, client, name):
        response = client.get(reverse(name, args=[1]))
        assert response.status_code == 302
        assert response["Location"].startswith(f"{LOGIN_URL}?next=")

    def test_header_offers_login(self, client):
        assert reverse("accounts:login") in client.get(LOGIN_URL).content.decode()


class TestWrongRole:
    @pytest.mark.parametrize(
        ("who", "name"),
        [
            ("worker_a", "oversight:enterprise_dashboard"),
            ("worker_a", "oversight:jurisdiction_dashboard"),
            ("safety_manager_a", "oversight:jurisdiction_dashboard"),
            ("principal_a", "oversight:jurisdiction_dashboard"),
            ("regulator_1", "oversight:enterprise_dashboard"),
            ("regulator_1", "oversight:my_home"),
            ("editor", "oversight:enterprise_dashboard"),
            ("editor", "oversight:jurisdiction_dashboard"),
            ("editor", "oversight:my_home"),
        ],
    )
    def test_dashboards_of_another_role_are_403(self, client, world, who, name):
        response = as_user(client, getattr(world, who)).get(reverse(name))
        assert response.status_code == 403
        assert "无权访问" in response.content.decode()

    def test_editor_gets_403_on_enterprise_pages_even_though_admin_sees_everything(
        self, client, world
    ):
        as_user(client, world.editor)
        for url in (
            reverse("oversight:enterprise_detail", args=[world.a.pk]),
            reverse("accounts:staff_detail", args=[world.worker_a.pk]),
        ):
            assert client.get(url).status_code == 403


class TestTenancy:
    """Out-of-scope objects are 404 on every view, for every role."""

    @pytest.mark.parametrize("who", ["worker_a", "safety_manager_a", "principal_a"])
    @pytest.mark.parametrize(
        ("name", "target"),
        [
            ("oversight:enterprise_detail", "b"),
            ("oversight:enterprise_detail", "c"),
            ("accounts:staff_detail", "worker_b"),
            ("accounts:staff_detail", "safety_manager_b"),
            ("accounts:staff_detail", "worker_c"),
        ],
    )
    def test_enterprise_a_cannot_see_other_enterprises(self, client, world, who, name, target):
        response = as_user(client, getattr(world, who)).get(
            reverse(name, args=[getattr(world, target).pk])
        )
        assert response.status_code == 404

    @pytest.mark.parametrize(
        ("name", "target"),
        [
            ("oversight:enterprise_detail", "a"),
            ("oversight:enterprise_detail", "b"),
            ("accounts:staff_detail", "worker_a"),
            ("accounts:staff_detail", "safety_manager_b"),
        ],
    )
    def test_regulator_of_another_jurisdiction_gets_404(self, client, world, name, target):
        response = as_user(client, world.regulator_2).get(
            reverse(name, args=[getattr(world, target).pk])
        )
        assert response.status_code == 404

    def test_worker_cannot_open_a_colleagues_record(self, client, world):
        as_user(client, world.worker_a)
        url = reverse("accounts:staff_detail", args=[world.colleague_a.pk])
        assert client.get(url).status_code == 404

    def test_nonexistent_ids_look_the_same_as_foreign_ones(self, client, world):
        as_user(client, world.safety_manager_a)
        assert client.get(reverse("oversight:enterprise_detail", args=[999_999])).status_code == 404
        assert client.get(reverse("accounts:staff_detail", args=[999_999])).status_code == 404

    def test_regulator_opens_enterprises_and_staff_of_own_jurisdiction(self, client, world):
        as_user(client, world.regulator_1)
        page = client.get(reverse("oversight:enterprise_detail", args=[world.b.pk]))
        assert page.status_code == 200
        assert "乙员工" in page.content.decode()
        staff_page = client.get(reverse("accounts:staff_detail", args=[world.worker_a.pk]))
        assert staff_page.status_code == 200
        assert "合成岗" in staff_page.content.decode()


class TestMyHome:
    def test_worker_sees_own_profile_and_an_empty_exam_card(self, client, world):
        page = as_user(client, world.worker_a).get(reverse("oversight:my_home")).content.decode()
        assert "甲员工" in page
        assert "甲化工有限公司" in page
        assert "合成车间" in page
        assert "合成岗" in page
        assert "操作人员" in page
        assert "在岗" in page
        assert "我的考试" in page
        assert "暂无考试" in page
        assert "<small>（员工）</small>" in page  # role label in the header

    def test_off_post_worker_is_told_to_finish_training(self, client, world):
        page = as_user(client, world.off_post_a).get(reverse("oversight:my_home")).content.decode()
        assert "脱产培训" in page
        assert "考核合格后再上岗" in page

    def test_worker_sees_own_enterprise_but_not_its_staff_list(self, client, world):
        response = as_user(client, world.worker_a).get(
            reverse("oversight:enterprise_detail", args=[world.a.pk])
        )
        page = response.content.decode()
        assert response.status_code == 200
        assert "甲化工有限公司" in page
        assert "甲同事" not in page
        assert "人员名单" not in page


class TestEnterpriseDashboard:
    def test_shows_own_staff_off_post_list_and_charts(self, client, world):
        response = as_user(client, world.safety_manager_a).get(
            reverse("oversight:enterprise_dashboard")
        )
        page = response.content.decode()
        assert response.status_code == 200
        assert "甲化工有限公司" in page
        for name in ("甲员工", "甲同事", "甲负责人"):
            assert name in page
        assert "乙员工" not in page
        assert "乙安全员" not in page
        off_post = response.context["overview"].off_post_staff
        assert [p.user.username for p in off_post] == ["甲脱产"]
        assert 'class="bar"' in page
        overview = response.context["overview"]
        assert (overview.on_post, overview.off_post, overview.left) == (4, 1, 1)
        assert {bar.label: bar.count for bar in overview.by_department} == {
            "合成车间": 3,
            "未分配部门": 2,
        }

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("status=off_post_training", {"甲脱产"}),
            ("post=中控岗", {"甲同事"}),
            ("level=safety_manager", {"甲安全员"}),
            ("level=principal&status=on_post", {"甲负责人"}),
        ],
    )
    def test_staff_table_filters(self, client, world, query, expected):
        response = as_user(client, world.principal_a).get(
            f"{reverse('oversight:enterprise_dashboard')}?{query}"
        )
        shown = {p.user.username for p in response.context["page"].object_list}
        assert shown == expected

    def test_department_filter_is_limited_to_own_departments(self, client, world):
        as_user(client, world.safety_manager_a)
        url = reverse("oversight:enterprise_dashboard")
        own = client.get(f"{url}?department={world.a_workshop.pk}")
        assert {p.user.username for p in own.context["page"].object_list} == {
            "甲员工",
            "甲同事",
            "甲脱产",
        }
        foreign = client.get(f"{url}?department={world.b_workshop.pk}")
        shown = {p.user.username for p in foreign.context["page"].object_list}
        assert "乙员工" not in shown
        assert "原料药车间" not in foreign.content.decode()

    def test_query_count_does_not_grow_with_staff(self, client, world, django_assert_num_queries):
        StaffProfileFactory.create_batch(40, enterprise=world.a, department=world.a_workshop)
        as_user(client, world.safety_manager_a)
        # 17: one counts the manager's reminders for the header, three read the regulators'
        # open and overdue findings for the enterprise; none of them per person.
        with django_assert_num_queries(17):
            response = client.get(reverse("oversight:enterprise_dashboard"))
        assert response.status_code == 200
        assert response.context["page"].paginator.count == 46


class TestJurisdictionDashboard:
    def test_lists_own_jurisdictions_enterprises_with_counts(self, client, world):
        world.a.major_hazard = True
        world.a.save()
        response = as_user(client, world.regulator_1).get(
            reverse("oversight:jurisdiction_dashboard")
        )
        page = response.content.decode()
        assert response.status_code == 200
        assert "甲区应急管理局" in page
        assert "丙烟花有限公司" not in page
        assert reverse("oversight:enterprise_detail", args=[world.a.pk]) in page
        assert reverse("oversight:enterprise_detail", args=[world.b.pk]) in page
        rows = {row.enterprise.name: row for row in response.context["overview"].rows}
        assert (rows["甲化工有限公司"].staff_count, rows["甲化工有限公司"].off_post_count) == (5, 1)
        assert (rows["乙制药有限公司"].staff_count, rows["乙制药有限公司"].off_post_count) == (2, 0)
        totals = response.context["totals"]
        assert (totals.enterprise_count, totals.major_hazard_count) == (2, 1)

    def test_filter_by_major_hazard(self, client, world):
        world.b.major_hazard = True
        world.b.save()
        response = as_user(client, world.regulator_1).get(
            reverse("oversight:jurisdiction_dashboard") + "?major_hazard=yes"
        )
        assert [row.enterprise.name for row in response.context["overview"].rows] == [
            "乙制药有限公司"
        ]


class TestRoleContextProcessor:
    def test_anonymous_gets_none(self, rf):
        request = rf.get("/")
        request.user = AnonymousUser()
        assert role(request) == {"role": None, "role_label": None, "leads": False}

    def test_role_and_label_of_the_current_user(self, rf, world):
        request = rf.get("/")
        request.user = world.safety_manager_a.user
        assert role(request) == {
            "role": "safety_manager",
            "role_label": "企业安全管理员",
            "leads": True,
        }
        request.user = world.worker_a.user
        assert role(request)["leads"] is False

    def test_header_shows_the_role_label(self, client, world):
        as_user(client, world.regulator_1)
        page = client.get(reverse("oversight:jurisdiction_dashboard")).content.decode()
        assert "<small>（监管人员）</small>" in page
