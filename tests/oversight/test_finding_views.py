"""The findings pages: the inspector issues and reviews, the enterprise answers with a
photo, the overdue flag on the enterprise and jurisdiction pages, the suggestion asked
for by a button, and out of scope answered with a 404 on every findings URL."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from oversight import findings
from oversight.models import Finding, FindingState, StepKind
from tests.factories import TEST_PASSWORD
from tests.oversight.test_findings import issue
from tests.oversight.world import build_world, started

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def provision():
    from safetykb.demo.pages import ensure_page_tree
    from tests.search.builders import make_regulation

    ensure_page_tree()
    page = make_regulation(
        "危险化学品安全管理条例", [("第四条", "", "从业人员应当接受教育和培训。")]
    )
    return page.provisions.get()


def client_for(profile) -> Client:
    client = Client()
    assert client.login(username=profile.user.username, password=TEST_PASSWORD)
    return client


def test_issue_answer_with_a_photo_and_close_through_the_pages(world, provision):
    inspection = started(world)
    inspector, manager = client_for(world.inspector1), client_for(world.manager)
    response = inspector.post(
        reverse("oversight:finding_add", args=[inspection.pk]), {"description": "仓库通道堵塞"}
    )
    finding = Finding.objects.get()
    assert response.url == reverse("oversight:finding", args=[finding.pk])
    url = reverse("oversight:finding_step", args=[finding.pk])
    deadline = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    inspector.post(
        url,
        {
            "kind": "issued",
            "provision": provision.pk,
            "rectification": "立即清理",
            "deadline": deadline,
            "password": TEST_PASSWORD,
        },
    )
    page = manager.get(reverse("oversight:finding", args=[finding.pk])).content.decode()
    assert "危险化学品安全管理条例第四条" in page and 'data-action="answered"' in page
    photo = SimpleUploadedFile("整改后.jpg", b"\xff\xd8\xff jpeg", content_type="image/jpeg")
    manager.post(
        url,
        {"kind": "answered", "text": "已清理", "password": TEST_PASSWORD, "evidence": photo},
    )
    finding.refresh_from_db()
    assert finding.state == FindingState.ANSWERED
    evidence = finding.steps.get(kind=StepKind.ANSWERED).evidence.get()
    download = inspector.get(reverse("oversight:finding_evidence", args=[evidence.pk]))
    assert b"".join(download.streaming_content) == b"\xff\xd8\xff jpeg"
    # The enterprise cannot review its own answer: no form, and the step is refused.
    assert 'data-action="closed"' not in page
    response = manager.post(url, {"kind": "closed", "text": "好", "password": TEST_PASSWORD})
    assert "只有本次检查的检查人员可以复查销号。" in [
        str(m) for m in response.wsgi_request._messages
    ]
    inspector.post(url, {"kind": "closed", "text": "复查合格", "password": TEST_PASSWORD})
    finding.refresh_from_db()
    assert finding.state == FindingState.CLOSED


def test_overdue_findings_are_flagged_to_the_principal_and_the_jurisdiction(world, provision):
    inspection = started(world)
    finding = findings.add_finding(inspection, actor=world.inspector1.user, description="未整改项")
    issue(world, finding, provision, deadline=timezone.localdate())
    Finding.objects.filter(pk=finding.pk).update(
        deadline=timezone.localdate() - dt.timedelta(days=1)
    )
    principal = client_for(world.principal).get(reverse("oversight:enterprise_dashboard"))
    assert "逾期未整改 1 项" in principal.content.decode()
    jurisdiction = client_for(world.bystander).get(reverse("oversight:jurisdiction_dashboard"))
    assert "逾期未整改 1 项" in jurisdiction.content.decode()
    listing = client_for(world.bystander).get(reverse("oversight:findings") + "?show=overdue")
    assert "未整改项" in listing.content.decode()
    other = client_for(world.regulator_j2).get(reverse("oversight:jurisdiction_dashboard"))
    assert "逾期未整改" not in other.content.decode()


def test_the_suggestion_is_an_api_call(world, provision):
    inspection = started(world)
    finding = findings.add_finding(
        inspection, actor=world.inspector1.user, description="从业人员未接受教育和培训"
    )
    from content.search.vectors import use_embedder
    from tests.search.builders import FakeEmbedder

    with use_embedder(FakeEmbedder()):
        from content.search.indexing import reindex_all

        reindex_all()
        data = client_for(world.inspector1).get(
            reverse("oversight:finding_suggest", args=[finding.pk]) + "?q=教育和培训"
        )
        assert data.status_code == 200
        assert data.json()["suggestions"][0]["citation"] == "危险化学品安全管理条例第四条"
        # Without JavaScript the button reloads the page with the suggestions as choices.
        page = client_for(world.inspector1).get(
            reverse("oversight:finding", args=[finding.pk]) + "?suggest=1"
        )
    assert 'data-action="issued"' in page.content.decode()
    assert f'name="provision" value="{provision.pk}"' in page.content.decode()


def test_out_of_scope_is_a_404_on_every_findings_url(world, provision):
    inspection = started(world)
    finding = findings.add_finding(inspection, actor=world.inspector1.user, description="问题")
    issue(world, finding, provision)
    findings.take_step(
        finding,
        StepKind.ANSWERED,
        actor=world.manager.user,
        password=TEST_PASSWORD,
        text="整改",
        uploads=[findings.Upload("a.pdf", b"%PDF")],
    )
    evidence = finding.steps.get(kind=StepKind.ANSWERED).evidence.get()
    shared = [
        ("get", reverse("oversight:inspection_findings", args=[inspection.pk])),
        ("get", reverse("oversight:finding", args=[finding.pk])),
        ("post", reverse("oversight:finding_step", args=[finding.pk])),
        ("get", reverse("oversight:finding_evidence", args=[evidence.pk])),
    ]
    inspector_only = [
        ("post", reverse("oversight:findings_propose", args=[inspection.pk])),
        ("post", reverse("oversight:finding_add", args=[inspection.pk])),
        ("get", reverse("oversight:finding_suggest", args=[finding.pk])),
    ]
    from tests.factories import person

    manager_b = person("乙安全员", safety_manager=True, enterprise=world.tj.b)
    for outsider, urls in (
        (world.regulator_j2, shared + inspector_only),
        (manager_b, shared),
        (world.bystander, inspector_only[:2]),  # in scope, not on the inspection
    ):
        client = client_for(outsider)
        for method, url in urls:
            assert getattr(client, method)(url).status_code == 404, (outsider, url)
    listing = client_for(world.regulator_j2).get(reverse("oversight:findings"))
    assert "data-finding=" not in listing.content.decode()
    mine = client_for(world.bystander).get(reverse("oversight:findings"))
    assert f'data-finding="{finding.pk}"' in mine.content.decode()
