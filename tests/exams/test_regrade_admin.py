"""The "更正答案并重新评分" admin screen: preview, confirm, refusals and who may use it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.vocab import StaffStatus
from assessments.bank.versioning import freeze_all
from assessments.demo import ensure_bank_manager_group
from assessments.exams.services.regrading import STALE_MESSAGE, preview_regrade
from assessments.models import Question
from safetykb.models import AuditEvent, AuditKind
from tests.bank.conftest import editor_group
from tests.exams.builders import make_question
from tests.exams.regrading_world import person, rg, sit
from tests.exams.test_regrading import REASON, snapshot_state
from tests.factories import EnterpriseFactory, JurisdictionFactory

__all__ = ["rg"]  # the fixture, imported for pytest
pytestmark = pytest.mark.django_db


def regrade_url(question: Question) -> str:
    return reverse("assessments_question_regrade", args=[question.pk])


def inspect_url(question: Question) -> str:
    return reverse("wagtailsnippets_assessments_question:inspect", args=[question.pk])


@pytest.fixture
def admins(rg):
    """The editor and the enterprise's safety manager get their usual admin rights."""
    editor_group().user_set.add(rg.editor.user)
    ensure_bank_manager_group().user_set.add(rg.manager.user)
    return rg


@pytest.fixture
def sat(admins):
    """甲 60 (fails, off post), 乙 80 (passes): B is the right key for question 1."""
    return {
        "甲": sit(admins.exam, admins.people["甲"], "B", wrong=1),
        "乙": sit(admins.exam, admins.people["乙"], "A", wrong=1),
    }


def post(client, question, **data):
    body = {"mode": "answer", "answer": "B", "reason": REASON, "action": "preview", **data}
    return client.post(regrade_url(question), body)


def fingerprint_now(rg) -> str:
    """A genuine confirmation token, as if the preview had been shown to this user."""
    return preview_regrade(rg.version(), new_answer=["B"]).fingerprint


def test_the_editor_previews_then_confirms(client, rg, sat):
    client.force_login(rg.editor.user)
    page = client.get(regrade_url(rg.target)).content.decode()
    assert "现行答案：</strong>A" in page and rg.target.stem in page
    assert 'value="B"' in page  # the options to pick from

    before = snapshot_state()
    response = post(client, rg.target)
    assert response.status_code == 200
    assert snapshot_state() == before  # a preview writes nothing
    preview = response.context["preview"]
    assert (preview.graded_count, preview.changed_count) == (2, 2)
    html = response.content.decode()
    assert "不合格 → 合格" in html and "合格 → 不合格" in html
    assert "确认更正并重新评分" in html
    fingerprint = response.context["form"]["fingerprint"].value()
    assert fingerprint == preview.fingerprint

    response = post(client, rg.target, action="apply", fingerprint=fingerprint)
    assert response.status_code == 302
    assert response["Location"].startswith(regrade_url(rg.target))
    sat["甲"].refresh_from_db()
    assert (sat["甲"].score, sat["甲"].passed) == (Decimal("80.00"), True)
    rg.people["甲"].refresh_from_db()
    assert rg.people["甲"].status == StaffStatus.ON_POST
    events = AuditEvent.objects.filter(kind=AuditKind.REGRADED)
    assert events.count() == 2 and {e.actor for e in events} == {rg.editor.user}
    page = client.get(response["Location"]).content.decode()
    assert "已更正答案并重新评分" in page
    assert "现行答案：</strong>B（已更正；原答案 A）" in page
    assert REASON in page  # the correction history


def test_full_marks_through_the_screen(client, rg, sat):
    client.force_login(rg.editor.user)
    response = post(client, rg.target, mode="full_marks", answer="")
    fingerprint = response.context["preview"].fingerprint
    post(client, rg.target, mode="full_marks", answer="", action="apply", fingerprint=fingerprint)
    sat["甲"].refresh_from_db()
    sat["乙"].refresh_from_db()
    assert (sat["甲"].score, sat["乙"].score) == (80, 80)  # 乙 had question 1 right already


