"""Admin choosers list and accept only what the user may see; so do page choosers.

Wagtail's snippet chooser lists every row of a model to anyone with admin access, and its
page chooser every page, drafts included. Enterprise B's safety manager must not read
enterprise A's names there, nor a draft regulation's title.
"""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.snippets.models import get_snippet_models

from accounts.admin_viewsets import ScopedSnippetViewSet
from tests.admin_world import A_MARKER, DRAFT_MARKER, J2_MARKER, AdminWorld, build_admin_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db) -> AdminWorld:
    return build_admin_world()


def as_user(profile) -> Client:
    client = Client()
    client.force_login(profile.user)
    return client


def chooser(model, view: str, *args) -> str:
    label = f"{model._meta.app_label}_{model._meta.model_name}"
    return reverse(f"wagtailsnippetchoosers_{label}:{view}", args=args)


def text(response) -> str:
    """The answer as text; a modal's JSON with its Chinese readable (Wagtail escapes it as
    \\uXXXX), a results fragment as it is."""
    if "json" in response["Content-Type"]:
        return json.dumps(json.loads(response.content), ensure_ascii=False)
    return response.content.decode()


def test_every_snippet_viewset_says_what_a_user_may_see():
    """A model registered later without a scope would offer every row in its chooser."""
    unscoped = [
        model.__name__
        for model in get_snippet_models()
        if not isinstance(model.snippet_viewset, ScopedSnippetViewSet)
    ]
    assert not unscoped


@pytest.mark.parametrize(
    "attribute", ["worker_a", "a", "department_a", "schedule_a", "blueprint_a", "question_a"]
)
def test_another_enterprises_rows_are_neither_listed_nor_chosen(world, attribute):
    target = getattr(world, attribute)
    model = type(target)
    client = as_user(world.safety_manager_b)

    for view in ("choose", "choose_results"):
        response = client.get(chooser(model, view), {"q": A_MARKER[0]})
        assert response.status_code == 200 and A_MARKER not in text(response)
    assert client.get(chooser(model, "chosen", target.pk)).status_code == 404
    multiple = client.get(chooser(model, "chosen_multiple"), {"id": [target.pk]})
    assert multiple.status_code == 404


def test_the_staff_chooser_lists_the_users_own_colleagues(world):
    client = as_user(world.safety_manager_b)
    listed = text(client.get(chooser(type(world.worker_a), "choose_results")))
    assert "乙安全员" in listed and A_MARKER not in listed

    own = client.get(chooser(type(world.worker_a), "chosen", world.safety_manager_b.pk))
    assert own.status_code == 200 and "乙安全员" in text(own)


def test_a_regulator_chooses_only_in_their_jurisdiction(world):
    client = as_user(world.regulator_2)
    enterprises = text(client.get(chooser(type(world.a), "choose_results")))
    assert J2_MARKER in enterprises and A_MARKER not in enterprises
    jurisdictions = text(client.get(chooser(type(world.j1), "choose_results")))
    assert J2_MARKER in jurisdictions and "一区标记" not in jurisdictions
    assert client.get(chooser(type(world.j1), "chosen", world.j1.pk)).status_code == 404


def test_editors_still_choose_any_enterprise(world):
    client = as_user(world.editor)
    listed = text(client.get(chooser(type(world.a), "choose_results")))
    assert A_MARKER in listed and J2_MARKER in listed


def test_the_page_chooser_hides_draft_titles_from_enterprise_users(world):
    client = as_user(world.safety_manager_b)
    index = world.draft_page.get_parent()

    browse = client.get(reverse("wagtailadmin_choose_page_child", args=[index.pk]))
    assert browse.status_code == 200
    assert DRAFT_MARKER not in text(browse) and "已发布的通知" in text(browse)
    search = client.get(reverse("wagtailadmin_choose_page_search"), {"q": DRAFT_MARKER})
    assert search.status_code == 200 and DRAFT_MARKER not in text(search)
    draft_url = reverse("wagtailadmin_choose_page_child", args=[world.draft_page.pk])
    assert client.get(draft_url).status_code == 404
    chosen = reverse("wagtailadmin_choose_page_chosen_multiple")
    assert client.get(chosen, {"id": [world.draft_page.pk]}).status_code == 404
    assert client.get(f"/admin/pages/{world.draft_page.pk}/edit/").status_code == 404


def test_editors_see_drafts_in_the_page_chooser(world):
    client = as_user(world.editor)
    index = world.draft_page.get_parent()
    browse = client.get(reverse("wagtailadmin_choose_page_child", args=[index.pk]))
    assert DRAFT_MARKER in text(browse)
    search = client.get(reverse("wagtailadmin_choose_page_search"), {"q": DRAFT_MARKER})
    assert DRAFT_MARKER in text(search)
    draft_url = reverse("wagtailadmin_choose_page_child", args=[world.draft_page.pk])
    assert client.get(draft_url).status_code == 200


def test_the_enterprise_list_says_yes_and_no_in_chinese(world):
    client = as_user(world.editor)
    listing = client.get("/admin/snippets/accounts/enterprise/").content.decode()
    row = listing[listing.index(A_MARKER) :]
    assert "是" in row[: row.index("</tr>")]
    assert "True" not in listing and "False" not in listing

    export = client.get("/admin/snippets/accounts/enterprise/", {"export": "csv"})
    csv = b"".join(export.streaming_content).decode("utf-8-sig")
    assert f"{A_MARKER}化工有限公司" in csv and ",是," in csv and ",否," in csv
    assert "True" not in csv and "False" not in csv
