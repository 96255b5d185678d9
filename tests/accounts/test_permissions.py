"""`role_required` / `RoleRequiredMixin` for views in later apps (e.g. exams)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpResponse
from django.views import View

from accounts.permissions import RoleRequiredMixin, role_required
from accounts.vocab import Role

pytestmark = pytest.mark.django_db


class ExamsForStaff(RoleRequiredMixin, View):
    allowed_roles = (Role.WORKER, Role.SAFETY_MANAGER)

    def get(self, request):
        return HttpResponse("考试列表")


@role_required(Role.REGULATOR)
def spot_test(request):
    return HttpResponse("抽考")


def request_as(rf, user):
    request = rf.get("/exams/")
    SessionMiddleware(lambda r: None).process_request(request)
    request.user = user
    return request


@pytest.mark.parametrize("view", [ExamsForStaff.as_view(), spot_test])
def test_anonymous_is_sent_to_login(rf, view):
    response = view(request_as(rf, AnonymousUser()))
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/exams/"


def test_mixin_admits_listed_roles_only(rf, worker, regulator):
    view = ExamsForStaff.as_view()
    assert view(request_as(rf, worker.user)).content.decode() == "考试列表"
    refused = view(request_as(rf, regulator.user))
    assert refused.status_code == 403
    assert "员工、企业安全管理员" in refused.content.decode()


def test_decorator_admits_listed_roles_only(rf, worker, regulator):
    assert spot_test(request_as(rf, regulator.user)).content.decode() == "抽考"
    assert spot_test(request_as(rf, worker.user)).status_code == 403


def test_a_guard_without_roles_is_a_programming_error():
    with pytest.raises(ValueError):
        role_required()
