"""The demo's filed inspection of 晋恒化工: sealed and signed with drawn images, its
findings (one overdue, one open, one closed) shown to the principal; a reload adds nothing."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from docx import Document

from accounts.demo import load_demo_people
from accounts.demo_specs import DEMO_PASSWORD
from oversight.findings import overdue, visible_findings
from oversight.models import Finding, FindingState, Inspection, InspectionState
from oversight.sealing import seal_matches
from safetykb.demo.inspection_record import load_demo_inspection_record
from safetykb.demo.inspections import load_demo_inspections

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_filed_record_with_findings_and_a_reload_adds_nothing():
    from safetykb.demo.pages import ensure_page_tree
    from tests.search.builders import make_regulation

    ensure_page_tree()
    make_regulation(
        "中华人民共和国安全生产法", [("第二十八条", "", "应当对从业人员进行安全生产教育和培训。")]
    )
    load_demo_people()
    load_demo_inspections()
    assert len(load_demo_inspection_record()) == 1
    filed = Inspection.objects.get(state=InspectionState.FILED)
    assert seal_matches(filed) is True
    states = sorted(Finding.objects.filter(inspection=filed).values_list("state", flat=True))
    assert states == [FindingState.CLOSED, FindingState.OPEN, FindingState.OPEN]
    principal = get_user_model().objects.get(username="principal")
    assert overdue(visible_findings(principal), timezone.localdate()).count() == 1
    client = Client()
    assert client.login(username="principal", password=DEMO_PASSWORD)
    assert (
        "逾期未整改 1 项" in client.get(reverse("oversight:enterprise_dashboard")).content.decode()
    )
    docx = client.get(reverse("oversight:inspection_docx", args=[filed.pk]))
    assert len(Document(io.BytesIO(docx.content)).inline_shapes) == 3
    second = get_user_model().objects.get(username="inspector_b")
    assert not second.has_usable_password()
    assert load_demo_inspection_record() == []
    assert Inspection.objects.count() == 2
