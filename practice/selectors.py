"""What practice reads: the person's pool of questions, today's set, one question as the
page shows it (never its answer), the book and the progress line."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import OuterRef, Q, Subquery
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.utils import timezone

from accounts.hazards import workplace_hazards
from accounts.models import StaffProfile
from accounts.scoping import shared_or_own_bank
from assessments.bank.models import option_keys
from assessments.exams.engine import CandidateQuestion, QuestionType, applicable_candidates
from assessments.exams.selectors.examinee import OptionView, option_views
from assessments.exams.selectors.paper_history import open_paper_question_ids
from assessments.models import Question, QuestionStatus, QuestionVersion
from practice.models import AnswerSource, PracticeAnswer, PracticeCard, PracticeSettings
from practice.scheduling import (
    DEFAULT_DAILY_COUNT,
    CardStatus,
    daily_seed,
    daily_set,
    hazard_terms,
    is_hazard_question,
    is_mastered,
    on_missed_provisions,
    streak,
)


def daily_count(staff: StaffProfile) -> int:
    settings = PracticeSettings.objects.filter(enterprise_id=staff.enterprise_id).first()
    return settings.daily_count if settings else DEFAULT_DAILY_COUNT


def enterprise_questions(jurisdiction_id: int, enterprise_id: int):
    """The questions an enterprise's people practise: active ones of the jurisdiction's
    shared bank and the enterprise's own, none flagged 依据已修订，待复核 (its provision was
    amended; an editor reviews it first)."""
    scope = shared_or_own_bank(jurisdiction_id, enterprise_id)
    return Question.objects.filter(scope, status=QuestionStatus.ACTIVE, basis_amended_at=None)


def bank_questions(staff: StaffProfile):
    """``enterprise_questions`` of the person's enterprise; none without one."""
    if staff.enterprise_id is None:
        return Question.objects.none()
    return enterprise_questions(staff.enterprise.jurisdiction_id, staff.enterprise_id)


def pool_with_stems(staff: StaffProfile) -> list[tuple[CandidateQuestion, str]]:
    """The questions for the person's level, specialty and post, as their latest version,
    each with its stem (to find the hazard questions); one query."""
    latest = (
        QuestionVersion.objects.filter(question=OuterRef("pk")).order_by("-number").values("pk")[:1]
    )
    rows = (
        bank_questions(staff)
        .annotate(latest_version_id=Subquery(latest))
        .filter(latest_version_id__isnull=False)
        .order_by("pk")
        .values_list(
            "pk",
            "latest_version_id",
            "type",
            "levels",
            "specialties",
            "posts",
            "options",
            "topics",
            "stem",
        )
    )
    pairs = [
        (
            CandidateQuestion(
                question_id=pk,
                version_id=version_id,
                type=question_type,
                levels=tuple(levels),
                specialties=tuple(specialties),
                posts=tuple(posts),
                option_keys=option_keys(question_type, options),
                topics=tuple(topics),
            ),
            stem,
        )
        for pk, version_id, question_type, levels, specialties, posts, options, topics, stem in rows
    ]
    applicable = {
        c.question_id
        for c in applicable_candidates(
            (candidate for candidate, _ in pairs),
            level=staff.level or None,
            specialty=staff.specialty or None,
            post=staff.post or None,
        )
    }
    return [(candidate, stem) for candidate, stem in pairs if candidate.question_id in applicable]


def practice_pool(staff: StaffProfile) -> list[CandidateQuestion]:
    """The questions for the person's level, specialty and post, as their latest version."""
    return [candidate for candidate, _stem in pool_with_stems(staff)]


def hazard_question_ids(
    staff: StaffProfile, pool: Sequence[tuple[CandidateQuestion, str]]
) -> set[int]:
    """The questions of ``pool`` on the hazards of the person's workplace (the register's
    supervised processes, major hazard sources and their chemicals)."""
    hazards = workplace_hazards(staff)
    terms = hazard_terms(hazards.processes, hazards.sources, hazards.chemicals)
    if not terms:
        return set()
    return {
        candidate.question_id
        for candidate, stem in pool
        if is_hazard_question(stem, candidate.topics, terms)
    }


def answered_on(staff: StaffProfile, day: date) -> set[int]:
    """Questions the person answered in practice on the local date ``day``."""
    return set(
        PracticeAnswer.objects.filter(
            staff=staff, source=AnswerSource.PRACTICE, answered_at__date=day
        ).values_list("question_id", flat=True)
    )


