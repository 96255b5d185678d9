"""The knowledge-gap heat map's one aggregate query against fetching the same rows and
counting them in Python.

    .venv/bin/python benchmarks/knowledge_gaps.py [--staff 2000] [--answers 100000]
        [--repeat 5] [--keep-db] [--explain]

Creates a separate database (`safetykb_bench_gaps`) on the embedded PostgreSQL, migrates
it and seeds one enterprise with N staff (20 departments, 40 posts), a shared bank of 300
single-choice questions citing 80 provisions (a tenth cite none), and graded first
attempts of 20 questions each until ``--answers`` graded answers are in the last 90 days.
Rows the heat map must leave out come on top (a tenth more): second attempts, papers in
progress and papers graded 200 days ago. Attempts and slots go in with COPY.

Times, ``--repeat`` times each (median = p50):

- selector: ``gap_grid`` (the GROUP BY provision, post query and the grid built from it);
- baseline: the same filtered rows fetched (provision, post, result) and counted in Python;
- page: the heat map page through the whole Django stack as the enterprise's manager.

Prints the medians, best times, their ratio (baseline / selector), the query counts, and
with ``--explain`` the plan of the aggregate query (EXPLAIN ANALYZE).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import random
import statistics
import sys
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "site")]
BENCH_DB = "safetykb_bench_gaps"
SLOTS_PER_PAPER = 20
QUESTIONS = 300
PROVISIONS = 80
ENTERPRISE = "压测薄弱点化工有限公司"


def prepare_database(keep: bool) -> str:
    from safetykb.database import start_embedded_server

    socket_dir = start_embedded_server(ROOT / "var" / "pgdata")
    import psycopg

    with psycopg.connect(
        host=socket_dir, user="postgres", dbname="postgres", autocommit=True
    ) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (BENCH_DB,)
        ).fetchone()
        if exists and not keep:
            conn.execute(f'DROP DATABASE "{BENCH_DB}" WITH (FORCE)')
        if not exists or not keep:
            conn.execute(f'CREATE DATABASE "{BENCH_DB}"')
    return f"postgres://postgres@/{BENCH_DB}?host={socket_dir}"


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.bench_settings"
    import django

    django.setup()


def _provisions(count: int) -> list[int]:
    from content.regulations.models import Provision, RegulationIndexPage, RegulationPage
    from safetykb.demo.pages import ensure_page_tree

    ensure_page_tree()
    page = RegulationPage(title="压测安全生产法", slug="bench-law")
    RegulationIndexPage.objects.get().add_child(instance=page)
    page.save_revision().publish()
    provisions = Provision.objects.bulk_create(
        Provision(page=page, kind="article", label=f"第{n}条", number=n, anchor=f"art-{n}")
        for n in range(1, count + 1)
    )
    return [provision.pk for provision in provisions]


def _copy(table: str, columns: tuple[str, ...], rows) -> None:
    from django.db import connection

    with (
        connection.cursor() as cursor,
        cursor.connection.cursor().copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


def seed(staff_count: int, answers: int):
    """The enterprise and its safety manager; reused when the database holds them."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from accounts.models import Department, Enterprise, Jurisdiction, StaffProfile
    from accounts.vocab import EnterpriseType, Level, Role
    from assessments.models import (
        Assessment,
        AssessmentKind,
        Assignment,
        Attempt,
        AttemptSlot,
        ExamBlueprint,
        Question,
        QuestionVersion,
    )

    call_command("migrate", verbosity=0, interactive=False)
    enterprise = Enterprise.objects.filter(name=ENTERPRISE).first()
    if enterprise is not None:
        return enterprise, StaffProfile.objects.get(enterprise=enterprise, role=Role.SAFETY_MANAGER)
    rng = random.Random(2026)
    now = timezone.now()
    User = get_user_model()
    with transaction.atomic():
        jurisdiction = Jurisdiction.objects.create(name="压测薄弱点应急管理局", code="999997")
        enterprise = Enterprise.objects.create(
            name=ENTERPRISE,
            credit_code="91140404MA0000003X",
            enterprise_type=EnterpriseType.HAZCHEM_PRODUCTION,
            jurisdiction=jurisdiction,
        )
        departments = Department.objects.bulk_create(
            Department(enterprise=enterprise, name=f"第{n + 1}车间") for n in range(20)
        )
        manager = StaffProfile.objects.create(
            user=User.objects.create_user("bench_gaps_manager", first_name="压测安全员"),
            role=Role.SAFETY_MANAGER,
            enterprise=enterprise,
            level=Level.SAFETY_MANAGER,
        )
        users = User.objects.bulk_create(
            User(username=f"kg{i:05d}", first_name=f"压测{i}", password="!bench")
            for i in range(staff_count)
        )
        staff = StaffProfile.objects.bulk_create(
            StaffProfile(
                user=user,
                role=Role.WORKER,
                enterprise=enterprise,
                jurisdiction=jurisdiction,
                department=departments[i % 20],
                level=Level.OPERATOR,
                post=f"岗位{i % 40}",
                employee_no=f"K{i:05d}",
            )
            for i, user in enumerate(users)
        )
        provisions = _provisions(PROVISIONS)
        questions = Question.objects.bulk_create(
            Question(
                jurisdiction=jurisdiction,
                type="single",
                stem=f"压测第{n}题",
                options=[{"key": key, "text": key} for key in "ABCD"],
                answer=["A"],
                source_provision_id=None if n % 10 == 0 else provisions[n % PROVISIONS],
            )
            for n in range(QUESTIONS)
        )
        versions = QuestionVersion.objects.bulk_create(
            QuestionVersion(
                question=question,
                number=1,
                content={"type": "single", "answer": ["A"]},
                content_hash="bench",
                source_provision_id=question.source_provision_id,
                used_at=now,
            )
            for question in questions
        )
        blueprint = ExamBlueprint.objects.create(name="压测方案", jurisdiction=jurisdiction)
        papers = answers // SLOTS_PER_PAPER
        extra = papers // 10  # rows the heat map must leave out
        rounds = -(-(papers + extra) // staff_count)
        assessments = Assessment.objects.bulk_create(
            Assessment(
                kind=AssessmentKind.ROUTINE,
                title=f"压测第{n + 1}轮",
                blueprint=blueprint,
                enterprise=enterprise,
                opens_at=now - dt.timedelta(days=80 - n),
                closes_at=now - dt.timedelta(days=66 - n),
                is_launched=True,
            )
            for n in range(rounds + 1)
        )
        assignments = Assignment.objects.bulk_create(
            Assignment(assessment=assessment, staff=member)
            for assessment in assessments
            for member in staff
        )
        # (assignment, number, state, graded_at): in the period, then what is left out.
        plan = [
            (assignments[i], 1, "graded", now - dt.timedelta(days=i % 85)) for i in range(papers)
        ]
        for n in range(extra):
            kind = n % 3
            if kind == 0:  # a second attempt, graded today
                plan.append((plan[n][0], 2, "graded", now))
            elif kind == 1:  # a paper still in progress
                plan.append((assignments[papers + n], 1, "in_progress", None))
            else:  # graded 200 days ago
                plan.append((assignments[papers + n], 1, "graded", now - dt.timedelta(days=200)))
        _copy(
            Attempt._meta.db_table,
            (
                "assignment_id",
                "number",
                "state",
                "seed",
                "started_at",
                "deadline",
                "submitted_at",
                "auto_submitted",
                "graded_at",
                "score",
                "passed",
                "pass_mark",
                "total_points",
                "multiple_scoring",
            ),
            (
                (
                    assignment.pk,
                    number,
                    state,
                    i,
                    graded or now,
                    (graded or now) + dt.timedelta(hours=1),
                    graded,
                    False,
                    graded,
                    Decimal(80) if graded else None,
                    True if graded else None,
                    Decimal(80),
                    Decimal(100),
                    "all_or_nothing",
                )
                for i, (assignment, number, state, graded) in enumerate(plan)
            ),
        )
        attempt_ids = list(
            Attempt.objects.filter(assignment__assessment__in=assessments)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        slots = 0

        def slot_rows():
            nonlocal slots
            for attempt_id in attempt_ids:
                for number, version in enumerate(rng.sample(versions, SLOTS_PER_PAPER), start=1):
                    right = rng.random() < 0.8
                    slots += 1
                    yield (
                        attempt_id,
                        number,
                        version.pk,
                        "{A,B,C,D}",
                        Decimal(5),
                        Decimal(1) if right else Decimal(0),
                        Decimal(5) if right else Decimal(0),
                        "correct" if right else "wrong",
                    )

        _copy(
            AttemptSlot._meta.db_table,
            (
                "attempt_id",
                "number",
                "question_version_id",
                "option_order",
                "points",
                "fraction",
                "points_awarded",
                "result_state",
            ),
            slot_rows(),
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # the planner's statistics, as autovacuum would leave them
    print(f"  {len(plan)} attempts ({papers} counted), {slots} slots")
    return enterprise, manager


def timed(call, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--staff", type=int, default=2000)
    parser.add_argument("--answers", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep-db", action="store_true", help="reuse the seeded database")
    parser.add_argument("--explain", action="store_true", help="print the query's plan")
    args = parser.parse_args()
    setup_django(prepare_database(args.keep_db))

    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from accounts.models import Enterprise
    from assessments.exams.engine.knowledge_gaps import period_from
    from assessments.exams.selectors.knowledge_gaps import (
        Axis,
        column_key,
        gap_count_query,
        gap_grid,
        graded_answers,
    )

    started = time.perf_counter()
    enterprise, manager = seed(args.staff, args.answers)
    print(f"seeded in {time.perf_counter() - started:.1f} s")
    enterprises = Enterprise.objects.filter(pk=enterprise.pk)
    period = period_from(None, timezone.localdate())

    def selector():
        return gap_grid(enterprises, period, Axis.POST)

    def baseline():
        rows = (
            graded_answers(enterprises, period)
            .annotate(column=column_key(Axis.POST))
            .values_list("provision_id", "column", "result_state")
        )
        answers: Counter = Counter()
        right: Counter = Counter()
        for provision, column, state in rows.iterator(chunk_size=5000):
            answers[provision, column] += 1
            right[provision, column] += state == "correct"
        return answers, right

    grid = selector()
    answers, right = baseline()
    assert {key: (n, right[key]) for key, n in answers.items()} == {
        key: (cell.answers, cell.correct) for key, cell in grid.cells.items()
    }, "the selector and the baseline disagree"
    print(f"graded answers in the grid: {grid.total.answers} · cells: {len(grid.cells)}")

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.force_login(manager.user)

    def page():
        response = client.get("/exams/gaps/")
        assert response.status_code == 200, response.status_code

    page()  # warm caches and connections
    gc.collect()
    gc.freeze()  # as compliance_rollup.py: time the work, not the collector
    results = {
        "selector": timed(selector, args.repeat),
        "baseline": timed(baseline, args.repeat),
        "page": timed(page, args.repeat),
    }
    counts = {}
    for name, call in (("selector", selector), ("baseline", baseline), ("page", page)):
        with CaptureQueriesContext(connection) as queries:
            call()
        counts[name] = len(queries)
    for name, times in results.items():
        print(
            f"{name:>9}: p50 {statistics.median(times) * 1000:7.1f} ms · best "
            f"{min(times) * 1000:7.1f} ms · {counts[name]} queries ({args.repeat} runs)"
        )
    ratio = statistics.median(results["baseline"]) / statistics.median(results["selector"])
    print(f"ratio (p50 baseline / p50 selector): {ratio:.2f}")
    if args.explain:
        query = gap_count_query(graded_answers(enterprises, period), Axis.POST)
        print(query.explain(analyze=True, buffers=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
