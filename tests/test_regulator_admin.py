"""Regulators work in the admin the README promises: their jurisdiction's question bank and
shared blueprints to keep, its enterprises' blueprints and routine schedules to read."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from wagtail.admin.menu import admin_menu

from accounts.demo import DEMO_PASSWORD, load_demo_people
from assessments.demo import ensure_bank_manager_group, ensure_regulator_group
from tests.admin_world import AdminWorld, build_admin_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db) -> AdminWorld:
    return build_admin_world()


def as_user(profile) -> Client:
    client = Client()
    client.force_login(profile.user)
    return client


def menu_labels(user) -> set[str]:
    request = RequestFactory().get("/admin/")
    request.user = user
    return {str(item.label) for item in admin_menu.menu_items_for_request(request)}


def test_the_demo_regulator_logs_into_the_admin_dashboard(client):
    load_demo_people()
    ensure_bank_manager_group()
    ensure_regulator_group()
    assert client.login(username="regulator", password=DEMO_PASSWORD)
    response = client.get("/admin/")
    assert response.status_code == 200 and "/admin/login/" not in response.get("Location", "")


def test_a_regulator_sees_the_bank_blueprints_and_schedules_menus_only(world):
    assert menu_labels(world.regulator_1.user) - {"帮助"} == {
        "题库",
        "考试方案",
        "常态化考核计划",
        "题目质量分析",  # of the jurisdiction's shared bank
    }


def test_a_regulator_keeps_the_shared_blueprints_and_reads_enterprise_ones(world):
    client = as_user(world.regulator_1)
    shared = f"/admin/snippets/assessments/examblueprint/edit/{world.shared_blueprint_1.pk}/"
    assert client.get(shared).status_code == 200
    own_a = f"/admin/snippets/assessments/examblueprint/edit/{world.blueprint_a.pk}/"
    response = client.get(own_a)
    assert response.status_code == 302 and "/inspect/" in response["Location"]


def test_a_regulator_reads_their_jurisdictions_schedules_and_changes_none(world):
    client = as_user(world.regulator_1)
    listing = client.get("/admin/snippets/assessments/routineschedule/")
    assert listing.status_code == 200 and "甲标记企业考试方案" in listing.content.decode()
    inspect = f"/admin/snippets/assessments/routineschedule/inspect/{world.schedule_a.pk}/"
    assert client.get(inspect).status_code == 200
    edit = client.get(f"/admin/snippets/assessments/routineschedule/edit/{world.schedule_a.pk}/")
    assert edit.status_code == 302 and "/inspect/" in edit["Location"]
    assert client.get("/admin/snippets/assessments/routineschedule/add/").status_code in (302, 403)


def test_another_jurisdictions_regulator_gets_404(world):
    client = as_user(world.regulator_2)
    inspect = f"/admin/snippets/assessments/routineschedule/inspect/{world.schedule_a.pk}/"
    assert client.get(inspect).status_code == 404
    shared = f"/admin/snippets/assessments/examblueprint/edit/{world.shared_blueprint_1.pk}/"
    assert client.get(shared).status_code == 404
