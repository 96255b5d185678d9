"""The pages: what each role sees, the enterprise kept in the dark until the start, and
out of scope answered with a 404 on every view, code and QR URL."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.exams.services.answering import submit_attempt
from oversight import spot_joining
from oversight.models import Inspection, InspectionState
from safetykb.models import AuditEvent
from tests.exams.builders import answer_all
from tests.factories import TEST_PASSWORD, person
from tests.oversight.world import build_world, open_for, spot_open

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def client_for(profile) -> Client:
    client = Client()
    assert client.login(username=profile.user.username, password=TEST_PASSWORD)
    return client


def edit_urls(inspection: Inspection, examinee_id: int = 1) -> list[tuple[str, str]]:
    """Every inspector-only URL with its method."""
    pk = inspection.pk
    return [
        ("post", reverse("oversight:inspection_move", args=[pk])),
        ("post", reverse("oversight:inspection_check", args=[pk, "certificates"])),
        ("post", reverse("oversight:inspection_correct", args=[pk])),
        ("get", reverse("oversight:spot_console", args=[pk])),
        ("post", reverse("oversight:spot_sample", args=[pk])),
        ("post", reverse("oversight:spot_named", args=[pk])),
        ("post", reverse("oversight:spot_open", args=[pk])),
        ("post", reverse("oversight:spot_close", args=[pk])),
        ("get", reverse("oversight:spot_live", args=[pk])),
        ("post", reverse("oversight:spot_verify", args=[pk, examinee_id])),
    ]


def test_a_regulator_opens_an_inspection_through_the_form(world):
    client = client_for(world.inspector1)
    response = client.post(
        reverse("oversight:inspection_new"),
        {
            "enterprise": world.a.pk,
            "date": timezone.localdate().isoformat(),
            "place": "储运车间",
            "inspectors": [world.inspector1.pk, world.inspector2.pk],
            "representative_name": "甲负责人",
            "representative_post": "总经理",
        },
    )
    inspection = Inspection.objects.get()
    assert response.status_code == 302
    page = client.get(reverse("oversight:inspection", args=[inspection.pk])).content.decode()
    assert "14040001" in page and "储运车间" in page and "开始现场检查" in page


def test_one_inspector_only_is_refused_with_a_message(world):
    response = client_for(world.inspector1).post(
        reverse("oversight:inspection_new"),
        {
            "enterprise": world.a.pk,
            "date": timezone.localdate().isoformat(),
            "place": "车间",
            "inspectors": [world.inspector1.pk],
            "representative_name": "甲",
            "representative_post": "总经理",
        },
    )
    assert response.status_code == 400 and "至少 2 名检查人员" in response.content.decode()


def test_the_enterprise_sees_nothing_before_the_start(world):
    inspection = open_for(world)
    detail = reverse("oversight:inspection", args=[inspection.pk])
    for profile in (world.principal, world.manager):
        client = client_for(profile)
        listing = client.get(reverse("oversight:inspections")).content.decode()
        assert inspection.place not in listing and "暂无执法检查记录" in listing
        assert client.get(detail).status_code == 404
    # The audit log names no enterprise, so the enterprise's timelines stay silent.
    assert not AuditEvent.objects.filter(enterprise=world.a).exists()
    client_for(world.inspector1).post(
        reverse("oversight:inspection_move", args=[inspection.pk]), {"to": InspectionState.ON_SITE}
    )
    for profile in (world.principal, world.manager):
        client = client_for(profile)
        assert client.get(detail).status_code == 200
        assert inspection.place in client.get(reverse("oversight:inspections")).content.decode()


def test_out_of_scope_is_a_404_on_every_view(world):
    inspection, spot = spot_open(world, [world.workers[0]])
    examinee = spot.examinees.get()
    detail = reverse("oversight:inspection", args=[inspection.pk])
    # Another jurisdiction's regulator sees nothing; nor does another enterprise's manager
    # (the inspectors' URLs are not for their role at all: 403 with the roles that may).
    manager_b = person("乙安全员", safety_manager=True, enterprise=world.tj.b)
    outsider = client_for(world.regulator_j2)
    assert outsider.get(detail).status_code == 404
    for method, url in edit_urls(inspection, examinee.pk):
        assert getattr(outsider, method)(url).status_code == 404, url
    other = client_for(manager_b)
    assert other.get(detail).status_code == 404
    for method, url in edit_urls(inspection, examinee.pk):
        assert getattr(other, method)(url).status_code in (403, 404), url
    # A regulator of the jurisdiction sees the record but edits nothing: not an inspector.
    bystander = client_for(world.bystander)
    assert bystander.get(detail).status_code == 200
    for method, url in edit_urls(inspection, examinee.pk):
        assert getattr(bystander, method)(url).status_code == 404, url
    # The enterprise's own managers read the record, never the code or the console.
    manager = client_for(world.manager)
    assert manager.get(detail).status_code == 200
    for method, url in edit_urls(inspection, examinee.pk):
        assert getattr(manager, method)(url).status_code in (403, 404), url
    # Workers have no inspection pages at all.
    worker = client_for(world.workers[1])
    assert worker.get(detail).status_code in (403, 404)
    assert spot.join_code not in worker.get(reverse("oversight:spot_join")).content.decode()


def test_a_qr_of_another_enterprise_or_a_forged_one_is_a_404(world):
    _, spot = spot_open(world, [world.workers[0]])
    qr = reverse("oversight:spot_join_qr", args=[spot_joining.qr_token(spot)])
    assert client_for(world.worker_b).get(qr).status_code == 404
    assert client_for(world.workers[0]).get(qr).status_code == 200
    forged = reverse("oversight:spot_join_qr", args=[f"{spot.pk}:{spot.join_code}:abc:def"])
    assert client_for(world.workers[0]).get(forged).status_code == 404


def test_a_worker_joins_by_qr_and_the_live_list_shows_the_score(world):
    worker = world.workers[0]
    inspection, spot = spot_open(world, [worker])
    inspector = client_for(world.inspector1)
    console = inspector.get(
        reverse("oversight:spot_console", args=[inspection.pk])
    ).content.decode()
    assert spot.join_code in console and "<svg" in console
    phone = client_for(worker)
    qr = reverse("oversight:spot_join_qr", args=[spot_joining.qr_token(spot)])
    wrong = phone.post(qr, {"last4": "0000"})
    assert wrong.status_code == 400 and "与档案不符，已记录" in wrong.content.decode()
    response = phone.post(qr, {"last4": "1001"})
    assert response.status_code == 302 and "/exams/attempts/" in response["Location"]
    live = inspector.get(reverse("oversight:spot_live", args=[inspection.pk])).json()
    assert live["window"] == "进行中"
    assert live["rows"][0]["status"] == "作答中" and live["rows"][0]["id_mismatches"] == 1
    attempt = spot.examinees.get().assignment.attempts.get()
    answer_all(attempt, correct=True)
    submit_attempt(attempt)
    row = inspector.get(reverse("oversight:spot_live", args=[inspection.pk])).json()["rows"][0]
    assert (row["status"], row["score"], row["passed"]) == ("合格", "100", True)


def test_a_typed_code_out_of_its_window_gets_a_clear_message(world):
    worker = world.workers[0]
    inspection, spot = spot_open(world, [worker])
    client_for(world.inspector1).post(reverse("oversight:spot_close", args=[inspection.pk]))
    response = client_for(worker).post(
        reverse("oversight:spot_join"), {"code": spot.join_code, "last4": "1001"}
    )
    assert response.status_code == 400 and "抽考码已失效" in response.content.decode()
