"""The worker's progress page: the progress line plus questions practised and mastered,
by topic and by the regulation each question cites, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, OuterRef
from django.utils import timezone

from accounts.models import StaffProfile
from accounts.vocab import Specialty
from assessments.exams.engine import CandidateQuestion, applies_to
from assessments.models import QuestionVersion
from practice.breakdown import BreakdownRow, Seen, breakdown, regulation_of, topic_of
from practice.models import PracticeCard
from practice.scheduling import is_mastered
from practice.selectors import Progress, bank_questions, progress

SPECIALTY_LABELS = dict(Specialty.choices)

#: The question fields both splits need (one join to the cited regulation's page).
FIELDS = ("topics", "specialties", "source_provision__page__title")


@dataclass(frozen=True)
class ProgressReport:
    line: Progress
    total: int
    by_topic: tuple[BreakdownRow, ...]
    by_regulation: tuple[BreakdownRow, ...]


def _groups(topics, specialties, title) -> tuple[str, str]:
    labels = [SPECIALTY_LABELS.get(s, s) for s in specialties or ()]
    return topic_of(topics or (), labels), regulation_of(title)


def _pool(staff: StaffProfile) -> list[tuple[int, str, str]]:
    """(question id, topic, regulation) of the questions ``practice_pool`` gives the person:
    their bank's active questions with a version, for their level, specialty and post."""
    rows = (
        bank_questions(staff)
        .filter(Exists(QuestionVersion.objects.filter(question=OuterRef("pk"))))
        .values_list("pk", "type", "levels", "posts", *FIELDS)
    )
    pool = []
    for pk, question_type, levels, posts, topics, specialties, title in rows:
        candidate = CandidateQuestion(
            question_id=pk,
            version_id=0,  # not read: only the layers matter here
            type=question_type,
            levels=tuple(levels),
            specialties=tuple(specialties),
            posts=tuple(posts),
        )
        if applies_to(
            candidate,
            level=staff.level or None,
            specialty=staff.specialty or None,
            post=staff.post or None,
        ):
            pool.append((pk, *_groups(topics, specialties, title)))
    return pool


def progress_report(staff: StaffProfile, *, now: datetime | None = None) -> ProgressReport:
    now = now or timezone.now()
    pool = _pool(staff)
    seen_rows = PracticeCard.objects.filter(staff=staff, seen_count__gt=0).values_list(
        "question_id", "stability", "in_book", *(f"question__{f}" for f in FIELDS)
    )
    by_topic, by_regulation = [], []
    for question_id, stability, in_book, topics, specialties, title in seen_rows:
        topic, regulation = _groups(topics, specialties, title)
        mastered = is_mastered(stability, in_book)
        by_topic.append(Seen(question_id, topic, mastered))
        by_regulation.append(Seen(question_id, regulation, mastered))
    topics = breakdown(((pk, topic) for pk, topic, _ in pool), by_topic)
    return ProgressReport(
        line=progress(staff, now=now),
        total=sum(row.total for row in topics),
        by_topic=topics,
        by_regulation=breakdown(((pk, reg) for pk, _, reg in pool), by_regulation),
    )
