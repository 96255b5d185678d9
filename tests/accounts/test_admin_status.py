"""The admin does not edit a person's status: it moves only through its services."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import StaffProfile
from accounts.vocab import StaffStatus

pytestmark = pytest.mark.django_db


def test_the_staff_form_shows_status_but_cannot_change_it(client, world):
    superuser = world.editor.user
    superuser.is_superuser = superuser.is_staff = True
    superuser.save()
    client.force_login(superuser)
    member = world.worker_a
    url = reverse("wagtailsnippets_accounts_staffprofile:edit", args=[member.pk])
    page = client.get(url).content.decode()
    assert 'name="status"' not in page
    assert "在岗" in page
    form = {
        "user": member.user_id,
        "role": member.role,
        "status": StaffStatus.LEFT,
        "enterprise": member.enterprise_id,
        "department": member.department_id,
        "level": member.level,
        "specialty": member.specialty,
        "post": "改过的岗位",
        "employee_no": member.employee_no,
        "phone": "",
        "hire_date": "",
    }
    response = client.post(url, form)
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.post == "改过的岗位"  # the save went through
    assert member.status == StaffStatus.ON_POST
    assert StaffProfile.objects.get(pk=member.pk).status == StaffStatus.ON_POST
