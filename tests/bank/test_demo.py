"""The demo's "企业题库管理员" group: admin access, question permissions, idempotent."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from accounts.demo import DEMO_PASSWORD, load_demo_people
from assessments.demo import BANK_MANAGER_GROUP, ensure_bank_manager_group
from tests.bank.urls import snippet_url

pytestmark = pytest.mark.django_db


def test_group_holds_the_demo_managers_and_is_idempotent():
    load_demo_people()
    first = ensure_bank_manager_group()
    perms = set(first.permissions.values_list("codename", flat=True))
    second = ensure_bank_manager_group()
    assert first.pk == second.pk and Group.objects.filter(name=BANK_MANAGER_GROUP).count() == 1
    assert {"access_admin", "add_question", "change_question", "delete_question"} <= perms
    assert {"add_examblueprint", "change_examblueprint", "delete_examblueprint"} <= perms
    assert set(second.permissions.values_list("codename", flat=True)) == perms
    members = set(second.user_set.values_list("username", flat=True))
    assert members == {"safety_manager", "safety_manager_b", "principal"}


def test_demo_safety_managers_see_their_own_bank_in_the_admin(client):
    load_demo_people()
    ensure_bank_manager_group()
    assert client.login(username="safety_manager", password=DEMO_PASSWORD)
    assert client.get(snippet_url("list")).status_code == 200
    user = get_user_model().objects.get(username="safety_manager")
    assert user.has_perm("wagtailadmin.access_admin")
    # … and their exam blueprints (考试方案), the shared ones read-only
    assert client.get("/admin/snippets/assessments/examblueprint/").status_code == 200


def test_the_demo_editor_manages_every_bank():
    load_demo_people()  # puts "editor" in the 编辑 group, which holds every snippet permission
    editor = get_user_model().objects.get(username="editor")
    assert editor.has_perm("assessments.change_question")
    assert editor.has_perm("assessments.add_question")
