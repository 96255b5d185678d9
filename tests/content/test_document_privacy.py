"""A draft regulation's source file is served to editors only; a published one to all."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.admin_world import AdminWorld, build_admin_world, make_document
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db) -> AdminWorld:
    return build_admin_world()


def fetch(document, user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client.get(document.url)


def test_a_drafts_source_file_is_not_served_to_anyone_but_editors(world):
    for user in (None, world.worker_a.user, world.safety_manager_b.user, world.regulator_2.user):
        assert fetch(world.draft_document, user).status_code == 404
    response = fetch(world.draft_document, world.editor.user)
    assert response.status_code == 200


def test_a_published_regulations_source_file_stays_public(world):
    assert fetch(world.published_document).status_code == 200
    assert fetch(world.published_document, world.safety_manager_b.user).status_code == 200


def test_publishing_the_draft_makes_its_file_public(world):
    world.draft_page.get_latest_revision().publish()
    assert fetch(world.draft_document).status_code == 200


def test_a_new_source_file_in_a_draft_of_a_published_page_waits_for_publishing(world):
    page = world.published_page.get_latest_revision_as_object()
    page.source_document = make_document("修订稿原始文件", "revised-notice.docx")
    page.save_revision()

    assert fetch(page.source_document).status_code == 404
    assert fetch(world.published_document).status_code == 200  # still the live page's
    page.get_latest_revision().publish()
    assert fetch(page.source_document).status_code == 200


def test_documents_outside_regulations_are_served_as_before(world):
    leaflet = make_document("安全宣传单", "leaflet.docx")
    assert fetch(leaflet, UserFactory()).status_code == 200