def test_a_reason_and_an_answer_are_required(client, rg, sat):
    client.force_login(rg.editor.user)
    before = snapshot_state()
    html = post(client, rg.target, reason="  ").content.decode()
    assert "请填写更正原因" in html
    html = post(client, rg.target, answer="", action="apply", fingerprint="x").content.decode()
    assert "请选择或填写更正后的答案" in html
    assert snapshot_state() == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "apply"}, STALE_MESSAGE),  # never previewed
        ({"action": "apply", "fingerprint": "0" * 32}, STALE_MESSAGE),  # forged
        ({"answer": "E"}, "有效"),  # not an option (Django's choice error)
        ({"answer": "A"}, "与现行答案相同"),
    ],
    ids=["no-preview", "forged", "bad-option", "same-key"],
)
def test_forged_or_stale_forms_write_nothing(client, rg, sat, data, message):
    client.force_login(rg.editor.user)
    before = snapshot_state()
    response = post(client, rg.target, **data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert snapshot_state() == before


def test_a_preview_gone_stale_is_refused_and_previewed_again(client, rg, sat):
    client.force_login(rg.editor.user)
    fingerprint = post(client, rg.target).context["preview"].fingerprint
    sit(rg.exam, rg.people["丙"], "B")  # another paper graded meanwhile
    before = snapshot_state()
    response = post(client, rg.target, action="apply", fingerprint=fingerprint)
    assert STALE_MESSAGE in response.content.decode()
    assert snapshot_state() == before


def test_a_version_of_another_question_is_refused(client, rg, sat):
    client.force_login(rg.editor.user)
    other = rg.questions[1].versions.get()
    before = snapshot_state()
    response = post(client, rg.target, version=other.pk, action="apply")
    assert response.status_code == 302
    assert snapshot_state() == before


def test_an_unused_question_has_nothing_to_regrade(client, rg):
    editor_group().user_set.add(rg.editor.user)
    client.force_login(rg.editor.user)
    response = client.get(regrade_url(rg.target))
    assert response.status_code == 302 and response["Location"] == inspect_url(rg.target)


def test_the_inspect_page_offers_the_screen_to_those_who_may_use_it(client, rg, sat):
    client.force_login(rg.editor.user)
    assert regrade_url(rg.target) in client.get(inspect_url(rg.target)).content.decode()
    client.force_login(rg.manager.user)  # the shared bank is read-only for them
    assert regrade_url(rg.target) not in client.get(inspect_url(rg.target)).content.decode()


def test_an_enterprise_manager_may_not_regrade_the_shared_bank(client, rg, sat):
    client.force_login(rg.manager.user)
    before = snapshot_state()
    confirm = {"action": "apply", "fingerprint": fingerprint_now(rg)}
    # PermissionDenied: Wagtail's admin answers it with a redirect home and an error.
    for response in (client.get(regrade_url(rg.target)), post(client, rg.target, **confirm)):
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")
    assert snapshot_state() == before


def test_banks_out_of_sight_are_404(client, rg, sat):
    elsewhere = EnterpriseFactory(jurisdiction=JurisdictionFactory(name="远方应急管理局"))
    stranger = person("远方安全员", enterprise=elsewhere, safety_manager=True)
    ensure_bank_manager_group().user_set.add(stranger.user)
    client.force_login(stranger.user)
    before = snapshot_state()
    assert client.get(regrade_url(rg.target)).status_code == 404
    confirm = {"action": "apply", "fingerprint": fingerprint_now(rg)}
    assert post(client, rg.target, **confirm).status_code == 404
    assert snapshot_state() == before


def test_an_enterprise_manager_regrades_their_own_bank_only(client, rg, sat):
    own = make_question(rg.enterprise.jurisdiction, enterprise=rg.enterprise, number=950)
    theirs = make_question(rg.other.jurisdiction, enterprise=rg.other, number=951)
    for question in (own, theirs):
        freeze_all([question.versions.get().pk])
    client.force_login(rg.manager.user)
    assert client.get(regrade_url(own)).status_code == 200
    assert client.get(regrade_url(theirs)).status_code == 404


def test_people_without_admin_rights_are_turned_away(client, rg, sat):
    client.force_login(rg.people["乙"].user)
    response = client.get(regrade_url(rg.target))
    assert response.status_code in (302, 403)
    assert "更正答案" not in response.content.decode()
