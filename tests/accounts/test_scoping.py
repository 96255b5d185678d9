"""Tenancy selectors: each role sees exactly its own slice, and nothing else exists for it."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from accounts.scoping import (
    get_enterprise_in_scope_or_404,
    get_staff_in_scope_or_404,
    profile_of,
    role_of,
    visible_enterprises,
    visible_staff,
)
from accounts.vocab import Role
from tests.factories import StaffProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


def names(staff) -> set[str]:
    return {profile.user.username for profile in staff}


def enterprise_names(enterprises) -> set[str]:
    return {e.name for e in enterprises}


ENTERPRISE_A_STAFF = {"甲员工", "甲同事", "甲脱产", "甲离职", "甲安全员", "甲负责人"}
JURISDICTION_1_STAFF = ENTERPRISE_A_STAFF | {"乙安全员", "乙员工"}


class TestProfileAndRole:
    def test_anonymous_has_no_profile_or_role(self, world):
        assert profile_of(AnonymousUser()) is None
        assert role_of(AnonymousUser()) is None

    def test_login_without_profile_has_no_role(self, world):
        user = UserFactory()
        assert profile_of(user) is None
        assert role_of(user) is None

    def test_profile_and_role_of_a_safety_manager(self, world):
        user = world.safety_manager_a.user
        assert profile_of(user) == world.safety_manager_a
        assert role_of(user) == Role.SAFETY_MANAGER

    def test_a_leaver_keeps_the_profile_but_loses_the_role(self, world):
        assert profile_of(world.left_a.user) == world.left_a
        assert role_of(world.left_a.user) is None


class TestVisibleEnterprises:
    @pytest.mark.parametrize(
        ("who", "expected"),
        [
            ("worker_a", {"甲化工有限公司"}),
            ("safety_manager_a", {"甲化工有限公司"}),
            ("principal_a", {"甲化工有限公司"}),
            ("safety_manager_b", {"乙制药有限公司"}),
            ("regulator_1", {"甲化工有限公司", "乙制药有限公司"}),
            ("regulator_2", {"丙烟花有限公司"}),
            ("editor", {"甲化工有限公司", "乙制药有限公司", "丙烟花有限公司"}),
            ("left_a", set()),
        ],
    )
    def test_each_role_sees_its_slice(self, world, who, expected):
        user = getattr(world, who).user
        assert enterprise_names(visible_enterprises(user)) == expected

    def test_anonymous_and_profileless_users_see_nothing(self, world):
        assert not visible_enterprises(AnonymousUser()).exists()
        assert not visible_enterprises(UserFactory()).exists()

    def test_superuser_without_a_role_sees_everything_for_admin(self, world):
        admin = UserFactory(is_superuser=True, is_staff=True)
        assert enterprise_names(visible_enterprises(admin)) == {
            "甲化工有限公司",
            "乙制药有限公司",
            "丙烟花有限公司",
        }

    def test_superuser_with_a_regulator_role_is_scoped_by_the_role(self, world):
        profile = StaffProfileFactory(
            regulator=True,
            jurisdiction=world.j2,
            user=UserFactory(is_superuser=True, is_staff=True),
        )
        assert enterprise_names(visible_enterprises(profile.user)) == {"丙烟花有限公司"}
        assert names(visible_staff(profile.user)) == {"丙员工"}

    def test_regulator_follows_an_enterprise_that_moves_jurisdiction(self, world):
        world.c.jurisdiction = world.j1
        world.c.save()
        assert "丙烟花有限公司" in enterprise_names(visible_enterprises(world.regulator_1.user))
        assert "丙员工" in names(visible_staff(world.regulator_1.user))
        assert not visible_enterprises(world.regulator_2.user).exists()
        world.worker_c.refresh_from_db()
        assert world.worker_c.jurisdiction == world.j1


class TestVisibleStaff:
    @pytest.mark.parametrize(
        ("who", "expected"),
        [
            ("worker_a", {"甲员工"}),
            ("safety_manager_a", ENTERPRISE_A_STAFF),
            ("principal_a", ENTERPRISE_A_STAFF),
            ("safety_manager_b", {"乙安全员", "乙员工"}),
            ("regulator_1", JURISDICTION_1_STAFF),
            ("regulator_2", {"丙员工"}),
            ("left_a", set()),
        ],
    )
    def test_each_role_sees_its_slice(self, world, who, expected):
        user = getattr(world, who).user
        assert names(visible_staff(user)) == expected

    def test_editor_sees_every_profile_including_bureau_staff(self, world):
        everyone = names(visible_staff(world.editor.user))
        assert everyone == JURISDICTION_1_STAFF | {"丙员工", "甲区监管", "乙区监管", "编辑甲"}

    def test_anonymous_sees_nobody(self, world):
        assert not visible_staff(AnonymousUser()).exists()


class TestGetInScopeOr404:
    def test_own_enterprise_is_returned(self, world):
        user = world.safety_manager_a.user
        assert get_enterprise_in_scope_or_404(user, world.a.pk) == world.a

    @pytest.mark.parametrize("who", ["worker_a", "safety_manager_a", "principal_a", "regulator_2"])
    def test_other_enterprise_is_404(self, world, who):
        with pytest.raises(Http404):
            get_enterprise_in_scope_or_404(getattr(world, who).user, world.b.pk)

    def test_missing_enterprise_is_404_like_a_foreign_one(self, world):
        with pytest.raises(Http404):
            get_enterprise_in_scope_or_404(world.regulator_1.user, 999_999)

    def test_worker_gets_own_record_but_not_a_colleagues(self, world):
        user = world.worker_a.user
        assert get_staff_in_scope_or_404(user, world.worker_a.pk) == world.worker_a
        with pytest.raises(Http404):
            get_staff_in_scope_or_404(user, world.colleague_a.pk)

    def test_manager_gets_colleague_but_not_other_enterprise_staff(self, world):
        user = world.safety_manager_a.user
        assert get_staff_in_scope_or_404(user, world.colleague_a.pk) == world.colleague_a
        with pytest.raises(Http404):
            get_staff_in_scope_or_404(user, world.worker_b.pk)

    def test_regulator_cannot_reach_another_jurisdictions_staff(self, world):
        assert get_staff_in_scope_or_404(world.regulator_1.user, world.worker_b.pk)
        with pytest.raises(Http404):
            get_staff_in_scope_or_404(world.regulator_1.user, world.worker_c.pk)
