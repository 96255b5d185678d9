"""What a user sees when something goes wrong: Chinese pages in the site's frame, never
Django's English technical pages; static files served with DEBUG off (WhiteNoise)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, RequestFactory
from django.views.defaults import server_error

from tests.dev_settings import dev_settings_env

ROOT = Path(__file__).resolve().parents[1]
ENGLISH = ("Not Found", "Page not found", "Server Error", "Bad Request", "Forbidden", "Traceback")

pytestmark = pytest.mark.django_db


def _assert_chinese_page(response, status: int, heading: str) -> str:
    assert response.status_code == status
    html = response.content.decode()
    assert f"<h1>{heading}</h1>" in html
    assert not [word for word in ENGLISH if word in html], html
    return html


def test_an_unknown_url_shows_the_chinese_404_in_the_site_frame(client) -> None:
    html = _assert_chinese_page(client.get("/no-such-page/"), 404, "页面不存在")
    assert 'class="site-header"' in html and "/static/css/site.css" in html


def test_a_failing_view_shows_the_chinese_500(client, monkeypatch) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("content.search.views.search", broken)
    client.raise_request_exception = False
    _assert_chinese_page(client.get("/search/", {"q": "动火作业"}), 500, "服务器出错了")


def test_the_500_page_needs_no_database(django_assert_num_queries) -> None:
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = server_error(request)
    _assert_chinese_page(response, 500, "服务器出错了")


def test_a_bad_host_gets_the_chinese_400(client) -> None:
    _assert_chinese_page(client.get("/", headers={"host": "evil.example"}), 400, "请求无效")


def test_an_expired_form_gets_the_chinese_csrf_page() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    _assert_chinese_page(response, 403, "页面已过期")


def test_static_css_is_served_with_debug_off(client) -> None:
    response = client.get("/static/css/site.css")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    assert b".site-header" in b"".join(response.streaming_content)


DEV_SERVER_VIEW = """
import json, os, sys
sys.path.insert(0, "site")
import django
django.setup()
from django.conf import settings
from django.test import Client
client = Client(headers={"host": "127.0.0.1"})
media = client.get("/media/hello.txt")
print(json.dumps({
    "debug": settings.DEBUG,
    "css": client.get("/static/css/site.css").status_code,
    "missing": [client.get("/no-such-page/").status_code,
                client.get("/no-such-page/").content.decode()],
    "media": [media.status_code, b"".join(media.streaming_content).decode()],
}))
"""


def _dev_settings_view(tmp_path: Path, **env: str) -> dict:
    """What `make run`'s settings serve, seen through Django's test client in a subprocess
    (the committed test database stands in for the demo's)."""
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "hello.txt").write_text("上传的文件", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", DEV_SERVER_VIEW],
        cwd=ROOT,
        env=dev_settings_env(SAFETYKB_VAR_DIR=str(tmp_path), **env),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_make_run_settings_show_what_a_user_sees(tmp_path) -> None:
    seen = _dev_settings_view(tmp_path)
    assert seen["debug"] is False
    assert seen["css"] == 200
    status, html = seen["missing"]
    assert status == 404 and "<h1>页面不存在</h1>" in html and "Page not found" not in html
    assert seen["media"] == [200, "上传的文件"]


def test_a_developer_asks_for_debug(tmp_path) -> None:
    assert _dev_settings_view(tmp_path, DEBUG="1")["debug"] is True
