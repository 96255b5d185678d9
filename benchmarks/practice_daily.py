"""Drawing every worker's 每日一练 set at once (the nightly job) against the plain way.

    .venv/bin/python benchmarks/practice_daily.py [--workers 2000] [--enterprises 10]
        [--questions 500] [--answers 100000] [--keep-db]

Creates a separate database (`safetykb_bench_practice`) on the embedded PostgreSQL,
migrates it and seeds one jurisdiction with ``--enterprises`` enterprises sharing the
``--workers`` workers (levels, specialties and posts mixed), a shared bank of
``--questions`` questions (most for everyone, some for a level, a specialty or a post)
and a practice history of about ``--answers`` answers over the last 60 days: each
worker practised on 5–15 days, five questions a day, due cards first and new ones at
random, four answers in five right, each answer an FSRS review as the service does it
(cards and answers written by bulk_create, past the service).

Then, at the start of today (when a nightly job runs), in the same process:

- baseline: ``todays_set(staff)`` for every worker in turn (what the page does, five
  queries a person);
- batch: ``draw_daily_sets(enterprise, today)`` for each enterprise (six queries each:
  the bank once, every worker's cards in one query, the pure ``daily_set`` per person).

Asserts both give every worker the same set, and prints each time, its queries and the
ratio. ``--keep-db`` reuses the seeded database (seeding takes a few minutes).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import os
import random
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "site")]
BENCH_DB = "safetykb_bench_practice"
HISTORY_DAYS = 60
PER_DAY = 5
RIGHT_RATE = 0.8
POSTS = ("合成岗", "精馏岗", "储运岗", "装卸岗", "中控岗", "巡检岗", "仪表岗", "电气岗")
TOPICS = ("法律法规", "危险化学品", "动火作业", "受限空间", "消防安全", "设备检修", "应急处置")


def prepare_database(keep: bool) -> tuple[str, bool]:
    """The bench database's URL, and whether it already holds a seeded run."""
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
    return f"postgres://postgres@/{BENCH_DB}?host={socket_dir}", bool(exists and keep)


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.bench_settings"
    import django

    django.setup()


def seed_bank(jurisdiction, count: int, rng: random.Random) -> list:
    """``count`` shared questions with their first version; returns the questions."""
    from accounts.vocab import Level, Specialty
    from assessments.models import Question, QuestionType, QuestionVersion

    levels = [Level.OPERATOR, Level.TEAM_LEADER, Level.SPECIAL_OPERATOR]
    questions = []
    for n in range(count):
        tag = rng.random()
        question = Question(
            jurisdiction=jurisdiction,
            type=QuestionType.SINGLE,
            stem=f"压测第{n + 1}题：下列做法正确的是？",
            options=[{"key": k, "text": f"选项{k}"} for k in "ABCD"],
            answer=["A"],
            explanation=f"解析{n + 1}",
            topics=[TOPICS[n % len(TOPICS)]],
            # Six in ten for everyone; the rest for a level, a specialty or a post.
            levels=[rng.choice(levels)] if 0.6 <= tag < 0.7 else [],
            specialties=[rng.choice(list(Specialty))] if 0.7 <= tag < 0.85 else [],
            posts=[rng.choice(POSTS)] if tag >= 0.85 else [],
        )
        questions.append(question)
    questions = Question.objects.bulk_create(questions)
    QuestionVersion.objects.bulk_create(
        QuestionVersion(question=q, number=1, content=q.content(), content_hash=q.content_hash())
        for q in questions
    )
    return questions


def seed_people(enterprises, workers: int, rng: random.Random) -> list:
    from django.contrib.auth import get_user_model

    from accounts.models import Department, StaffProfile
    from accounts.vocab import Level, Role, Specialty

    User = get_user_model()
    users = User.objects.bulk_create(
        User(username=f"pd{i:05d}", first_name=f"压测{i}", password="!bench")
        for i in range(workers)
    )
    teams = {
        e.pk: [Department.objects.create(enterprise=e, name=f"第{n + 1}班") for n in range(8)]
        for e in enterprises
    }
    levels = (Level.OPERATOR,) * 6 + (Level.TEAM_LEADER, Level.SPECIAL_OPERATOR)
    staff = []
    for i, user in enumerate(users):
        enterprise = enterprises[i % len(enterprises)]
        staff.append(
            StaffProfile(
                user=user,
                role=Role.WORKER,
                enterprise=enterprise,
                jurisdiction_id=enterprise.jurisdiction_id,
                department=rng.choice(teams[enterprise.pk]),
                level=rng.choice(levels),
                specialty=rng.choice(list(Specialty)),
                post=rng.choice(POSTS),
                employee_no=f"P{i:05d}",
            )
        )
    return StaffProfile.objects.bulk_create(staff)


