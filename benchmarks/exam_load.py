"""Load test of exam taking: N examinees arrive, start, answer and submit, as in a sitting.

    .venv/bin/python benchmarks/exam_load.py [--users 1000] [--ramp 10] [--think 10]
        [--answers 20] [--capacity] [--workers 5] [--threads 1] [--keep-db]

Creates a separate database (`safetykb_bench`) on the embedded PostgreSQL, migrates it,
seeds one enterprise with a 60-question bank, a 20-question blueprint, an open routine
round and N workers with one assignment each (sessions written straight into the
session table, so no password hashing), then serves the site with gunicorn on loopback
(`benchmarks.bench_settings`: the dev settings with DEBUG off, plus `/bench/ping/`).

Phases:
1. baseline: the trivial `/bench/ping/` view, 20 requests per examinee (at most 1,000
   in flight), no pauses;
2. exams: examinees arrive uniformly over `--ramp` seconds (0: all at once) and each
   POSTs start → GETs the paper → `--answers` × POSTs an answer (JSON), `--think`
   seconds on average before each (each pause 0.5–1.5 × that) → POSTs submit;
3. CPU cost: on the then idle server, a few extra examinees start, save and submit one
   request at a time, and the gunicorn workers' own CPU time (/proc/<pid>/stat
   utime+stime) before and after each kind of request gives CPU-ms per request, next to
   the trivial view's.

When the round's papers can be drawn ahead (the task worker's job when a round opens),
the script runs that job after seeding, as the worker would, and says how long it took.

Prints p50/p95/p99 per step and the throughput, then checks the database: every answer
acknowledged must be stored as an AnswerStep row, and every attempt graded.
`--capacity` repeats the exam phase with 500, 1,000, 2,000, 3,000, 4,000 … examinees
until a step misses a target, a table per step, then the last step that met them all.
Targets (2 cores, client on the same machine): start p95 ≤ 1 s, answer-save p95 ≤ 100 ms,
submit p95 ≤ 1 s, zero lost answers, every attempt graded. The last line sums it up:
    users=… answers_sent=… answers_stored=… lost=… save_p95_ms=… baseline_p95_ms=…
    start_p95_ms=… capacity=…
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "site"
BENCH_DB = "safetykb_bench"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
PASSWORD_HASH_UNUSABLE = "!bench"  # nobody logs in with a password here
STEPS = ("baseline", "start", "paper", "save", "submit")
CAPACITY_STEPS = (500, 1000, 2000, 3000, 4000, 5000)  # then +1,000 until a step misses
CALIBRATION_EXAMINEES = 20  # extra examinees per step whose requests are timed for CPU
TARGET_START_S = 1.0
TARGET_SAVE_S = 0.1
TARGET_SUBMIT_S = 1.0

sys.path[:0] = [str(ROOT), str(SITE)]

from load_client import (  # noqa: E402 — benchmarks/ is the script's own folder
    OPTION_INPUT,
    Examinee,
    Server,
    Timings,
    baseline_client,
    examinee_client,
    run_phase,
    timed,
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


def seed_bank(answers: int):
    """Migrate; one enterprise, a bank of 3 × ``answers`` questions, a blueprint drawing
    ``answers`` of them. Returns (enterprise, blueprint)."""
    from django.core.management import call_command
    from django.db import transaction

    from accounts.models import Enterprise, Jurisdiction
    from accounts.vocab import EnterpriseType
    from assessments.bank.services import save_question
    from assessments.models import BlueprintRule, ExamBlueprint, Question, QuestionType

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
    return enterprise, blueprint


def seed_round(enterprise, blueprint, users: int, tag: str) -> tuple[int, list[Examinee]]:
    """An open routine round with ``users`` new workers, one assignment and one session
    each (written straight into the session table: no password hashing, no login).
    Returns (the assessment's id, the examinees)."""
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.db import transaction
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from accounts.models import StaffProfile
    from accounts.vocab import Level, Role
    from assessments.models import Assessment, AssessmentKind, Assignment

    now = timezone.now()
    with transaction.atomic():
        assessment = Assessment.objects.create(
            kind=AssessmentKind.ROUTINE,
            title=f"压测常态化考核 {tag}",
            blueprint=blueprint,
            enterprise=enterprise,
            opens_at=now - timedelta(minutes=5),
            closes_at=now + timedelta(days=1),
            is_launched=True,
            launched_at=now,
        )
        User = get_user_model()
        accounts = User.objects.bulk_create(
            User(
                username=f"bench{tag}_{i:05d}",
                first_name=f"压测{i}",
                password=PASSWORD_HASH_UNUSABLE,
            )
            for i in range(users)
        )
        staff = StaffProfile.objects.bulk_create(
            StaffProfile(
                user=user,
                role=Role.WORKER,
                enterprise=enterprise,
                jurisdiction=enterprise.jurisdiction,
                level=Level.OPERATOR,
                post="合成岗",
                employee_no=f"B{tag}{i:05d}",
            )
            for i, user in enumerate(accounts)
        )
        assignments = Assignment.objects.bulk_create(
            Assignment(assessment=assessment, staff=member) for member in staff
        )
        store = SessionStore()
        expires = now + timedelta(days=1)
        sessions = []
        for user in accounts:
            data = {
                "_auth_user_id": str(user.pk),
                "_auth_user_backend": "accounts.backends.ProfileModelBackend",
                "_auth_user_hash": user.get_session_auth_hash(),
            }
            sessions.append(
                Session(
                    session_key=get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789"),
                    session_data=store.encode(data),
                    expire_date=expires,
                )
            )
        Session.objects.bulk_create(sessions)
    examinees = [
        Examinee(assignment.pk, session.session_key)
        for assignment, session in zip(assignments, sessions, strict=True)
    ]
    return assessment.pk, examinees


def papers_preparer():
    """The task worker's job of drawing a round's papers ahead, where the code has one."""
    try:
        from assessments.exams.services.prepared_papers import prepare_papers
    except ImportError:
        return None
    return prepare_papers


def check_database(assessment_id: int) -> tuple[int, int, int, int]:
    """(answer steps stored, slots with an answer, attempts graded, attempts in all) of
    one round."""
    from assessments.models import AnswerStep, Attempt, AttemptSlot, AttemptState

    attempts = Attempt.objects.filter(assignment__assessment_id=assessment_id)
    stored = AnswerStep.objects.filter(slot__attempt__in=attempts).count()
    answered_slots = (
        AttemptSlot.objects.filter(attempt__in=attempts, steps__isnull=False).distinct().count()
    )
    graded = attempts.filter(state=AttemptState.GRADED, score__isnull=False).count()
    return stored, answered_slots, graded, attempts.count()


# --- CPU cost -------------------------------------------------------------------------


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def workers_cpu_ticks(master_pid: int) -> dict[int, int]:
    """User + system CPU time, in clock ticks, of each of the gunicorn master's worker
    processes (its children), by pid."""
    ticks: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            raw = stat.read_text()
        except OSError:  # gone meanwhile
            continue
        fields = raw.rsplit(")", 1)[1].split()  # after "pid (comm)": state, ppid, …
        if int(fields[1]) == master_pid:
            ticks[int(stat.parent.name)] = int(fields[11]) + int(fields[12])  # utime, stime
    return ticks


def cpu_seconds_between(before: dict[int, int], after: dict[int, int]) -> float:
    """CPU spent by the workers between two readings. A worker recycled in between
    (gunicorn's max_requests) took its time with it: workers started since count from
    zero, and the time of one that exited is not counted (a slight underestimate, never
    the negative figure a plain difference of sums gives)."""
    return sum(ticks - before.get(pid, 0) for pid, ticks in after.items()) / CLOCK_TICKS


def measure_cpu(
    server: Server, master_pid: int, examinees: list[Examinee], answers: int
) -> dict[str, float]:
    """CPU-ms per request of each kind, one request at a time on an idle server."""
    timings = Timings()
    costs: dict[str, float] = {}

    def cost(step: str, jobs) -> None:
        before = workers_cpu_ticks(master_pid)
        count = 0

        async def run_all() -> None:
            nonlocal count
            for job in jobs:
                await job()
                count += 1

        asyncio.run(run_all())
        spent = cpu_seconds_between(before, workers_cpu_ticks(master_pid))
        costs[step] = spent * 1000 / max(count, 1)

    cost(
        "baseline",
        [lambda: server.request("GET", "/bench/ping/")] * (len(examinees) * answers),
    )
    papers: dict[int, str] = {}

    async def start(examinee: Examinee) -> None:
        reply = await timed(
            timings,
            "start",
            lambda: server.request(
                "POST",
                f"/exams/assignments/{examinee.assignment_id}/start/",
                session_key=examinee.session_key,
            ),
            ok=lambda r: r.status == 302,
        )
        if reply is not None:
            papers[examinee.assignment_id] = urlsplit(reply.headers["location"]).path

    cost("start", [lambda e=e: start(e) for e in examinees])
    bodies: dict[int, str] = {}

    async def paper(examinee: Examinee) -> None:
        reply = await server.request(
            "GET", papers[examinee.assignment_id], session_key=examinee.session_key
        )
        bodies[examinee.assignment_id] = reply.body.decode("utf-8")

    ready = [e for e in examinees if e.assignment_id in papers]
    cost("paper", [lambda e=e: paper(e) for e in ready])

    async def save(examinee: Examinee, number: int, option: str) -> None:
        body = json.dumps({"slot": number, "response": [option]}).encode()
        reply = await timed(
            timings,
            "save",
            lambda: server.request(
                "POST",
                papers[examinee.assignment_id] + "answers/",
                session_key=examinee.session_key,
                body=body,
                content_type="application/json",
            ),
            ok=lambda r: r.status == 200,
        )
        if reply is not None:
            timings.answers_sent += 1

    saves = []
    for examinee in ready:
        choices: dict[int, str] = {}
        for number, option in OPTION_INPUT.findall(bodies.get(examinee.assignment_id, "")):
            choices.setdefault(int(number), option)
        saves += [
            lambda e=examinee, n=n, o=choices[n]: save(e, n, o) for n in sorted(choices)[:answers]
        ]
    cost("save", saves)

    async def submit(examinee: Examinee) -> None:
        await server.request(
            "POST", papers[examinee.assignment_id] + "submit/", session_key=examinee.session_key
        )

    cost("submit", [lambda e=e: submit(e) for e in ready])
    costs["answers_sent"] = timings.answers_sent
    costs["errors"] = sum(timings.errors.values())
    return costs


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
        # Exam pages never search: no embedding model loading in every worker meanwhile.
        "SAFETYKB_WARM_START": "0",
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


def step_table(timings: Timings) -> None:
    print(
        f"{'step':<10}{'requests':>10}{'errors':>8}{'p50 ms':>10}{'p95 ms':>10}"
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


def load_average() -> str:
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


@dataclass
class StepResult:
    users: int
    timings: Timings
    seconds: float
    stored: int
    answered_slots: int
    graded: int
    attempts: int
    sent: int
    cpu: dict[str, float]
    cpu_share: float  # the workers' CPU seconds per wall second during the exam phase
    load: str

    def p95(self, step: str) -> float:
        return percentile(self.timings.by_step.get(step, []), 95)

    @property
    def lost(self) -> int:
        return self.sent - self.stored

    @property
    def errors(self) -> int:
        return sum(self.timings.errors.values()) + int(self.cpu.get("errors", 0))

    def misses(self) -> list[str]:
        """The targets this step missed (empty: it met them all)."""
        missed = []
        if not self.p95("start") <= TARGET_START_S:
            missed.append(f"start p95 {self.p95('start') * 1000:.0f} ms > 1 s")
        if not self.p95("save") <= TARGET_SAVE_S:
            missed.append(f"save p95 {self.p95('save') * 1000:.0f} ms > 100 ms")
        if not self.p95("submit") <= TARGET_SUBMIT_S:
            missed.append(f"submit p95 {self.p95('submit') * 1000:.0f} ms > 1 s")
        if self.lost or self.answered_slots != self.sent:
            missed.append(f"{self.lost} answers lost")
        if self.graded != self.attempts or self.attempts != self.users + CALIBRATION_EXAMINEES:
            missed.append(f"graded {self.graded} of {self.attempts} attempts")
        if self.errors:
            missed.append(f"{self.errors} failed requests")
        return missed


def run_step(
    server: Server,
    master_pid: int,
    enterprise,
    blueprint,
    users: int,
    args: argparse.Namespace,
) -> StepResult:
    from django.db import connection

    tag = f"{users}"
    started = time.perf_counter()
    assessment_id, examinees = seed_round(enterprise, blueprint, users + CALIBRATION_EXAMINEES, tag)
    print(f"→ {users} examinees seeded in {time.perf_counter() - started:.0f} s", flush=True)
    prepare = papers_preparer()
    if prepare is not None:
        started = time.perf_counter()
        prepared = prepare(assessment_id)
        print(
            f"  papers drawn ahead (the task worker's job at the round's opening): "
            f"{prepared} in {time.perf_counter() - started:.1f} s",
            flush=True,
        )
    else:
        print("  (papers are drawn at 开始: no ahead-of-time draw in this code)", flush=True)
    connection.close()
    sitting, calibration = examinees[:users], examinees[users:]
    timings = Timings()
    cpu_before = workers_cpu_ticks(master_pid)
    gap = args.ramp / users if args.ramp > 0 else 0.0
    seconds = run_phase(
        args.concurrency or users,
        [
            lambda e=examinee, i=i: examinee_client(
                server, e, args.answers, timings, args.think, arrival=i * gap
            )
            for i, examinee in enumerate(sitting)
        ],
    )
    cpu_share = cpu_seconds_between(cpu_before, workers_cpu_ticks(master_pid)) / seconds
    load = load_average()
    cpu = measure_cpu(server, master_pid, calibration, args.answers)
    connection.close()
    stored, answered_slots, graded, attempts = check_database(assessment_id)
    result = StepResult(
        users=users,
        timings=timings,
        seconds=seconds,
        stored=stored,
        answered_slots=answered_slots,
        graded=graded,
        attempts=attempts,
        sent=timings.answers_sent + int(cpu["answers_sent"]),
        cpu=cpu,
        cpu_share=cpu_share,
        load=load,
    )
    print(
        f"\n{users} examinees, ramp {args.ramp:g} s, think {args.think:g} s "
        f"(0.5–1.5×), {args.answers} answers each: {seconds:.0f} s; "
        f"workers' CPU {cpu_share:.2f} cores on average; load average {load}"
    )
    step_table(timings)
    saves = len(timings.by_step.get("save", []))
    print(f"answer saves: {saves / seconds:.0f}/s on average over the phase")
    base = cpu["baseline"]
    print(
        "CPU-ms per request (gunicorn workers' own CPU, one request at a time): "
        + ", ".join(
            f"{step} {cpu[step]:.1f}" + (f" ({cpu[step] / base:.1f}× ping)" if base else "")
            for step in ("start", "paper", "save", "submit")
        )
        + f"; trivial view {base:.2f}"
    )
    print(
        f"stored answers: {stored} of {result.sent} acknowledged ({answered_slots} distinct "
        f"questions answered); attempts graded: {graded} of {attempts} "
        f"(examinees: {users} + {CALIBRATION_EXAMINEES} for the CPU figures)"
    )
    missed = result.misses()
    print("targets: " + ("all met" if not missed else "missed — " + "; ".join(missed)), flush=True)
    return result


def summary_table(results: list[StepResult]) -> None:
    print(
        f"\n{'users':>6}{'start p95':>11}{'paper p95':>11}{'save p95':>10}{'submit p95':>12}"
        f"{'lost':>6}{'graded':>12}{'errors':>8}{'CPU/save':>10}{'CPU/start':>11}"
        f"  load avg          met"
    )
    for r in results:
        print(
            f"{r.users:>6}{r.p95('start') * 1000:>9.0f}ms{r.p95('paper') * 1000:>9.0f}ms"
            f"{r.p95('save') * 1000:>8.0f}ms{r.p95('submit') * 1000:>10.0f}ms{r.lost:>6}"
            f"{f'{r.graded}/{r.attempts}':>12}{r.errors:>8}{r.cpu['save']:>8.1f}ms"
            f"{r.cpu['start']:>9.1f}ms  {r.load:<18}  {'yes' if not r.misses() else 'no'}"
        )


def capacity_steps():
    yield from CAPACITY_STEPS
    users = CAPACITY_STEPS[-1]
    while True:
        users += 1000
        yield users


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=1000)
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
        default=10.0,
        help="mean seconds on each question before saving it (each 0.5–1.5×; 0: no pauses)",
    )
    parser.add_argument(
        "--ramp",
        type=float,
        default=10.0,
        help="examinees arrive uniformly over this many seconds (0: all at once)",
    )
    parser.add_argument(
        "--capacity",
        action="store_true",
        help="step 500, 1000, 2000, 3000, 4000, 5000 … examinees until a target is missed",
    )
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 2) * 2 + 1)
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker")
    parser.add_argument("--keep-db", action="store_true", help=f"leave {BENCH_DB} behind")
    args = parser.parse_args()
    if not GUNICORN.exists():
        raise SystemExit(f"{GUNICORN} not found: run `make install`")

    print(f"→ preparing {BENCH_DB} (migrate + a bank)…", flush=True)
    url = prepare_database()
    process = None
    try:
        setup_django(url)
        enterprise, blueprint = seed_bank(args.answers)

        port = free_port()
        server = Server("127.0.0.1", port)
        log = ROOT / "var" / "exam_load_gunicorn.log"
        process = start_gunicorn(url, port, args.workers, args.threads, log)
        wait_until_up(server, process)
        print(
            f"→ gunicorn on 127.0.0.1:{port}: {args.workers} workers × {args.threads} threads; "
            f"simulated clients in one asyncio loop on {os.cpu_count()} cores",
            flush=True,
        )

        warm = Timings()  # one request per worker process and connection, not counted
        run_phase(
            args.workers * args.threads,
            [lambda: baseline_client(server, 5, warm)] * (args.workers * args.threads),
        )
        baseline = Timings()
        clients = min(args.users, 1000)
        seconds = run_phase(
            clients, [lambda: baseline_client(server, args.answers, baseline)] * clients
        )
        requests = len(baseline.by_step["baseline"])
        print(
            f"\nbaseline: {requests} × the trivial view, {clients} clients in flight, in "
            f"{seconds:.1f} s = {requests / seconds:.0f} req/s"
        )
        step_table(baseline)
        baseline_p95 = percentile(baseline.by_step["baseline"], 95) * 1000

        results: list[StepResult] = []
        for users in capacity_steps() if args.capacity else [args.users]:
            result = run_step(server, process.pid, enterprise, blueprint, users, args)
            results.append(result)
            if args.capacity and result.misses():
                break
        met = [r for r in results if not r.misses()]
        capacity = met[-1].users if met else 0
        if args.capacity:
            summary_table(results)
            print(f"capacity: {capacity} examinees (the last step that met every target)")
        last = results[0] if not args.capacity else (met[-1] if met else results[-1])
        print(
            f"users={last.users} answers_sent={last.sent} answers_stored={last.stored} "
            f"lost={last.lost} save_p95_ms={last.p95('save') * 1000:.1f} "
            f"baseline_p95_ms={baseline_p95:.1f} start_p95_ms={last.p95('start') * 1000:.1f} "
            f"capacity={capacity}"
        )
        return 0 if met else 1
    finally:
        if process is not None:
            stop_gunicorn(process)
        if not args.keep_db:
            from django.db import connections

            connections.close_all()
            drop_database(url)


if __name__ == "__main__":
    sys.exit(main())
