"""Enterprises see the shared bank and their own, never another enterprise's, in every screen."""

from __future__ import annotations

import io

import docx
import pytest
from django.urls import reverse

from accounts.models import StaffProfile
from assessments.bank.scoping import manageable_questions, visible_questions
from assessments.bank.wagtail_admin.permissions import can_manage_bank, can_see_bank
from assessments.models import Question
from tests.bank.conftest import login
from tests.bank.urls import preview_url, snippet_url

pytestmark = pytest.mark.django_db


def listing(client, **params) -> str:
    response = client.get(snippet_url("list"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_enterprise_manager_lists_the_shared_bank_and_their_own_only(client, bank):
    page = listing(login(client, bank.manager_a))
    assert bank.shared.stem[:20] in page
    assert bank.own_a.stem[:20] in page
    assert bank.own_b.stem[:20] not in page
    assert bank.other_jurisdiction.stem[:20] not in page


def test_the_other_enterprise_sees_its_own_and_the_shared_bank(client, bank):
    page = listing(login(client, bank.manager_b))
    assert bank.own_b.stem[:20] in page and bank.shared.stem[:20] in page
    assert bank.own_a.stem[:20] not in page


def test_search_and_filters_stay_inside_the_scope(client, bank):
    login(client, bank.manager_b)
    assert bank.own_a.stem[:20] not in listing(client, q="甲企业题")
    assert bank.own_a.stem[:20] not in listing(client, enterprise=str(bank.a.pk))
    page = listing(client, enterprise="shared")
    assert bank.shared.stem[:20] in page and bank.own_b.stem[:20] not in page


def test_editor_sees_every_bank(client, bank):
    page = listing(login(client, bank.editor))
    for question in (bank.shared, bank.own_a, bank.own_b, bank.other_jurisdiction):
        assert question.stem[:20] in page


def test_another_enterprises_question_is_a_404_everywhere(client, bank):
    login(client, bank.manager_b)
    pk = bank.own_a.pk
    for url in (
        snippet_url("edit", pk),
        snippet_url("inspect", pk),
        snippet_url("delete", pk),
        snippet_url("history", pk),
        snippet_url("usage", pk),
        snippet_url("preview_on_edit", pk),
        preview_url(pk),
        preview_url(pk, "answer"),
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(snippet_url("edit", pk), {"stem": "改掉", "type": "single"})
    assert response.status_code == 404
    assert client.post(snippet_url("delete", pk)).status_code == 404
    assert Question.objects.filter(pk=pk, stem=bank.own_a.stem).exists()


def test_shared_bank_is_read_only_for_an_enterprise_manager(client, bank):
    login(client, bank.manager_a)
    pk = bank.shared.pk
    inspect = snippet_url("inspect", pk)
    assert client.get(inspect).status_code == 200
    for method in (client.get, client.post):
        response = method(snippet_url("edit", pk))
        assert response.status_code == 302 and response["Location"] == inspect
    response = client.post(snippet_url("delete", pk))
    assert response.status_code == 302 and response["Location"] == inspect
    assert Question.objects.filter(pk=pk).exists()
    # The listing links the shared question to its inspect page, not to the editor.
    page = listing(client)
    assert snippet_url("edit", pk) not in page
    assert snippet_url("edit", bank.own_a.pk) in page


def test_manager_can_open_the_editor_for_their_own_question(client, bank):
    login(client, bank.manager_a)
    assert client.get(snippet_url("edit", bank.own_a.pk)).status_code == 200
    assert client.get(preview_url(bank.shared.pk)).status_code == 200


def test_regulator_without_admin_rights_is_turned_away(client, bank):
    login(client, bank.regulator)
    response = client.get(snippet_url("list"))
    assert response.status_code == 302  # Wagtail sends people without admin access to login


def test_worker_cannot_use_the_bank_admin_even_with_the_permissions(client, bank):
    from assessments.demo import ensure_bank_manager_group

    ensure_bank_manager_group().user_set.add(bank.worker_a.user)
    login(client, bank.worker_a)
    response = client.get(snippet_url("list"))
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


def _docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


def test_export_holds_only_the_questions_in_scope(client, bank):
    login(client, bank.manager_a)
    response = client.get(snippet_url("list"), {"export": "docx"})
    assert response.status_code == 200
    text = _docx_text(response.content)
    assert bank.shared.stem in text and bank.own_a.stem in text
    assert bank.own_b.stem not in text and bank.other_jurisdiction.stem not in text


def test_filtered_export_holds_only_the_filtered_questions(client, bank):
    login(client, bank.manager_a)
    response = client.get(snippet_url("list"), {"export": "docx", "enterprise": str(bank.a.pk)})
    text = _docx_text(response.content)
    assert bank.own_a.stem in text and bank.shared.stem not in text


def test_listing_spreadsheet_export_is_in_chinese_and_scoped(client, bank):
    login(client, bank.manager_b)
    response = client.get(snippet_url("list"), {"export": "csv"})
    body = b"".join(response.streaming_content).decode()
    assert body.splitlines()[0].startswith("编号,题型,题干")
    assert bank.own_b.stem in body and bank.own_a.stem not in body


ROLES = ["manager_a", "principal_a", "manager_b", "worker_a", "regulator", "editor"]


@pytest.mark.parametrize("who", ROLES)
def test_per_object_predicates_agree_with_the_scoping_querysets(bank, who):
    user = getattr(bank, who).user
    visible = set(visible_questions(user).values_list("pk", flat=True))
    manageable = set(manageable_questions(user).values_list("pk", flat=True))
    for question in Question.objects.all():
        place = (question.jurisdiction_id, question.enterprise_id)
        assert can_see_bank(user, *place) == (question.pk in visible), question
        assert can_manage_bank(user, *place) == (question.pk in manageable), question


def test_a_profile_marked_left_loses_the_bank(client, bank):
    StaffProfile.objects.filter(pk=bank.manager_a.pk).update(status="left")
    login(client, bank.manager_a)
    assert client.get(snippet_url("list")).status_code == 302


def test_the_question_chooser_lists_only_the_users_banks(client, bank):
    login(client, bank.manager_b)
    chooser = reverse("wagtailsnippetchoosers_assessments_question:choose")
    page = client.get(chooser).json()["html"]
    assert bank.own_b.stem[:10] in page and bank.own_a.stem[:10] not in page
    chosen = reverse("wagtailsnippetchoosers_assessments_question:chosen", args=[bank.own_a.pk])
    assert client.get(chosen).status_code == 404
