"""Wagtail's floating userbar: on content pages for editors, nowhere else (on a phone it
covers form fields such as 培训内容)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission

from tests.factories import StaffProfileFactory

pytestmark = pytest.mark.django_db

USERBAR = "<wagtail-userbar"


def _with_admin_access(profile):
    profile.user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return profile.user


@pytest.fixture
def regulation(db):
    from safetykb.demo.pages import ensure_page_tree
    from tests.search.builders import make_regulation

    ensure_page_tree()
    return make_regulation("中华人民共和国安全生产法")


def test_an_editor_gets_the_userbar_on_a_content_page(client, regulation) -> None:
    client.force_login(_with_admin_access(StaffProfileFactory(editor=True)))

    assert USERBAR in client.get(regulation.url).content.decode()


def test_an_editor_gets_no_userbar_on_app_pages(client, regulation, enterprise) -> None:
    client.force_login(_with_admin_access(StaffProfileFactory(editor=True)))

    for url in ("/search/?q=培训", f"/exams/enterprises/{enterprise.pk}/"):
        response = client.get(url)
        assert USERBAR not in response.content.decode(), url


def test_a_question_bank_manager_with_admin_access_gets_no_userbar(
    client, regulation, enterprise
) -> None:
    manager = StaffProfileFactory(enterprise=enterprise, safety_manager=True)
    client.force_login(_with_admin_access(manager))

    assert USERBAR not in client.get(regulation.url).content.decode()
    page = client.get(f"/exams/enterprises/{enterprise.pk}/")
    assert page.status_code == 200 and USERBAR not in page.content.decode()
