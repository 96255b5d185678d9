"""What `make run` prints: the worker quiet but for warnings and failures, and the login
table only once the server answers (`wait_for_server`)."""

from __future__ import annotations

import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.dev_settings import dev_settings_env

ROOT = Path(__file__).resolve().parents[1]

WORKER_RUN = """
import sys
sys.path.insert(0, "site")
import django
django.setup()
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult
from content.search.tasks import resegment_chunks_task
ok = resegment_chunks_task.enqueue()
broken = resegment_chunks_task.enqueue("an argument it does not take")
try:
    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*")
finally:
    DBTaskResult.objects.filter(id__in=[ok.id, broken.id]).delete()
"""


def _worker_output(**env: str) -> str:
    """A db_worker under `make run`'s settings, on the (committed) test database."""
    result = subprocess.run(
        [sys.executable, "-c", WORKER_RUN],
        cwd=ROOT,
        env=dev_settings_env(**env),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout + result.stderr


@pytest.mark.django_db
def test_the_worker_under_make_run_prints_failures_only() -> None:
    quiet = _worker_output(SAFETYKB_TASK_LOG_LEVEL="WARNING")
    assert "state=SUCCESSFUL" not in quiet and "state=RUNNING" not in quiet
    assert "state=FAILED" in quiet and "TypeError" in quiet

    # Outside make run the worker still says what it does.
    assert "state=SUCCESSFUL" in _worker_output()


class _Answering(BaseHTTPRequestHandler):
    def do_GET(self):  # a 404 is an answer too
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_wait_for_server_returns_once_the_server_answers() -> None:
    server = HTTPServer(("127.0.0.1", 0), _Answering)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        call_command("wait_for_server", f"http://127.0.0.1:{server.server_port}/", timeout=10)
    finally:
        server.shutdown()


def test_wait_for_server_gives_up_in_chinese() -> None:
    server = HTTPServer(("127.0.0.1", 0), _Answering)
    port = server.server_port
    server.server_close()  # nothing listens there now
    with pytest.raises(CommandError, match="秒内没有响应"):
        call_command("wait_for_server", f"http://127.0.0.1:{port}/", timeout=1)
