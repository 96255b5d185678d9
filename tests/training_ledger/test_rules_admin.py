"""The rules table in the admin: editors maintain it; others may not edit it."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission

from tests.factories import person
from training.models import StatutoryHoursRule

pytestmark = pytest.mark.django_db


def test_an_editor_lists_and_edits_a_rule(client):
    editor = person("编辑甲", editor=True)
    editor.user.is_superuser = True  # the editor group holds every snippet permission
    editor.user.save()
    client.force_login(editor.user)
    listing = client.get("/admin/snippets/training/statutoryhoursrule/")
    assert listing.status_code == 200 and "第十三条" in listing.content.decode()
    rule = StatutoryHoursRule.objects.get(code="staff_refresher_high_risk")
    url = f"/admin/snippets/training/statutoryhoursrule/edit/{rule.pk}/"
    page = client.get(url)
    assert page.status_code == 200 and "refresher" in page.content.decode()


def test_a_safety_manager_cannot_edit_the_rules(client, world):
    user = world.manager_a.user
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    rule = StatutoryHoursRule.objects.first()
    response = client.get(f"/admin/snippets/training/statutoryhoursrule/edit/{rule.pk}/")
    assert response.status_code in (302, 403)
    assert StatutoryHoursRule.objects.get(pk=rule.pk).hours == rule.hours
