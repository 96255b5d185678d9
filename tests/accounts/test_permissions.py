"""`role_required`: which roles a page is for; others get the Chinese 403, anonymous users log in."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpResponse

from accounts.permissions import role_required
from accounts.vocab import Role

pytestmark = pytest.mark.django_db


@role_required(Role.REGULATOR)
def spot_test(request):
    return HttpResponse("抽考")


def request_as(rf, user):
    request = rf.get("/exams/")
    SessionMiddleware(lambda r: None).process_request(request)
    request.user = user
    return request


def test_anonymous_is_sent_to_login(rf):
    response = spot_test(request_as(rf, AnonymousUser()))
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/exams/"


def test_decorator_admits_listed_roles_only(rf, worker, regulator):
    assert spot_test(request_as(rf, regulator.user)).content.decode() == "抽考"
    refused = spot_test(request_as(rf, worker.user))
    assert refused.status_code == 403
    assert "监管人员" in refused.content.decode()  # the page names who may enter


def test_a_guard_without_roles_is_a_programming_error():
    with pytest.raises(ValueError):
        role_required()
