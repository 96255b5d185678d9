"""In-process A/B of the CPU a request of the exam's opening burst costs: 开始, the paper
page, and the request cycle around them.

    .venv/bin/python benchmarks/start_cost.py [--rounds 6] [--requests 100] [--keep-db]

One process, `django.test.Client` (CSRF enforced, a session cookie per examinee, the
benchmark settings: DEBUG off, the database task backend), against a database of its own
on the embedded server (`safetykb_startcost`) seeded as `exam_load.py` seeds a round:
60 questions, a 20-question paper, papers drawn ahead. Each A/B runs the paths
interleaved `--rounds` times × `--requests` requests, so the host's load weighs on each
alike, and prints each path's CPU time per request (`time.process_time`: this process
only; PostgreSQL's own work is not counted, as in exam_load's worker figures), the min
and median over the rounds, and the ratio new / old.

- 开始: main's path (lock, attempts, the prepared paper, ORM INSERTs, a deadline task per
  attempt) · the full path with the deadline tasks in batches · one statement
  (`services.prepared_start`). Each start uses an assignment of its own.
- the paper page: main's template (the question loop in take.html, PaperQuestion and
  OptionView objects) · the questions rendered once per content (`views.paper_fragments`),
  on the same papers.
- the request cycle: the trivial view anonymous (no session read, as exam_load's
  baseline), the same view for a logged-in examinee (session and user loaded by the
  middleware), and the paper page, to show what the page costs beyond the cycle.
- the deadline task's enqueue on its own (`expire_attempt.using(run_after=…).enqueue`).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import types
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "site"), str(ROOT / "benchmarks")]

import exam_load  # noqa: E402 — the database and the round are seeded as it seeds them

exam_load.BENCH_DB = "safetykb_startcost"
CSRF = "b" * 32

# main's answer card and question loops (take.html before the questions were rendered once
# per content), and what replaced them.
OLD_CARD = """    <ol class="exam-map-grid">
      {% for q in questions %}
        <li><a href="#q-{{ q.number }}" class="exam-map-item{% if q.answered %} is-answered{% endif %}" data-goto="{{ q.number }}" title="第{{ q.number }}题{% if q.answered %}（已答）{% else %}（未答）{% endif %}">{{ q.number }}</a></li>
      {% endfor %}
    </ol>"""
NEW_CARD = """    <ol class="exam-map-grid">{{ answer_card }}</ol>"""
OLD_LOOP = """  {% for q in questions %}
    <fieldset class="exam-q" id="q-{{ q.number }}" data-number="{{ q.number }}" data-type="{{ q.type }}">
      <legend class="exam-q-head"><span class="exam-q-number">第 {{ q.number }} 题</span> <span class="badge">{{ q.type_label }}</span> <span class="muted">{{ q.points|floatformat:"-2" }} 分</span></legend>
      <input type="hidden" name="base-{{ q.number }}" value="{{ q.step_id }}" data-base>
      <div class="exam-q-stem">{{ q.stem|linebreaksbr }}</div>
      {% if q.is_fill %}
        <label class="exam-fill">作答：<input type="text" name="q-{{ q.number }}" value="{{ q.fill_text }}" maxlength="200" enterkeyhint="done"></label>
      {% else %}
        <div class="exam-options">
          {% for option in q.options %}
            <label class="exam-option"><input type="{% if q.is_multiple %}checkbox{% else %}radio{% endif %}" name="q-{{ q.number }}" value="{{ option.key }}"{% if option.chosen %} checked{% endif %}>{% if option.letter %}<span class="exam-option-letter">{{ option.letter }}.</span>{% endif %}<span class="exam-option-text">{{ option.text }}</span></label>
          {% endfor %}
        </div>
        {% if q.is_multiple %}<p class="muted exam-hint">多选题：选出全部正确选项。</p>{% endif %}
      {% endif %}
    </fieldset>
  {% endfor %}
"""
NEW_LOOP = "  {{ paper }}\n"


def main_paper_questions(attempt):
    """main's `selectors.paper_questions`: two ORM queries, PaperQuestion and OptionView."""
    from django.db.models.fields.json import KeyTextTransform, KeyTransform

    from assessments.exams.selectors import PaperQuestion, option_views
    from assessments.exams.services.answering import current_steps
    from assessments.models import AttemptSlot

    steps = current_steps(attempt)
    rows = (
        AttemptSlot.objects.filter(attempt=attempt)
        .order_by("number")
        .values(
            "number",
            "option_order",
            "points",
            question_type=KeyTextTransform("type", "question_version__content"),
            stem=KeyTextTransform("stem", "question_version__content"),
            options=KeyTransform("options", "question_version__content"),
        )
    )
    questions = []
    for row in rows:
        step_id, response = steps.get(row["number"], (0, []))
        questions.append(
            PaperQuestion(
                number=row["number"],
                type=row["question_type"],
                stem=row["stem"],
                points=row["points"],
                options=option_views(
                    row["option_order"], row["options"], row["question_type"], chosen=response
                ),
                response=tuple(response),
                step_id=step_id,
            )
        )
    return questions


