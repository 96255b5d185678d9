"""The jurisdiction's inspection view: pass rates (pure), the charts linking to their
lists, the enterprises not yet inspected, the .xlsx, and another jurisdiction's 404."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from assessments.exams.services.answering import submit_attempt
from oversight import spot_joining, spot_tests
from oversight.inspection_stats import PassRate, pass_rates
from tests.exams.builders import answer_all
from tests.factories import TEST_PASSWORD
from tests.oversight.world import build_world, spot_open


def test_pass_rates_leave_out_papers_not_handed_in():
    rates = pass_rates([("合成岗", True), ("合成岗", False), ("合成岗", None), ("储运岗", True)])
    assert rates == [PassRate("储运岗", 1, 1), PassRate("合成岗", 2, 1)]
    assert rates[1].percent == 50 and PassRate("x", 0, 0).percent is None


@pytest.fixture
def world(db):
    return build_world()


def client_for(profile) -> Client:
    client = Client()
    assert client.login(username=profile.user.username, password=TEST_PASSWORD)
    return client


@pytest.mark.django_db
def test_the_overview_charts_link_to_their_lists(world):
    passed, failed = world.workers[0], world.workers[4]  # 合成岗, 储运岗
    _, spot = spot_open(world, [passed, failed])
    good = spot_joining.join(passed.user, code=spot.join_code, last4="1001")
    answer_all(good, correct=True)
    submit_attempt(good)
    spot_tests.close_spot_test(spot, actor=world.inspector1.user)
    client = client_for(world.bystander)
    page = client.get(reverse("oversight:inspection_overview")).content.decode()
    assert page.count("<svg") == 4
    examinees = reverse("oversight:inspection_overview_list")
    assert f"{examinees}?what=examinees&amp;enterprise={world.a.pk}" in page
    assert f"{examinees}?what=examinees&amp;post=合成岗" in page
    uninspected = page.split('id="uninspected"')[1].split("</section>")[0]
    assert world.tj.b.name in uninspected and world.a.name not in uninspected
    listing = client.get(examinees + "?what=examinees&post=储运岗").content.decode()
    assert "甲员工5" in listing and "甲员工1" not in listing and "不合格（含缺考）" in listing
    export = client.get(reverse("oversight:inspection_overview") + "?format=xlsx")
    rows = list(openpyxl.load_workbook(io.BytesIO(export.content)).active.values)
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name[world.a.name][1:6] == (1, by_name[world.a.name][2], 2, 1, "50%")
    assert by_name[world.tj.b.name][1] == 0


@pytest.mark.django_db
def test_the_overview_is_the_regulators_own_jurisdiction(world):
    spot_open(world, [world.workers[0]])
    other = client_for(world.regulator_j2)
    page = other.get(reverse("oversight:inspection_overview")).content.decode()
    assert world.a.name not in page
    url = reverse("oversight:inspection_overview_list") + f"?what=examinees&enterprise={world.a.pk}"
    assert other.get(url).status_code == 404
    assert (
        client_for(world.manager).get(reverse("oversight:inspection_overview")).status_code == 403
    )
