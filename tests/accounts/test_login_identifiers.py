"""People log in with their username, 工号 or phone; an ambiguous one never guesses."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import TEST_PASSWORD, EnterpriseFactory, person

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")


@pytest.fixture
def zhang(enterprise):
    return person("zhangsan", enterprise=enterprise, employee_no="A0001", phone="13800000001")


def logged_in_as(client):
    return client.get(reverse("oversight:my_home")).context["profile"]


@pytest.mark.parametrize("name", ["zhangsan", "A0001", "13800000001"])
def test_username_employee_no_or_phone_logs_in(client, zhang, name):
    response = client.post(LOGIN, {"username": name, "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert logged_in_as(client) == zhang


def test_the_login_page_says_which_names_work(client):
    assert "用户名 / 工号 / 手机号" in client.get(LOGIN).content.decode()


def test_an_employee_no_used_in_two_enterprises_asks_for_the_username(client, zhang):
    person("lisi", enterprise=EnterpriseFactory(), employee_no="A0001")
    response = client.post(LOGIN, {"username": "A0001", "password": TEST_PASSWORD})
    assert response.status_code == 200
    assert "该工号或手机号对应多个账号，请改用用户名登录" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_shared_phone_never_logs_into_either_account(client, zhang):
    person("wangwu", enterprise=EnterpriseFactory(), phone="13800000001")
    response = client.post(LOGIN, {"username": "13800000001", "password": TEST_PASSWORD})
    assert "请改用用户名登录" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_left_person_s_employee_no_no_longer_logs_in(client, enterprise):
    person("zhaoliu", enterprise=enterprise, employee_no="B7", left=True)
    person("sunqi", enterprise=enterprise, employee_no="B8")
    response = client.post(LOGIN, {"username": "B7", "password": TEST_PASSWORD})
    assert "账号或密码不正确" in response.content.decode()
    assert client.post(LOGIN, {"username": "B8", "password": TEST_PASSWORD}).status_code == 302
