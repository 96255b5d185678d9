"""/healthz and /readyz as a load balancer calls them: by the node's address, over HTTP."""

from __future__ import annotations

import pytest
from django.test import override_settings


@override_settings(SECURE_SSL_REDIRECT=True, ALLOWED_HOSTS=["kb.example.cn"])
def test_liveness_answers_any_host_without_the_database(client):
    # No django_db mark: any query here would fail the test.
    response = client.get("/healthz", HTTP_HOST="10.0.0.7:8000")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True, ALLOWED_HOSTS=["kb.example.cn"])
def test_readiness_checks_the_database(client):
    response = client.get("/readyz/", HTTP_HOST="10.0.0.7")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_other_paths_still_need_an_allowed_host(client):
    with override_settings(ALLOWED_HOSTS=["kb.example.cn"]):
        assert client.get("/healthz/extra", HTTP_HOST="10.0.0.7").status_code == 400
