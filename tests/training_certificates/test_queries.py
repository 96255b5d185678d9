"""The enterprise's 持证情况 page costs the same number of queries for 5 or 25 people."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import StaffProfileFactory
from training.certificates import set_operation_duties

from .conftest import category, certify, login

pytestmark = pytest.mark.django_db


def add_operators(world, count: int) -> None:
    manager = world.safety_manager_a
    for n in range(count):
        member = StaffProfileFactory(enterprise=world.a, level="special_operator")
        set_operation_duties(member, [category("低压电工作业")], actor=manager.user)
        certify(member, manager, number=f"Q-{member.pk}", days=20 + n)


def queries(client, world) -> int:
    url = reverse("training:enterprise_certificates", args=[world.a.pk])
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_page_does_not_query_per_person(client, world):
    login(client, world.safety_manager_a)
    add_operators(world, 5)
    few = queries(client, world)
    add_operators(world, 20)
    assert queries(client, world) == few
