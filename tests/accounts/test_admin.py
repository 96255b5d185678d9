"""The "人员与企业" screens in the Wagtail admin, as the demo editor uses them."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from accounts.demo import DEMO_PASSWORD, load_demo_people
from accounts.models import Department, Enterprise, Jurisdiction, StaffProfile

pytestmark = pytest.mark.django_db

MODELS = [Jurisdiction, Enterprise, Department, StaffProfile]


@pytest.fixture
def editor_client(client):
    load_demo_people()
    assert client.login(username="editor", password=DEMO_PASSWORD)
    return client


def url(model, view: str, *args) -> str:
    return reverse(f"wagtailsnippets_accounts_{model._meta.model_name}:{view}", args=args)


def test_menu_groups_people_and_enterprises(editor_client):
    page = editor_client.get(reverse("wagtailadmin_home")).content.decode()
    # The sidebar is rendered from JSON with unicode escapes; compare in that form.
    assert json.dumps({"name": "people", "label": "人员与企业"})[1:-1] in page
    for name in ("staff", "enterprises", "departments", "jurisdictions"):
        assert f'"name": "{name}"' in page


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_editor_can_list_add_and_edit_each_snippet(editor_client, model):
    assert editor_client.get(url(model, "list")).status_code == 200
    assert editor_client.get(url(model, "add")).status_code == 200
    obj = model.objects.first()
    assert editor_client.get(url(model, "edit", obj.pk)).status_code == 200


def test_staff_listing_filters_by_status(editor_client):
    response = editor_client.get(url(StaffProfile, "list"), {"status": "off_post_training"})
    page = response.content.decode()
    off_post = StaffProfile.objects.filter(status="off_post_training").select_related("user")
    on_post = StaffProfile.objects.get(user__username="worker")
    assert all(p.user.first_name in page for p in off_post)
    assert on_post.user.first_name not in page


def test_enterprise_export_is_in_chinese(editor_client):
    response = editor_client.get(url(Enterprise, "list"), {"export": "csv"})
    body = b"".join(response.streaming_content).decode()
    header = body.splitlines()[0]
    assert "统一社会信用代码" in header
    assert "企业类型" in header
    assert "危险化学品生产" in body


def test_saving_a_profile_with_another_enterprises_department_is_refused(editor_client):
    worker = StaffProfile.objects.get(user__username="worker")
    foreign = Department.objects.exclude(enterprise=worker.enterprise).first()
    data = {
        "user": worker.user_id,
        "role": worker.role,
        "status": worker.status,
        "enterprise": worker.enterprise_id,
        "jurisdiction": "",
        "department": foreign.pk,
        "level": worker.level,
        "specialty": worker.specialty,
        "post": worker.post,
        "employee_no": worker.employee_no,
        "phone": worker.phone,
        "hire_date": "",
    }
    response = editor_client.post(url(StaffProfile, "edit", worker.pk), data)
    assert response.status_code == 200  # the form comes back with the error
    assert "所选部门不属于该企业" in response.content.decode()
    worker.refresh_from_db()
    assert worker.department.enterprise_id == worker.enterprise_id