def old_views() -> dict[str, Callable]:
    """main's 开始 and paper views, rebuilt on today's services."""
    from django.db import transaction
    from django.http import HttpResponse
    from django.shortcuts import redirect
    from django.template import engines
    from django.template.loader import get_template
    from django.views.decorators.cache import never_cache
    from django.views.decorators.http import require_GET, require_POST

    from accounts.permissions import role_required
    from accounts.scoping import profile_of
    from assessments.exams import selectors
    from assessments.exams.services.answering import (
        expire_overdue_attempts,
        is_awaiting_close,
    )
    from assessments.exams.services.papers import start_attempt
    from assessments.exams.tasks import expire_attempt
    from assessments.exams.views.common import EXAMINEES, get_in_scope_or_404, own_attempt_or_404
    from assessments.models import Assignment, AttemptState

    source = Path(get_template("assessments/take.html").origin.name).read_text()
    assert NEW_LOOP in source and NEW_CARD in source, "take.html moved: update OLD_/NEW_"
    old_take_template = engines["django"].from_string(
        source.replace(NEW_LOOP, OLD_LOOP).replace(NEW_CARD, OLD_CARD)
    )

    @require_POST
    @role_required(*EXAMINEES)
    def start(request, pk):
        assignment = get_in_scope_or_404(
            Assignment.objects.filter(staff=profile_of(request.user)).select_related(
                "assessment__blueprint", "staff__enterprise"
            ),
            pk,
            "考核不存在。",
        )
        expire_overdue_attempts(attempts=assignment.attempts.all())
        attempt = start_attempt(assignment)
        # main enqueued a task per attempt for its deadline once the attempt committed.
        run_after = attempt.deadline + timedelta(seconds=1)
        transaction.on_commit(lambda: expire_attempt.using(run_after=run_after).enqueue(attempt.pk))
        return redirect("assessments:take", attempt.pk)

    @never_cache
    @require_GET
    @role_required(*EXAMINEES)
    def take(request, pk):
        attempt = own_attempt_or_404(request, pk)
        if attempt.state != AttemptState.IN_PROGRESS or is_awaiting_close(attempt):
            return redirect("assessments:result", attempt.pk)
        questions = main_paper_questions(attempt)
        remaining = selectors.seconds_left(attempt)
        context = {
            "attempt": attempt,
            "assessment": attempt.assignment.assessment,
            "questions": questions,
            "answered_count": sum(q.answered for q in questions),
            "remaining_seconds": remaining,
            "clock": selectors.clock(remaining),
        }
        return HttpResponse(old_take_template.render(context, request))

    @require_GET
    def whoami(request):
        return HttpResponse("ok" if request.user.is_authenticated else "anon")

    return {"start": start, "take": take, "whoami": whoami}


def install_urls() -> None:
    from django.test.utils import override_settings
    from django.urls import include, path

    views = old_views()
    module = types.ModuleType("start_cost_urls")
    module.urlpatterns = [  # type: ignore[attr-defined]
        path("old/assignments/<int:pk>/start/", views["start"]),
        path("old/attempts/<int:pk>/", views["take"]),
        path("bench/whoami/", views["whoami"]),
        path("", include("benchmarks.bench_urls")),
    ]
    sys.modules["start_cost_urls"] = module
    override_settings(ROOT_URLCONF="start_cost_urls", ALLOWED_HOSTS=["localhost"]).enable()


class Examinees:
    """A fresh examinee (assignment with a prepared paper, session) per start."""

    def __init__(self, enterprise, blueprint, count: int) -> None:
        started = time.perf_counter()
        assessment_id, self.pending = exam_load.seed_round(enterprise, blueprint, count, "ab")
        drawn = exam_load.papers_preparer()(assessment_id)
        print(
            f"  {count} examinees, {drawn} papers drawn ahead "
            f"({time.perf_counter() - started:.0f} s)",
            flush=True,
        )

    def take(self, n: int) -> list:
        taken, self.pending = self.pending[:n], self.pending[n:]
        return taken


def client_for():
    from django.test import Client

    client = Client(enforce_csrf_checks=True, HTTP_X_CSRFTOKEN=CSRF, HTTP_HOST="localhost")
    client.cookies["csrftoken"] = CSRF
    return client


def cpu_ms(requests: list[Callable[[], object]]) -> float:
    started = time.process_time()
    for request in requests:
        request()
    return (time.process_time() - started) * 1000 / len(requests)


def report(title: str, runs: dict[str, list[float]]) -> None:
    names = list(runs)
    if not runs[names[0]]:  # --rounds 0: the profile alone
        return
    base = statistics.median(runs[names[0]])
    print(f"\n{title}: CPU-ms per request, {len(runs[names[0]])} rounds")
    print(f"  {'path':<46}{'min':>8}{'median':>8}{'ratio':>8}   rounds")
    for name in names:
        values = runs[name]
        median = statistics.median(values)
        rounds = " ".join(f"{v:.2f}" for v in values)
        print(f"  {name:<46}{min(values):>8.2f}{median:>8.2f}{median / base:>8.2f}   {rounds}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument(
        "--profile", action="store_true", help="then cProfile the new paths (top functions)"
    )
    args = parser.parse_args()
    n, rounds = args.requests, args.rounds

    url = exam_load.prepare_database()
    exam_load.setup_django(url)
    try:
        run(n, rounds, profile=args.profile)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep_db:
            exam_load.drop_database(url)