def seed_history(staff, questions, target: int, rng: random.Random) -> tuple[int, int]:
    """About ``target`` answers over the last 60 days, through the pure FSRS and book
    rules; returns (answers, cards)."""
    from django.utils import timezone
    from tqdm import tqdm

    from assessments.exams.engine import CandidateQuestion, applicable_candidates
    from assessments.models import QuestionVersion
    from practice.models import AnswerSource, PracticeAnswer, PracticeCard
    from practice.scheduling import BookPlace, after_answer, review

    versions = dict(QuestionVersion.objects.values_list("question_id", "pk"))
    bank = [
        CandidateQuestion(
            question_id=q.pk,
            version_id=versions[q.pk],
            type=q.type,
            levels=tuple(q.levels),
            specialties=tuple(q.specialties),
            posts=tuple(q.posts),
        )
        for q in questions
    ]
    pools: dict[tuple, list[int]] = {}
    today = timezone.localdate()
    mean_days = max(1, target // (len(staff) * PER_DAY))
    cards: list = []
    answers: list = []
    written = 0
    for member in tqdm(staff, unit="worker", desc="history"):
        layers = (member.level, member.specialty, member.post)
        if layers not in pools:
            pools[layers] = [
                c.question_id
                for c in applicable_candidates(
                    bank, level=layers[0], specialty=layers[1], post=layers[2]
                )
            ]
        pool = pools[layers]
        days = sorted(
            rng.sample(
                range(1, HISTORY_DAYS + 1),
                min(HISTORY_DAYS, rng.randint(mean_days // 2, mean_days * 3 // 2)),
            )
        )
        mine: dict[int, dict] = {}
        for days_ago in reversed(days):
            day = today - dt.timedelta(days=days_ago)
            at = timezone.make_aware(dt.datetime.combine(day, dt.time(19, rng.randrange(60))))
            due = sorted((c["due"], q) for q, c in mine.items() if c["due"] <= at)
            chosen = [q for _, q in due[:PER_DAY]]
            while len(chosen) < PER_DAY and len(mine) + len(chosen) < len(pool):
                q = rng.choice(pool)
                if q not in mine and q not in chosen:
                    chosen.append(q)
            for n, question_id in enumerate(chosen):
                when = at + dt.timedelta(minutes=n)
                correct = rng.random() < RIGHT_RATE
                card = mine.setdefault(
                    question_id,
                    {"state": None, "place": BookPlace(), "right": 0, "wrong": 0, "seen": 0},
                )
                result = review(card["state"], correct=correct, at=when, question_id=question_id)
                card.update(
                    state=result.state,
                    due=result.due,
                    stability=result.stability,
                    place=after_answer(card["place"], correct=correct, day=day),
                    last=when,
                    seen=card["seen"] + 1,
                    right=card["right"] + int(correct),
                    wrong=card["wrong"] + int(not correct),
                )
                answers.append(
                    PracticeAnswer(
                        client_id=uuid.UUID(int=rng.getrandbits(128)),
                        staff_id=member.pk,
                        question_id=question_id,
                        question_version_id=versions[question_id],
                        response=["A"] if correct else ["B"],
                        correct=correct,
                        source=AnswerSource.PRACTICE,
                        answered_at=when,
                    )
                )
        for question_id, card in mine.items():
            cards.append(
                PracticeCard(
                    staff_id=member.pk,
                    question_id=question_id,
                    state=card["state"],
                    due=card["due"],
                    stability=card["stability"],
                    in_book=card["place"].in_book,
                    right_days=list(card["place"].right_days),
                    seen_count=card["seen"],
                    right_count=card["right"],
                    wrong_count=card["wrong"],
                    last_answered_at=card["last"],
                )
            )
        if len(answers) >= 20000:
            written += len(PracticeAnswer.objects.bulk_create(answers, batch_size=5000))
            answers = []
    written += len(PracticeAnswer.objects.bulk_create(answers, batch_size=5000))
    PracticeCard.objects.bulk_create(cards, batch_size=5000)
    return written, len(cards)


def seed(args) -> None:
    from django.core.management import call_command
    from django.db import transaction

    from accounts.models import Enterprise, Jurisdiction
    from accounts.vocab import EnterpriseType

    rng = random.Random(20261206)
    call_command("migrate", verbosity=0, interactive=False)
    with transaction.atomic():
        jurisdiction = Jurisdiction.objects.create(name="压测区应急管理局", code="999997")
        enterprises = [
            Enterprise.objects.create(
                name=f"压测化工{n + 1}有限公司",
                credit_code=f"91140404MA{n:07d}P",
                enterprise_type=EnterpriseType.HAZCHEM_PRODUCTION,
                jurisdiction=jurisdiction,
            )
            for n in range(args.enterprises)
        ]
        questions = seed_bank(jurisdiction, args.questions, rng)
        staff = seed_people(enterprises, args.workers, rng)
        answers, cards = seed_history(staff, questions, args.answers, rng)
    print(
        f"seeded: {len(enterprises)} enterprises, {len(staff)} workers, "
        f"{len(questions)} questions, {answers} answers, {cards} cards"
    )


@contextlib.contextmanager
def counted():
    """Counts the queries run inside (Django's query log keeps only the last 9,000)."""
    from django.db import connection

    count = [0]

    def wrapper(execute, sql, params, many, context):
        count[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2000)
    parser.add_argument("--enterprises", type=int, default=10)
    parser.add_argument("--questions", type=int, default=500)
    parser.add_argument("--answers", type=int, default=100_000)
    parser.add_argument("--keep-db", action="store_true", help="reuse the seeded database")
    args = parser.parse_args()
    url, seeded = prepare_database(args.keep_db)
    setup_django(url)

    from django.utils import timezone
    from tqdm import tqdm

    from accounts.models import Enterprise, StaffProfile
    from practice.batch import draw_daily_sets
    from practice.models import PracticeAnswer, PracticeCard
    from practice.selectors import todays_set

    if not seeded:
        started = time.perf_counter()
        seed(args)
        print(f"seeding took {time.perf_counter() - started:.0f} s")
    today = timezone.localdate()
    now = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    enterprises = list(Enterprise.objects.order_by("pk"))
    staff = list(StaffProfile.objects.select_related("enterprise").order_by("pk"))
    print(
        f"data: {len(enterprises)} enterprises, {len(staff)} workers, "
        f"{PracticeCard.objects.count()} cards, {PracticeAnswer.objects.count()} answers"
    )
    gc.collect()
    gc.freeze()  # the loaded site's long-lived objects, as a server after start-up

    with counted() as plain_queries:
        started = time.perf_counter()
        plain = {m.pk: todays_set(m, now=now) for m in tqdm(staff, unit="worker", desc="baseline")}
        plain_s = time.perf_counter() - started

    with counted() as batch_queries:
        started = time.perf_counter()
        batch: dict[int, tuple[int, ...]] = {}
        for enterprise in tqdm(enterprises, unit="enterprise", desc="batch"):
            batch.update(draw_daily_sets(enterprise, today, now=now))
        batch_s = time.perf_counter() - started

    assert batch == plain, "the batch and todays_set disagree"
    drawn = sum(len(s) for s in batch.values())
    print(f"same sets for all {len(batch)} workers ({drawn} questions drawn)")
    print(f"baseline (todays_set per worker): {plain_s:7.2f} s · {plain_queries[0]} queries")
    print(f"batch (draw_daily_sets per enterprise): {batch_s:7.2f} s · {batch_queries[0]} queries")
    print(f"ratio (baseline / batch): {plain_s / batch_s:.1f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
