"""The web tier scales out: two app servers on one database serve one examinee, who
loses nothing when one of them dies mid-paper; overdue papers close exactly once however
many task workers run; the probes a load balancer needs answer as documented.

Real processes (gunicorn as `gunicorn.conf.py` runs it) on loopback ports against this
session's test database (tests/dev_settings.py), with the test settings, so the sessions
the test writes are signed with the servers' key.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone

from assessments.exams.services.papers import start_attempt
from assessments.models import AnswerStep, Assignment, Attempt, AttemptState, QuestionType
from safetykb.models import AuditEvent, AuditKind
from tests.dev_settings import dev_settings_env
from tests.exams.builders import correct_response, make_assessment, make_bank, make_blueprint
from tests.factories import person, two_jurisdictions

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
CSRF = "c" * 32  # any 32-character secret serves as both cookie and header
QUESTIONS = 8


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class AppServer:
    """One gunicorn (one sync worker) on a free loopback port, in its own process group."""

    def __init__(self, **env: str) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [str(GUNICORN), "-c", "gunicorn.conf.py"],
            cwd=ROOT,
            env={
                **dev_settings_env(
                    BIND=f"127.0.0.1:{self.port}", WEB_CONCURRENCY="1", SAFETYKB_WARM_START="0"
                ),
                "DJANGO_SETTINGS_MODULE": "safetykb.settings.test",
                **env,
            },
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    def wait_until_up(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "gunicorn exited"
            try:
                if self.request("GET", "/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"no answer on port {self.port} in {timeout} s")

    def request(self, method: str, path: str, *, session: str = "", body: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Cookie": f"csrftoken={CSRF}; sessionid={session}", "X-CSRFToken": CSRF}
        payload = b""
        if body is not None:
            payload = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        try:
            connection.request(method, path, payload, headers)
            reply = connection.getresponse()
            return reply.status, reply.getheader("Location", ""), reply.read()
        finally:
            connection.close()

    def kill(self) -> None:
        """A node's crash: master and worker gone at once, nothing flushed."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)


@pytest.fixture
def servers() -> Iterator[list[AppServer]]:
    started = [AppServer(), AppServer()]
    try:
        for server in started:
            server.wait_until_up()
        yield started
    finally:
        for server in started:
            server.kill()


def session_for(user) -> str:
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "accounts.backends.ProfileModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def exam_world():
    places = two_jurisdictions()
    worker = person("考生", enterprise=places.a)
    make_bank(places.j1, {QuestionType.SINGLE: QUESTIONS + 4})
    blueprint = make_blueprint(places.j1, {QuestionType.SINGLE: QUESTIONS})
    exam = make_assessment(blueprint, places.a, staff=[worker])
    return worker, exam.assignments.get()


def test_an_examinee_finishes_on_the_other_server_when_one_dies(servers):
    a, b = servers
    worker, assignment = exam_world()
    session = session_for(worker.user)

    status, location, _ = a.request(
        "POST", f"/exams/assignments/{assignment.pk}/start/", session=session
    )
    assert status == 302 and "/exams/attempts/" in location
    attempt = Attempt.objects.get(assignment=assignment)
    paper = f"/exams/attempts/{attempt.pk}/"
    slots = list(attempt.slots.select_related("question_version").order_by("number"))

    def save(server: AppServer, slot) -> int:
        body = {"slot": slot.number, "response": correct_response(slot)}
        status, _, reply = server.request("POST", paper + "answers/", session=session, body=body)
        assert status != 200 or json.loads(reply)["ok"] is True
        return status

    # Answer by answer, alternating between the two servers (a balancer without stickiness).
    half = QUESTIONS // 2
    for index, slot in enumerate(slots[:half]):
        assert save((a, b)[index % 2], slot) == 200
    a.kill()
    with pytest.raises(OSError):  # the balancer's next try there fails…
        save(a, slots[half])
    for slot in slots[half:]:  # …and it sends the examinee to the survivor
        assert save(b, slot) == 200
    status, location, _ = b.request("POST", paper + "submit/", session=session)
    assert status == 302 and location.endswith("/result/")

    steps = AnswerStep.objects.filter(slot__attempt=attempt)
    assert steps.count() == QUESTIONS  # every answer stored, none twice
    assert sorted(steps.values_list("slot__number", flat=True)) == [s.number for s in slots]
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.GRADED and attempt.score == attempt.total_points


CLOSE_OVERDUE = """
import sys, time
sys.path.insert(0, "site")
import django
django.setup()
from assessments.exams.tasks import {task}
time.sleep(max(0.0, float(sys.argv[2]) - time.time()))  # both start the task together
print({task}.call(int(sys.argv[1])))
"""


def two_workers_run(task: str, argument: int) -> list[str]:
    """Two task worker processes run ``task(argument)`` at the same instant; their results."""
    at = str(time.time() + 6)  # after both processes have set Django up
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", CLOSE_OVERDUE.format(task=task), str(argument), at],
            cwd=ROOT,
            env=dev_settings_env(SAFETYKB_TASK_LOG_LEVEL="WARNING"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    results = [process.communicate(timeout=60) for process in workers]
    assert all(process.returncode == 0 for process in workers), results
    return [out.strip().splitlines()[-1] for out, _ in results]


def test_two_task_workers_close_an_overdue_paper_exactly_once():
    _, assignment = exam_world()
    attempt = start_attempt(assignment)
    Attempt.objects.filter(pk=attempt.pk).update(
        started_at=timezone.now() - timedelta(hours=1),
        deadline=timezone.now() - timedelta(seconds=5),
    )
    # Both report the paper closed; one of them closed it.
    assert two_workers_run("expire_attempt", attempt.pk) == ["True", "True"]
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.GRADED and attempt.auto_submitted
    closings = AuditEvent.objects.filter(kind=AuditKind.AUTO_SUBMITTED, data__attempt_id=attempt.pk)
    assert closings.count() == 1


def test_two_task_workers_close_a_deadline_batch_exactly_once():
    """The batch task (one per assessment and deadline batch, services.deadlines) run by
    two workers at once: every overdue paper closed, each by one of them."""
    worker, assignment = exam_world()
    others = [person(f"考生{i}", enterprise=worker.enterprise) for i in range(3)]
    exam = assignment.assessment
    attempts = [start_attempt(assignment)]
    # New staff join the open assessment on their own (enrolment after commit).
    attempts += [
        start_attempt(Assignment.objects.get_or_create(assessment=exam, staff=o)[0]) for o in others
    ]
    Attempt.objects.filter(pk__in=[a.pk for a in attempts]).update(
        started_at=timezone.now() - timedelta(hours=1),
        deadline=timezone.now() - timedelta(seconds=5),
    )
    closed = two_workers_run("close_overdue_attempts", exam.pk)
    assert sum(int(count) for count in closed) == len(attempts)
    states = Attempt.objects.filter(pk__in=[a.pk for a in attempts]).values_list("state", flat=True)
    assert set(states) == {AttemptState.GRADED}
    closings = AuditEvent.objects.filter(kind=AuditKind.AUTO_SUBMITTED).values_list(
        "data__attempt_id", flat=True
    )
    assert sorted(closings) == sorted(a.pk for a in attempts)


def test_probes_say_alive_and_whether_the_database_answers(tmp_path):
    cut_off = AppServer(DATABASE_URL=f"postgres://postgres@/nowhere?host={tmp_path}")
    try:
        cut_off.wait_until_up()
        assert cut_off.request("GET", "/healthz")[0] == 200
        assert cut_off.request("GET", "/readyz")[0] == 503
    finally:
        cut_off.kill()
