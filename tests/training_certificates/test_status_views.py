"""Status at the 90/60/30-day edges as the enterprise page and the person's page show it,
and which requirements are unmet (certificate_gaps / enterprise_summary)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from training.certificate_status import certificate_gaps, enterprise_summary
from training.rules.certificates import CertificateKind, GapState

from .conftest import certify, login, today

pytestmark = pytest.mark.django_db


def summary_cell(html: str, state: str) -> int:
    match = re.search(rf'<td data-state="{state}"><a [^>]*>(\d+)</a></td>', html)
    assert match, state
    return int(match.group(1))


@pytest.mark.parametrize(
    "days, label",
    [
        (91, "有效"),
        (90, "90天内到期"),
        (61, "90天内到期"),
        (60, "60天内到期"),
        (31, "60天内到期"),
        (30, "30天内到期"),
        (0, "30天内到期"),
        (-1, "已过期"),
    ],
)
def test_status_at_the_edges_through_the_pages(client, world, electrician, days, label):
    certify(electrician, world.safety_manager_a, days=days)
    page = login(client, world.safety_manager_a).get(
        reverse("training:enterprise_certificates", args=[world.a.pk])
    )
    html = page.content.decode()
    state = {v.label: v.value for v in GapState}[label]
    assert summary_cell(html, state) == 1
    # Two duties (the electrician's certificate, the missing 登高架设作业 one) and the
    # hazardous-chemicals unit's principal and safety manager, who hold no 考核合格证.
    assert summary_cell(html, "required") == 4
    assert summary_cell(html, "missing") == 3
    held = html.split('data-section="held"')[1]
    assert f"<td>{label}</td>" in held
    mine = login(client, electrician).get(reverse("training:my_certificates"), follow=True)
    assert f"<strong>{label}</strong>" in mine.content.decode()


def test_a_review_due_warns_before_the_expiry(client, world, electrician):
    certify(electrician, world.safety_manager_a, days=2000, review_days=45)
    gaps = certificate_gaps(world.a.staff.filter(pk=electrician.pk), today())
    assert [(g.category, g.state) for g in gaps] == [
        ("登高架设作业", GapState.MISSING),
        ("低压电工作业", GapState.WITHIN_60),
    ]


def test_gaps_name_the_people_and_the_summary_counts(world, electrician):
    manager = world.safety_manager_a
    certify(electrician, manager, days=10)
    certify(electrician, manager, number="T-2", days=-3, category_name="登高架设作业")
    # A hazardous-chemicals principal took office three months ago: 待取证 until six months.
    principal = world.principal_a
    principal.hire_date = today() - dt.timedelta(days=90)
    principal.save(update_fields=["hire_date"])
    # The safety manager has been in office for years without the 考核合格证: missing.
    manager.hire_date = dt.date(2020, 1, 1)
    manager.save(update_fields=["hire_date"])

    gaps = certificate_gaps(world.a.staff.all(), today())
    rows = [(g.person.display_name, g.kind, g.category, g.state) for g in gaps]
    assert rows == [
        ("甲安全员", CertificateKind.MANAGEMENT, "", GapState.MISSING),
        ("甲员工", CertificateKind.SPECIAL_OPERATION, "登高架设作业", GapState.EXPIRED),
        ("甲员工", CertificateKind.SPECIAL_OPERATION, "低压电工作业", GapState.WITHIN_30),
        ("甲负责人", CertificateKind.MANAGEMENT, "", GapState.PENDING),
    ]
    assert gaps[1].certificate.number == "T-2" and gaps[0].certificate is None
    summary = enterprise_summary(world.a, world.a.staff.all(), today())
    assert summary["required"] == 4 and summary["missing"] == 1 and summary["valid"] == 0
    # Enterprise B is none of A's business, and its people are counted on their own.
    assert enterprise_summary(world.b, world.a.staff.all(), today())["required"] == 0


def test_a_renewed_certificate_meets_the_requirement(world, electrician):
    manager = world.safety_manager_a
    certify(electrician, manager, number="OLD", days=-10)
    certify(electrician, manager, number="NEW", days=1500)
    gaps = certificate_gaps(world.a.staff.filter(pk=electrician.pk), today())
    assert [g.category for g in gaps] == ["登高架设作业"]


def test_the_manager_records_a_certificate_and_it_is_audited(client, world, electrician):
    from safetykb.models import AuditEvent, AuditKind
    from training.models.certificates import Certificate

    login(client, world.safety_manager_a)
    url = reverse("training:add_certificate", args=[electrician.pk])
    bad = client.post(url, {"kind": "special_operation", "number": "X1"})
    assert bad.status_code == 400 and "特种作业操作证须选择作业类别" in bad.content.decode()
    response = client.post(
        url,
        {
            "kind": "management",
            "number": "A-9",
            "issued_on": "2024-01-01",
            "expires_on": "2023-01-01",
        },
    )
    assert response.status_code == 400 and "有效期至不能早于发证日期" in response.content.decode()
    assert not Certificate.objects.exists()
    ok = client.post(url, {"kind": "management", "number": "A-9", "expires_on": "2030-01-01"})
    assert ok.status_code == 302
    event = AuditEvent.objects.get(kind=AuditKind.CERTIFICATE_RECORDED)
    assert event.staff == electrician and "A-9" in event.reason
    # The principal and the regulator read; they do not record.
    for reader in (world.principal_a, world.regulator_1):
        login(client, reader)
        assert client.post(url, {"kind": "management", "number": "B"}).status_code == 403
        page = client.get(reverse("training:person_certificates", args=[electrician.pk]))
        assert page.status_code == 200 and "登记证书" not in page.content.decode()
