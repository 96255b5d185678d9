"""Every worker's daily set at once (the nightly job's way), in a fixed number of queries.

``todays_set`` asks the database five times per person (settings, today's answers,
cards, pool, open papers); for a whole enterprise that is five queries times its staff.
Here each of those is read once for everyone and the pure ``daily_set`` runs per
person with the same inputs and seed, so both give the same sets (tests hold them
equal). Nothing is stored: the page recomputes its set on each visit because answering
and exams change it during the day; this is for a job that needs everyone's set (and
for measuring, `benchmarks/practice_daily.py`).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from accounts.hazards import workplace_hazards
from accounts.models import Enterprise, StaffProfile
from accounts.vocab import ENTERPRISE_ROLES, StaffStatus
from assessments.exams.engine import CandidateQuestion, applicable_candidates
from assessments.exams.selectors.paper_history import open_paper_question_ids_by_staff
from assessments.models import Question, QuestionVersion
from practice.models import AnswerSource, PracticeAnswer, PracticeCard, PracticeSettings
from practice.scheduling import (
    DEFAULT_DAILY_COUNT,
    CardStatus,
    daily_seed,
    daily_set,
    hazard_terms,
    is_hazard_question,
    on_missed_provisions,
)
from practice.selectors import enterprise_questions

#: (level, specialty, post): people with the same layers share one pool.
Layers = tuple[str | None, str | None, str | None]


def enterprise_bank(enterprise: Enterprise) -> list[tuple[CandidateQuestion, str]]:
    """The questions ``practice_pool`` starts from, for everyone in the enterprise: the
    ``enterprise_questions`` with a version, each with its stem (to find the hazard
    questions)."""
    rows = (
        enterprise_questions(enterprise.jurisdiction_id, enterprise.pk)
        .filter(Exists(QuestionVersion.objects.filter(question=OuterRef("pk"))))
        .order_by("pk")
        .values_list("pk", "type", "levels", "specialties", "posts", "topics", "stem")
    )
    return [
        (
            CandidateQuestion(
                question_id=pk,
                version_id=0,  # not read: the set is question ids
                type=question_type,
                levels=tuple(levels),
                specialties=tuple(specialties),
                posts=tuple(posts),
                topics=tuple(topics),
            ),
            stem,
        )
        for pk, question_type, levels, specialties, posts, topics, stem in rows
    ]


def draw_daily_sets(
    enterprise: Enterprise, day: date, *, now: datetime | None = None
) -> dict[int, tuple[int, ...]]:
    """Staff id → the questions still to answer on ``day``, for everyone of the
    enterprise who may practise, as ``todays_set(staff, now=now)`` gives them.

    ``now`` defaults to the start of ``day`` (local time), when a nightly job runs; it
    must fall on ``day``. Seven queries, however many people, cards and questions (two more to read the
    hazard register).
    """
    now = now or timezone.make_aware(datetime.combine(day, time.min))
    if timezone.localdate(now) != day:
        raise ValueError(f"时间 {now:%Y-%m-%d %H:%M} 不在 {day} 当天。")
    people = list(
        StaffProfile.objects.filter(enterprise=enterprise, role__in=ENTERPRISE_ROLES)
        .exclude(status=StaffStatus.LEFT)
        .order_by("pk")
        .values_list("pk", "level", "specialty", "post")
    )
    count = (
        PracticeSettings.objects.filter(enterprise=enterprise)
        .values_list("daily_count", flat=True)
        .first()
    ) or DEFAULT_DAILY_COUNT
    with_stems = enterprise_bank(enterprise)
    bank = [candidate for candidate, _stem in with_stems]
    # The register is the enterprise's (not a post's): one read for everyone.
    hazards = workplace_hazards(StaffProfile(enterprise=enterprise))
    terms = hazard_terms(hazards.processes, hazards.sources, hazards.chemicals)
    hazard = (
        {c.question_id for c, stem in with_stems if is_hazard_question(stem, c.topics, terms)}
        if terms
        else set()
    )

    done: dict[int, set[int]] = defaultdict(set)
    for staff_id, question_id in PracticeAnswer.objects.filter(
        staff__enterprise=enterprise, source=AnswerSource.PRACTICE, answered_at__date=day
    ).values_list("staff_id", "question_id"):
        done[staff_id].add(question_id)

    cards: dict[int, list[CardStatus]] = defaultdict(list)
    for staff_id, question_id, due, in_book, right, wrong, stability in PracticeCard.objects.filter(
        staff__enterprise=enterprise
    ).values_list(
        "staff_id", "question_id", "due", "in_book", "right_count", "wrong_count", "stability"
    ):
        cards[staff_id].append(
            CardStatus(
                question_id=question_id,
                due=due,
                in_book=in_book,
                right_count=right,
                wrong_count=wrong,
                stability=stability,
            )
        )

    on_papers = open_paper_question_ids_by_staff([pk for pk, *_ in people], now=now)
    # Question → provision for the bank and every question in someone's cards (a question
    # answered wrong may have left the bank since).
    provision_of = dict(
        Question.objects.filter(
            Q(pk__in=[c.question_id for c in bank])
            | Q(
                pk__in=PracticeCard.objects.filter(staff__enterprise=enterprise).values(
                    "question_id"
                )
            ),
            source_provision__isnull=False,
        ).values_list("pk", "source_provision_id")
    )
    pools: dict[Layers, tuple[int, ...]] = {}
    sets: dict[int, tuple[int, ...]] = {}
    for staff_id, level, specialty, post in people:
        layers = (level or None, specialty or None, post or None)
        if layers not in pools:
            pools[layers] = tuple(
                c.question_id
                for c in applicable_candidates(
                    bank, level=layers[0], specialty=layers[1], post=layers[2]
                )
            )
        answered = done.get(staff_id, set())
        remaining = count - len(answered)
        if remaining <= 0:
            sets[staff_id] = ()
            continue
        candidates = [q for q in pools[layers] if q not in answered]
        person_cards = cards.get(staff_id, ())
        sets[staff_id] = daily_set(
            candidates,
            person_cards,
            now=timezone.localtime(now),
            count=remaining,
            excluded=on_papers.get(staff_id, ()),
            seed=daily_seed(staff_id, day),
            hazard=hazard,
            hazard_needed=not answered & hazard,
            missed=on_missed_provisions(provision_of, person_cards, candidates),
        )
    return sets
