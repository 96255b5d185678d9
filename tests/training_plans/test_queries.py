"""The plan page and the archive page read in a fixed number of queries, however long."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Page

from tests.training_plans.builders import PlanWorld, line
from training import plans

pytestmark = pytest.mark.django_db


def test_the_plan_page_queries_do_not_grow_with_its_lines(client, django_assert_num_queries):
    world = PlanWorld()
    page_ids = list(Page.objects.values_list("pk", flat=True)[:2])
    plan = world.draft(2025, line(month=1, page_ids=page_ids))
    client.force_login(world.manager.user)
    url = reverse("training:plan", args=[plan.pk])
    client.get(url)  # warm caches
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for month in range(2, 13):
        plans.add_line(plan, line(month=month, page_ids=page_ids), actor=world.manager.user)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    assert "12月" in response.content.decode()
