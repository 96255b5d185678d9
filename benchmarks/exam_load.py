"""Load test of exam taking: N examinees start, save 20 answers and submit, concurrently.

    .venv/bin/python benchmarks/exam_load.py [--users 500] [--concurrency 500]
        [--answers 20] [--think 0] [--workers 5] [--threads 1] [--keep-db]

Creates a separate database (`safetykb_bench`) on the embedded PostgreSQL, migrates it,
seeds one enterprise with a 60-question bank, a 20-question blueprint, an open routine
round and N workers with one assignment each (sessions written straight into the
session table, so no password hashing), then serves the site with gunicorn on loopback
(`benchmarks.bench_settings`: the dev settings with DEBUG off, plus `/bench/ping/`).

Phases, each with the same number of examinees in flight:
1. baseline: the trivial `/bench/ping/` view, 20 requests per examinee;
2. exams: per examinee POST start → GET the paper → 20 × POST an answer (JSON) →
   POST submit, with no pauses in between (`--think S`: S seconds on average before each
   answer, for a paced session instead of the worst case).

Prints p50/p95/p99 per step and the throughput, then checks the database: every answer
acknowledged must be stored as an AnswerStep row, and every attempt graded. The last
line sums it up:
    users=… answers_sent=… answers_stored=… lost=… save_p95_ms=… baseline_p95_ms=…
Target on 2 cores: answer-save p95 ≤ 100 ms, zero lost answers.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "site"
BENCH_DB = "safetykb_bench"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
PASSWORD_HASH_UNUSABLE = "!bench"  # nobody logs in with a password here
STEPS = ("baseline", "start", "paper", "save", "submit")

sys.path[:0] = [str(ROOT), str(SITE)]

from load_client import (  # noqa: E402 — benchmarks/ is the script's own folder
    Examinee,
    Server,
    Timings,
    baseline_client,
    examinee_client,
    run_phase,
)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


# --- database -------------------------------------------------------------------------


def prepare_database() -> str:
    """(Re)create the bench database on the embedded server; returns its DATABASE_URL."""
    from safetykb.database import start_embedded_server

    socket_dir = start_embedded_server(ROOT / "var" / "pgdata")
    import psycopg

    with psycopg.connect(
        host=socket_dir, user="postgres", dbname="postgres", autocommit=True
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{BENCH_DB}"')
    return f"postgres://postgres@/{BENCH_DB}?host={socket_dir}"


def drop_database(url: str) -> None:
    import psycopg

    socket_dir = url.split("host=", 1)[1]
    with psycopg.connect(
        host=socket_dir, user="postgres", dbname="postgres", autocommit=True
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.bench_settings"
    import django

    django.setup()


def seed(users: int, answers: int) -> list[Examinee]:
    """One enterprise, a bank, a blueprint of ``answers`` questions, an open round, N workers."""
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import Enterprise, Jurisdiction, StaffProfile
    from accounts.vocab import EnterpriseType, Level, Role
    from assessments.bank.services import save_question
    from assessments.models import (
        Assessment,
        AssessmentKind,
        Assignment,
        BlueprintRule,
        ExamBlueprint,
        Question,
        QuestionType,
    )

    call_command("migrate", verbosity=0, interactive=False)
    with transaction.atomic():
        jurisdiction = Jurisdiction.objects.create(name="压测区应急管理局", code="999999")
        enterprise = Enterprise.objects.create(
            name="压测化工有限公司",
            credit_code="91140404MA0000001X",
            enterprise_type=EnterpriseType.HAZCHEM_PRODUCTION,
            jurisdiction=jurisdiction,
        )
        for n in range(answers * 3):
            question = Question(
                jurisdiction=jurisdiction,
                type=QuestionType.SINGLE,
                stem=f"压测第{n + 1}题：下列做法正确的是？",
                options=[{"key": k, "text": f"选项{k}"} for k in "ABCD"],
                answer=["A"],
                explanation=f"解析{n + 1}",
            )
            save_question(question, user=None)  # with its first version
        blueprint = ExamBlueprint.objects.create(
            name="压测考试", jurisdiction=jurisdiction, time_limit_minutes=60
        )
        BlueprintRule.objects.create(blueprint=blueprint, count=answers, type=QuestionType.SINGLE)
        now = timezone.now()
        assessment = Assessment.objects.create(
            kind=AssessmentKind.ROUTINE,
            title="压测常态化考核",
            blueprint=blueprint,
            enterprise=enterprise,
            opens_at=now - timedelta(minutes=5),
            closes_at=now + timedelta(days=1),
            is_launched=True,
            launched_at=now,
        )
        User = get_user_model()
        accounts = User.objects.bulk_create(
            User(username=f"bench{i:05d}", first_name=f"压测{i}", password=PASSWORD_HASH_UNUSABLE)
            for i in range(users)
        )
        staff = StaffProfile.objects.bulk_create(
            StaffProfile(
                user=user,
                role=Role.WORKER,
                enterprise=enterprise,
                jurisdiction=jurisdiction,
                level=Level.OPERATOR,
                post="合成岗",
                employee_no=f"B{i:05d}",
            )
            for i, user in enumerate(accounts)
        )
        assignments = Assignment.objects.bulk_create(
            Assignment(assessment=assessment, staff=member) for member in staff
        )
    examinees = []
    for user, assignment in zip(accounts, assignments, strict=True):
        session = SessionStore()
        session["_auth_user_id"] = str(user.pk)
        session["_auth_user_backend"] = "accounts.backends.ProfileModelBackend"
        session["_auth_user_hash"] = user.get_session_auth_hash()
        session.create()
        examinees.append(Examinee(assignment.pk, session.session_key))
    return examinees


def check_database() -> tuple[int, int, int, int]:
    """(answer steps stored, slots with an answer, attempts graded, attempts in all)."""
    from assessments.models import AnswerStep, Attempt, AttemptSlot, AttemptState

    stored = AnswerStep.objects.count()
    answered_slots = AttemptSlot.objects.filter(steps__isnull=False).distinct().count()
    attempts = Attempt.objects.count()
    graded = Attempt.objects.filter(state=AttemptState.GRADED, score__isnull=False).count()
    return stored, answered_slots, graded, attempts


# --- server ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(url: str, port: int, workers: int, threads: int, log: Path):
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "benchmarks.bench_settings",
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(SITE)]),
    }
    command = [
        str(GUNICORN),
        "safetykb.wsgi",
        "--chdir",
        str(SITE),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--backlog",
        "4096",
        "--timeout",
        "120",
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(
        command, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True
    )
    return process


def wait_until_up(server: Server, process, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("gunicorn exited early; see its log")
        try:
            if asyncio.run(server.request("GET", "/bench/ping/")).status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit("gunicorn did not answer in time")


def stop_gunicorn(process) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


# --- report ---------------------------------------------------------------------------


def report(timings: Timings, durations: dict[str, float]) -> None:
    print(
        f"\n{'step':<10}{'requests':>10}{'errors':>8}{'p50 ms':>10}{'p95 ms':>10}"
        f"{'p99 ms':>10}{'max ms':>10}"
    )
    for step in STEPS:
        values = timings.by_step.get(step, [])
        if not values:
            continue
        row = [percentile(values, q) * 1000 for q in (50, 95, 99)] + [max(values) * 1000]
        print(
            f"{step:<10}{len(values):>10}{timings.errors.get(step, 0):>8}"
            + "".join(f"{v:>10.1f}" for v in row)
        )
    baseline_requests = len(timings.by_step.get("baseline", []))
    exam_requests = sum(len(timings.by_step.get(s, [])) for s in STEPS[1:])
    print(
        f"\nbaseline phase: {baseline_requests} requests in {durations['baseline']:.1f} s"
        f" = {baseline_requests / durations['baseline']:.0f} req/s"
    )
    print(
        f"exam phase:     {exam_requests} requests in {durations['exams']:.1f} s"
        f" = {exam_requests / durations['exams']:.0f} req/s"
        f" ({len(timings.by_step.get('save', [])) / durations['exams']:.0f} answer saves/s)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=500)
    parser.add_argument(
        "--concurrency",
        type=int,
        default=None,
        help="examinees in flight at once (default: all of them)",
    )
    parser.add_argument("--answers", type=int, default=20)
    parser.add_argument(
        "--think",
        type=float,
        default=0.0,
        help="mean seconds spent on each question before saving it (default 0: no pauses)",
    )
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 2) * 2 + 1)
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker")
    parser.add_argument("--keep-db", action="store_true", help=f"leave {BENCH_DB} behind")
    args = parser.parse_args()
    concurrency = args.concurrency or args.users
    if not GUNICORN.exists():
        raise SystemExit(f"{GUNICORN} not found: run `make install`")

    print(f"→ preparing {BENCH_DB} (migrate + seed {args.users} examinees)…", flush=True)
    url = prepare_database()
    process = None
    try:
        setup_django(url)
        started = time.perf_counter()
        examinees = seed(args.users, args.answers)
        print(f"  ready in {time.perf_counter() - started:.0f} s", flush=True)

        port = free_port()
        server = Server("127.0.0.1", port)
        log = ROOT / "var" / "exam_load_gunicorn.log"
        process = start_gunicorn(url, port, args.workers, args.threads, log)
        wait_until_up(server, process)
        print(
            f"→ gunicorn on 127.0.0.1:{port}: {args.workers} workers × {args.threads} threads; "
            f"{concurrency} simulated clients in flight (one asyncio loop) on "
            f"{os.cpu_count()} cores",
            flush=True,
        )

        timings = Timings()
        warm = Timings()  # one request per worker process and connection, not counted
        run_phase(
            args.workers * args.threads,
            [lambda: baseline_client(server, 5, warm)] * (args.workers * args.threads),
        )
        durations = {
            "baseline": run_phase(
                concurrency,
                [lambda: baseline_client(server, args.answers, timings)] * args.users,
            ),
            "exams": run_phase(
                concurrency,
                [
                    lambda e=examinee: examinee_client(server, e, args.answers, timings, args.think)
                    for examinee in examinees
                ],
            ),
        }
        report(timings, durations)

        from django.db import connection

        connection.close()
        stored, answered_slots, graded, attempts = check_database()
        lost = timings.answers_sent - stored
        print(
            f"\nstored answers: {stored} of {timings.answers_sent} acknowledged "
            f"({answered_slots} distinct questions answered); "
            f"attempts graded: {graded} of {attempts} (examinees: {args.users})"
        )
        print(
            "load average (1/5/15 min) at the end: "
            + " / ".join(f"{x:.1f}" for x in os.getloadavg())
            + " (other processes on the host share these cores)"
        )
        save_p95 = percentile(timings.by_step["save"], 95) * 1000
        baseline_p95 = percentile(timings.by_step["baseline"], 95) * 1000
        print(
            f"save p95 / baseline p95 = {save_p95 / baseline_p95:.1f}×; "
            f"target save p95 ≤ 100 ms: {'met' if save_p95 <= 100 else 'NOT met'}"
        )
        print(
            f"users={args.users} answers_sent={timings.answers_sent} answers_stored={stored} "
            f"lost={lost} save_p95_ms={save_p95:.1f} baseline_p95_ms={baseline_p95:.1f}"
        )
        ok = (
            lost == 0
            and answered_slots == timings.answers_sent
            and graded == attempts == args.users
            and not any(timings.errors.values())
        )
        return 0 if ok else 1
    finally:
        if process is not None:
            stop_gunicorn(process)
        if not args.keep_db:
            from django.db import connections

            connections.close_all()
            drop_database(url)


if __name__ == "__main__":
    sys.exit(main())
