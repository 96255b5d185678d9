"""Demo practice progress: the demo worker mastered a few questions weeks ago (answered
right each time they fell due), so the progress page shows mastered questions beside the
five-day streak; their 班组 (合成一班) has practised this week; 晋恒化工's safety manager
has switched the 班组 leaderboard on (康源制药 leaves it off). Idempotent."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.models import StaffProfile
from accounts.vocab import StaffStatus
from assessments.exams.selectors.paper_history import open_paper_question_ids
from assessments.models import QuestionVersion
from practice.models import AnswerSource, PracticeAnswer, PracticeCard
from practice.preferences import settings_of, update_practice_settings
from practice.scheduling import is_mastered
from practice.selectors import practice_pool, todays_set
from practice.services import PracticeError, record_answer
from safetykb.demo.practice import _wrong

DEMO_NAMESPACE = uuid.UUID("5c0a4b9e-2f4d-4c61-8d3b-7e9a1f6c2d84")
#: Questions the worker learnt weeks ago; the first answers 36 to 29 days ago, so the
#: last review (the one that masters it) is before the five-day streak and the next one
#: falls due after today.
MASTERED = 8
FIRST_DAYS_AGO = 36
#: Nothing in the week before the streak: a day there would lengthen it.
QUIET_DAYS = 7
TEAMMATES = 4


def load_demo_practice_progress() -> list[str]:
    worker = (
        StaffProfile.objects.select_related("enterprise", "department")
        .filter(user__username="worker")
        .first()
    )
    if worker is None or worker.enterprise is None:
        return []
    lines = []
    if mastered := _learnt_weeks_ago(worker):
        lines.append(f"练习：演示员工数周前已掌握 {mastered} 题")
    if team := _teammates_practised(worker):
        lines.append(f"练习：{worker.department.name} {team} 名同事本周有练习记录")
    if _leaderboard_on(worker):
        lines.append(f"练习：{worker.enterprise.name} 已开启班组排行榜（康源制药未开启）")
    return lines


def _at(day: date, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(19, 0))) + timedelta(minutes=minute)


def _answer(staff: StaffProfile, question_id: int, *, right: bool, at: datetime) -> None:
    version = QuestionVersion.objects.filter(question_id=question_id).order_by("-number").first()
    content = version.content
    record_answer(
        staff,
        client_id=str(uuid.uuid5(DEMO_NAMESPACE, f"{staff.pk}:{question_id}:{at.isoformat()}")),
        question_id=question_id,
        version_id=version.pk,
        response=list(content["answer"]) if right else _wrong(content),
        answered_at=at,
        now=at,
    )


def _learnt_weeks_ago(worker: StaffProfile) -> int:
    today = timezone.localdate()
    last_quiet_day = today - timedelta(days=QUIET_DAYS)
    if PracticeAnswer.objects.filter(
        staff=worker, source=AnswerSource.PRACTICE, answered_at__lt=_at(last_quiet_day)
    ).exists():
        return 0
    start = today - timedelta(days=FIRST_DAYS_AGO)
    known = set(PracticeCard.objects.filter(staff=worker).values_list("question_id", flat=True))
    blocked = open_paper_question_ids(worker, now=_at(start))
    fresh = [
        c.question_id
        for c in practice_pool(worker)
        if c.question_id not in known and c.question_id not in blocked
    ]
    # Spread over the bank (its files are grouped by topic) rather than its first pages.
    chosen = fresh[:: max(1, len(fresh) // MASTERED)][:MASTERED]
    mastered = 0
    for n, question_id in enumerate(chosen):
        day = start + timedelta(days=n)
        try:
            while day <= last_quiet_day:
                _answer(worker, question_id, right=True, at=_at(day))
                card = PracticeCard.objects.get(staff=worker, question_id=question_id)
                if is_mastered(card.stability, card.in_book):
                    mastered += 1
                    break
                day = max(day + timedelta(days=1), timezone.localdate(card.due))
        except PracticeError:
            continue  # on one of the worker's exam papers back then
    return mastered


def _teammates_practised(worker: StaffProfile) -> int:
    if worker.department_id is None:
        return 0
    teammates = list(
        StaffProfile.objects.filter(department_id=worker.department_id, status=StaffStatus.ON_POST)
        .exclude(pk=worker.pk)
        .order_by("pk")[:TEAMMATES]
    )
    # Exam mistakes may already be in their books; practice answers mean a loaded demo.
    if PracticeAnswer.objects.filter(staff__in=teammates, source=AnswerSource.PRACTICE).exists():
        return 0
    today = timezone.localdate()
    now = timezone.now()
    practised = 0
    for k, mate in enumerate(teammates):
        # Different diligence and accuracy, so the ranking has an order to show.
        for days_ago in range(k + 2, -1, -1):
            at = _at(today - timedelta(days=days_ago), minute=k)
            if at > now:
                continue
            for n, question_id in enumerate(todays_set(mate, now=at)):
                right = (n + k) % (k + 2) != 0
                _answer(mate, question_id, right=right, at=at + timedelta(minutes=n))
        practised += 1
    return practised


def _leaderboard_on(worker: StaffProfile) -> bool:
    settings = settings_of(worker.enterprise)
    if settings.leaderboard_enabled:
        return False
    manager = get_user_model().objects.filter(username="safety_manager").first()
    update_practice_settings(
        worker.enterprise,
        daily_count=settings.daily_count,
        leaderboard_enabled=True,
        actor=manager,
    )
    return True
