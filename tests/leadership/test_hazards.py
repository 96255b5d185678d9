"""The hazard register: kept by the enterprise's safety manager, read by its managers and
the jurisdiction's regulators, 404 out of scope; the admin for editors."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from leadership import hazards
from leadership.models import Guarantor, KeyPlace, MajorHazardSource
from leadership.signed_steps import LeadershipError, NotAllowed
from tests.leadership.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def client_for(staff) -> Client:
    client = Client()
    client.force_login(staff.user)
    return client


def test_chemical_lines_parse_or_name_the_bad_line() -> None:
    assert hazards.parse_chemicals("液氨 120 t\n\n甲醇，35.5，m³") == [
        hazards.ChemicalLine("液氨", Decimal("120"), "t"),
        hazards.ChemicalLine("甲醇", Decimal("35.5"), "m³"),
    ]
    with pytest.raises(LeadershipError, match="第 2 行的数量“很多”不是数字"):
        hazards.parse_chemicals("液氨 120\n氯气 很多 t")
    with pytest.raises(LeadershipError, match="第 1 行应为“名称 数量 单位”"):
        hazards.parse_chemicals("液氨")


def test_the_safety_manager_keeps_a_source_with_its_three_guarantors(world) -> None:
    source = hazards.save_hazard_source(
        world.a,
        actor=world.manager.user,
        name="甲醇罐区",
        grade="4",
        location="厂区西侧",
        chemicals=hazards.parse_chemicals("甲醇 300 t"),
        guarantors={
            Guarantor.MAIN: world.principal,
            Guarantor.TECHNICAL: world.contact,
            Guarantor.OPERATIONAL: world.contact,  # one person may hold several
        },
    )
    assert [str(c) for c in source.chemicals.all()] == ["甲醇 300 t"]
    assert source.guarantors.filter(staff=world.contact).count() == 2
    with pytest.raises(NotAllowed):
        hazards.save_hazard_source(
            world.a,
            actor=world.principal.user,
            name="x",
            grade="4",
            location="x",
            chemicals=[],
            guarantors={},
        )
    with pytest.raises(LeadershipError, match="不是本企业的在职人员"):
        hazards.save_key_place(
            world.a,
            actor=world.manager.user,
            kind="key_area",
            name="装车台",
            location="",
            contact=world.other_principal,
        )
    with pytest.raises(LeadershipError, match="已有名为“液氨罐区”"):
        hazards.save_hazard_source(
            world.a,
            actor=world.manager.user,
            name="液氨罐区",
            grade="3",
            location="x",
            chemicals=[],
            guarantors={},
        )


def test_the_register_form_saves_and_names_errors(world) -> None:
    manager = client_for(world.manager)
    url = reverse("leadership:source_new", args=[world.a.pk])
    data = {
        "name": "氯气库",
        "grade": "2",
        "location": "北区",
        "chemicals": "氯气 50 t",
        "guarantor_main": world.principal.pk,
        "guarantor_technical": world.deputy.pk,
        "guarantor_operational": world.contact.pk,
    }
    bad = manager.post(url, {**data, "chemicals": "氯气 五十 t"})
    assert bad.status_code == 400 and "第 1 行的数量“五十”不是数字" in bad.content.decode()
    assert manager.post(url, data).status_code == 302
    source = MajorHazardSource.objects.get(name="氯气库")
    assert source.guarantors.get(duty=Guarantor.TECHNICAL).staff == world.deputy
    # Another enterprise's person is not offered and not accepted.
    other = manager.post(
        url, {**data, "name": "另一个", "guarantor_main": world.other_principal.pk}
    )
    assert other.status_code == 400
    place = manager.post(
        reverse("leadership:place_new", args=[world.a.pk]),
        {"kind": "key_area", "name": "装卸车台", "location": "", "contact": world.deputy.pk},
    )
    assert (
        place.status_code == 302 and KeyPlace.objects.get(name="装卸车台").contact == world.deputy
    )


def test_the_overview_shows_register_and_leaders_to_managers_and_regulator(world) -> None:
    url = reverse("leadership:enterprise", args=[world.a.pk])
    for viewer in (world.principal, world.manager, world.regulator):
        page = client_for(viewer).get(url).content.decode()
        assert "液氨罐区" in page and "液氨 120 t" in page and "合成反应装置" in page, viewer
        assert "技术负责人 钱副总" in page
        assert f'data-leader="{world.deputy.pk}"' in page
    # Only the safety manager may edit.
    assert "登记重大危险源" in client_for(world.manager).get(url).content.decode()
    assert "登记重大危险源" not in client_for(world.principal).get(url).content.decode()
    assert (
        client_for(world.principal)
        .get(reverse("leadership:source_new", args=[world.a.pk]))
        .status_code
        == 403
    )


def test_register_views_are_404_out_of_scope(world) -> None:
    urls = [
        reverse("leadership:enterprise", args=[world.a.pk]),
        reverse("leadership:source_edit", args=[world.a.pk, world.source.pk]),
        reverse("leadership:place_edit", args=[world.a.pk, world.place.pk]),
        reverse("leadership:process_new", args=[world.a.pk]),
        reverse("leadership:source_new", args=[world.a.pk]),
    ]
    other_manager = build_other_manager(world)
    for url in urls:
        assert client_for(other_manager).get(url).status_code == 404, url
    assert client_for(world.far_regulator).get(urls[0]).status_code == 404
    assert client_for(world.other_principal).get(urls[0]).status_code == 404
    # A source of another enterprise under this enterprise's address is a 404 too.
    from tests.factories import person

    b_manager = person("乙安全", enterprise=world.b, safety_manager=True)
    assert (
        client_for(b_manager)
        .get(reverse("leadership:source_edit", args=[world.b.pk, world.source.pk]))
        .status_code
        == 404
    )


def build_other_manager(world):
    from tests.factories import person

    return person("乙管理员", enterprise=world.b, safety_manager=True)


def test_the_admin_lists_the_register_for_editors_only(world) -> None:
    from tests.factories import person

    editor = person("编辑", editor=True)
    editor.user.is_superuser = True
    editor.user.save()
    client = client_for(editor)
    listing = client.get("/admin/snippets/leadership/majorhazardsource/")
    assert listing.status_code == 200 and "液氨罐区" in listing.content.decode()
    template = client.get("/admin/snippets/leadership/commitmenttemplate/")
    assert template.status_code == 200
