"""Who sees what: every certificate view and export, out of scope, is a 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from .conftest import certify, login

pytestmark = pytest.mark.django_db


def enterprise_urls(pk):
    return [
        reverse("training:enterprise_certificates", args=[pk]),
        reverse("training:export_certificates", args=[pk]),
    ]


def person_urls(pk):
    return [reverse("training:person_certificates", args=[pk])]


def test_managers_and_regulators_see_only_their_scope(client, world):
    certify(world.worker_a, world.safety_manager_a, number="T-A")
    for user, seen, unseen in (
        (world.safety_manager_a, world.a, [world.b, world.c]),
        (world.principal_a, world.a, [world.b, world.c]),
        (world.regulator_1, world.a, [world.c]),
        (world.regulator_2, world.c, [world.a, world.b]),
    ):
        login(client, user)
        for url in enterprise_urls(seen.pk):
            assert client.get(url).status_code == 200, (user, url)
        for other in unseen:
            for url in enterprise_urls(other.pk):
                assert client.get(url).status_code == 404, (user, url)
    login(client, world.regulator_1)
    assert (
        client.get(reverse("training:enterprise_certificates", args=[world.b.pk])).status_code
        == 200
    )


def test_workers_see_their_own_certificates_only(client, world):
    login(client, world.worker_a)
    assert client.get(person_urls(world.worker_a.pk)[0]).status_code == 200
    for other in (world.colleague_a, world.worker_b, world.worker_c):
        assert client.get(person_urls(other.pk)[0]).status_code == 404
    for url in enterprise_urls(world.a.pk):
        assert client.get(url).status_code == 403  # not a page for workers at all
    assert client.get(reverse("training:notices")).status_code == 403


def test_people_of_other_enterprises_are_404_for_managers_and_writes(client, world):
    login(client, world.safety_manager_a)
    for other in (world.worker_b, world.worker_c):
        assert client.get(person_urls(other.pk)[0]).status_code == 404
        add = client.post(
            reverse("training:add_certificate", args=[other.pk]),
            {"kind": "registered_engineer", "number": "X"},
        )
        assert add.status_code == 404
        duties = client.post(reverse("training:set_duties", args=[other.pk]), {"categories": []})
        assert duties.status_code == 404
    login(client, world.regulator_2)
    assert client.get(person_urls(world.worker_a.pk)[0]).status_code == 404


def test_the_export_is_a_real_workbook_with_the_people(client, world):
    import io

    import openpyxl

    certify(world.worker_a, world.safety_manager_a, number="=HYPERLINK(1)")
    response = login(client, world.regulator_1).get(enterprise_urls(world.a.pk)[1])
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert [values[0][1], values[0][6]] == ["甲员工", "'=HYPERLINK(1)"]
    # Required but missing (the principal's and safety manager's 考核合格证) are listed.
    assert {"甲负责人", "甲安全员"} <= {row[1] for row in values if row[-1] == "缺证"}


def test_anonymous_users_log_in_first(client, world):
    for url in [*enterprise_urls(world.a.pk), *person_urls(world.worker_a.pk)]:
        assert client.get(url).status_code == 302
