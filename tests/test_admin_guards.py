"""Wagtail admin screens that are not scoped by enterprise stay closed to enterprise users."""

import pytest

from accounts.demo import DEMO_PASSWORD, load_demo_people
from assessments.demo import ensure_bank_manager_group

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_people(db):
    load_demo_people()
    ensure_bank_manager_group()


@pytest.mark.parametrize(
    "url", ["/admin/reports/site-history/", "/admin/reports/site-history/results/"]
)
def test_site_history_is_for_bureau_editors_only(client, demo_people, url):
    client.login(username="safety_manager", password=DEMO_PASSWORD)
    assert client.get(url).status_code == 403
    client.login(username="editor", password=DEMO_PASSWORD)
    assert client.get(url).status_code == 200


def test_anonymous_users_are_sent_to_the_admin_login(client, demo_people):
    response = client.get("/admin/reports/site-history/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_bureau_editors_set_training_hours_and_enterprise_managers_cannot(client, demo_people):
    from decimal import Decimal

    from django.urls import reverse

    from accounts.demo import load_demo_people as reload_groups
    from accounts.vocab import EnterpriseType
    from training.models import TrainingHoursRule
    from training.services import required_hours

    reload_groups()  # the editor group picks up every registered snippet's permissions
    add_url = reverse("wagtailsnippets_training_traininghoursrule:add")
    client.login(username="safety_manager", password=DEMO_PASSWORD)
    assert client.get(add_url).status_code in (302, 403)

    client.login(username="editor", password=DEMO_PASSWORD)
    response = client.post(
        add_url,
        {
            "enterprise_type": EnterpriseType.PHARMACEUTICAL,
            "required_hours": "32",
            "basis": "局内规定",
        },
    )
    assert response.status_code == 302
    rule = TrainingHoursRule.objects.get()
    assert rule.required_hours == Decimal(32)

    class Pharma:
        enterprise_type = EnterpriseType.PHARMACEUTICAL

    assert required_hours(Pharma()) == 32