def run(n: int, rounds: int, *, profile: bool) -> None:
    from assessments.exams.views import taking

    print(f"→ seeding ({exam_load.load_average()} load average)", flush=True)
    enterprise, blueprint = exam_load.seed_bank(20)
    examinees = Examinees(enterprise, blueprint, 3 * n * rounds + 2 * n)
    install_urls()
    client = client_for()
    fast_start = taking.start_prepared

    def start(path: str, examinee) -> str:
        client.cookies["sessionid"] = examinee.session_key
        response = client.post(path.format(examinee.assignment_id))
        assert response.status_code == 302 and "/attempts/" in response["Location"], response
        return response["Location"]

    def page(path: str, examinee) -> None:
        client.cookies["sessionid"] = examinee.session_key
        response = client.get(path)
        assert response.status_code == 200 and b'name="q-1"' in response.content, response

    def full_path_only(*args, **kwargs) -> None:
        return None

    # Warm-up: imports, URL resolution, template compilation, the task backend.
    papers: list[tuple[str, object]] = []
    for examinee in examinees.take(n):
        papers.append((start("/exams/assignments/{}/start/", examinee), examinee))
    for location, examinee in papers[:10]:
        page(location, examinee)
        page(location.replace("/exams/", "/old/"), examinee)

    print(f"→ A/B, {rounds} rounds × {n} requests per path ({exam_load.load_average()})")
    starts: dict[str, list[float]] = {
        "main: full path, a deadline task per attempt": [],
        "full path, deadline tasks in batches": [],
        "one statement, deadline tasks in batches": [],
    }
    for _ in range(rounds):
        group = examinees.take(n)
        starts["main: full path, a deadline task per attempt"].append(
            cpu_ms([lambda e=e: start("/old/assignments/{}/start/", e) for e in group])
        )
        group = examinees.take(n)
        taking.start_prepared = full_path_only
        try:
            starts["full path, deadline tasks in batches"].append(
                cpu_ms([lambda e=e: start("/exams/assignments/{}/start/", e) for e in group])
            )
        finally:
            taking.start_prepared = fast_start
        group = examinees.take(n)
        starts["one statement, deadline tasks in batches"].append(
            cpu_ms([lambda e=e: start("/exams/assignments/{}/start/", e) for e in group])
        )
    report("开始 (POST, a prepared paper each)", starts)

    pages: dict[str, list[float]] = {
        "main: the question loop in take.html": [],
        "questions rendered once per content, lean queries": [],
        "trivial view, anonymous (no session read)": [],
        "trivial view with session and user": [],
    }
    someone = papers[0][1]
    for _ in range(rounds):
        pages["main: the question loop in take.html"].append(
            cpu_ms([lambda p=p: page(p[0].replace("/exams/", "/old/"), p[1]) for p in papers])
        )
        pages["questions rendered once per content, lean queries"].append(
            cpu_ms([lambda p=p: page(p[0], p[1]) for p in papers])
        )
        client.cookies.pop("sessionid", None)  # anonymous, as exam_load's baseline
        pages["trivial view, anonymous (no session read)"].append(
            cpu_ms([lambda: client.get("/bench/ping/")] * n)
        )
        client.cookies["sessionid"] = someone.session_key
        pages["trivial view with session and user"].append(
            cpu_ms([lambda: client.get("/bench/whoami/")] * n)
        )
    report("the paper page (GET) and the request cycle", pages)

    from django.db import transaction

    from assessments.exams.tasks import expire_attempt

    attempt_id = 1  # the enqueue does not look the attempt up
    run_after = time_now() + timedelta(hours=1)
    enqueues = []
    for _ in range(rounds):
        with transaction.atomic():
            enqueues.append(
                cpu_ms(
                    [
                        lambda: expire_attempt.using(run_after=run_after).enqueue(attempt_id)
                        for _ in range(n)
                    ]
                )
            )
            transaction.set_rollback(True)
    report("a deadline task's enqueue on its own", {"expire_attempt enqueue": enqueues})

    if profile:
        profiled(
            "开始, one statement",
            [lambda e=e: start("/exams/assignments/{}/start/", e) for e in examinees.take(n)],
        )
        profiled("the paper page", [lambda p=p: page(p[0], p[1]) for p in papers])


def profiled(title: str, requests: list[Callable[[], object]]) -> None:
    import cProfile
    import pstats

    profiler = cProfile.Profile(time.process_time)  # CPU, not the wait on PostgreSQL
    profiler.enable()
    for request in requests:
        request()
    profiler.disable()
    print(f"\nprofile: {title}, {len(requests)} requests")
    stats = pstats.Stats(profiler).strip_dirs()
    stats.sort_stats("cumulative").print_stats(40)
    stats.sort_stats("tottime").print_stats(25)


def time_now():
    from django.utils import timezone

    return timezone.now()


if __name__ == "__main__":
    main()