def todays_set(staff: StaffProfile, *, now: datetime | None = None) -> tuple[int, ...]:
    """The questions still to answer today, in order.

    Questions already answered today are left out and count towards the day's number, so
    the set shrinks as the person answers and is the same on every reload.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    done = answered_on(staff, today)
    remaining = daily_count(staff) - len(done)
    if remaining <= 0:
        return ()
    pool = pool_with_stems(staff)
    hazard = hazard_question_ids(staff, pool)
    cards = [
        CardStatus(
            question_id=card.question_id,
            due=card.due,
            in_book=card.in_book,
            right_count=card.right_count,
            wrong_count=card.wrong_count,
            stability=card.stability,
        )
        for card in PracticeCard.objects.filter(staff=staff)
    ]
    candidates = [c.question_id for c, _stem in pool if c.question_id not in done]
    answered_wrong = [c.question_id for c in cards if c.wrong_count]
    provision_of = cited_provisions([*candidates, *answered_wrong]) if answered_wrong else {}
    return daily_set(
        candidates,
        cards,
        now=timezone.localtime(now),
        count=remaining,
        excluded=open_paper_question_ids(staff, now=now),
        seed=daily_seed(staff.pk, today),
        hazard=hazard,
        # A hazard question answered today keeps the day's promise.
        hazard_needed=not done & hazard,
        missed=on_missed_provisions(provision_of, cards, candidates),
    )


def cited_provisions(question_ids: Iterable[int]) -> dict[int, int]:
    """Question → the provision it cites as its basis, for those that cite one."""
    return dict(
        Question.objects.filter(
            pk__in=list(question_ids), source_provision__isnull=False
        ).values_list("pk", "source_provision_id")
    )


@dataclass(frozen=True)
class QuestionScreen:
    """One question as the page shows it before it is answered: no key, no explanation."""

    question_id: int
    version_id: int
    type: str
    stem: str
    options: tuple[OptionView, ...]
    favourite: bool

    @property
    def type_label(self) -> str:
        return QuestionType(self.type).label

    @property
    def is_multiple(self) -> bool:
        return self.type == QuestionType.MULTIPLE

    @property
    def is_fill(self) -> bool:
        return self.type == QuestionType.FILL


def question_screens(staff: StaffProfile, question_ids: Sequence[int]) -> list[QuestionScreen]:
    """The latest version of each question, in the given order (two queries for any number).

    Type, stem and options are read as JSON keys, so the answer and explanation never leave
    the database for these pages. Options keep their authored order.
    """
    ids = list(dict.fromkeys(question_ids))
    rows = (
        QuestionVersion.objects.filter(question_id__in=ids)
        .order_by("question_id", "-number")
        .distinct("question_id")
        .values(
            "pk",
            "question_id",
            question_type=KeyTextTransform("type", "content"),
            stem=KeyTextTransform("stem", "content"),
            options=KeyTransform("options", "content"),
        )
    )
    by_question = {row["question_id"]: row for row in rows}
    favourites = set(
        PracticeCard.objects.filter(staff=staff, question_id__in=ids, favourite=True).values_list(
            "question_id", flat=True
        )
    )
    screens = []
    for question_id in ids:
        row = by_question.get(question_id)
        if row is None:
            continue
        options = row["options"] or []
        screens.append(
            QuestionScreen(
                question_id=question_id,
                version_id=row["pk"],
                type=row["question_type"],
                stem=row["stem"],
                options=option_views(
                    option_keys(row["question_type"], options), options, row["question_type"]
                ),
                favourite=question_id in favourites,
            )
        )
    return screens


def book(staff: StaffProfile):
    """The 错题本: questions in the book and every 收藏, soonest due first."""
    return (
        PracticeCard.objects.filter(staff=staff)
        .filter(Q(in_book=True) | Q(favourite=True))
        .select_related("question")
        .order_by("due", "pk")
    )


@dataclass(frozen=True)
class Progress:
    streak: int
    seen: int
    mastered: int
    in_book: int
    done_today: int
    daily_count: int


def progress(staff: StaffProfile, *, now: datetime | None = None) -> Progress:
    now = now or timezone.now()
    today = timezone.localdate(now)
    cards = list(
        PracticeCard.objects.filter(staff=staff, seen_count__gt=0).values_list(
            "stability", "in_book"
        )
    )
    days = (
        PracticeAnswer.objects.filter(staff=staff, source=AnswerSource.PRACTICE)
        .dates("answered_at", "day")
        .order_by()
    )
    return Progress(
        streak=streak(days, today),
        seen=len(cards),
        mastered=sum(1 for stability, in_book in cards if is_mastered(stability, in_book)),
        in_book=PracticeCard.objects.filter(staff=staff, in_book=True).count(),
        done_today=len(answered_on(staff, today)),
        daily_count=daily_count(staff),
    )
