"""Demo practice: the demo worker has practised 每日一练 on each of the last five days, so
the home shows a streak and the 错题本 holds questions due today, and has finished one
模拟考试 yesterday. Idempotent."""

from __future__ import annotations

import uuid
from datetime import datetime, time, timedelta

from django.utils import timezone

from accounts.models import StaffProfile
from assessments.models import QuestionVersion
from practice.mock_exams import MockError, save_answer, start_mock, submit_mock
from practice.models import AnswerSource, MockPaper, PracticeAnswer
from practice.selectors import todays_set
from practice.services import harvest_exam_mistakes, record_answer

DEMO_NAMESPACE = uuid.UUID("0b7d2f7e-3c55-4a8f-9f0e-5d7a1c2b9e10")
DAYS = 5


def load_demo_practice() -> list[str]:
    staff = StaffProfile.objects.filter(user__username="worker").first()
    if staff is None:
        return []
    harvested = harvest_exam_mistakes()
    lines = _daily(staff, harvested)
    return lines + _mock(staff)


def _daily(staff: StaffProfile, harvested: int) -> list[str]:
    if PracticeAnswer.objects.filter(staff=staff, source=AnswerSource.PRACTICE).exists():
        return []
    today = timezone.localdate()
    answered = 0
    for days_ago in range(DAYS, 0, -1):
        day = today - timedelta(days=days_ago)
        at = timezone.make_aware(datetime.combine(day, time(8, 30)))
        for n, question_id in enumerate(todays_set(staff, now=at)):
            version = (
                QuestionVersion.objects.filter(question_id=question_id).order_by("-number").first()
            )
            content = version.content
            # Every third answer wrong, so the book has something in it.
            right = (n + days_ago) % 3 != 0
            response = list(content["answer"]) if right else _wrong(content)
            record_answer(
                staff,
                client_id=str(uuid.uuid5(DEMO_NAMESPACE, f"{day}:{question_id}")),
                question_id=question_id,
                version_id=version.pk,
                response=response,
                answered_at=at + timedelta(minutes=n),
                now=at + timedelta(minutes=n),
            )
            answered += 1
    return [f"练习：演示员工近 {DAYS} 天每日一练 {answered} 题，考试错题收录 {harvested} 份答卷"]


def _mock(staff: StaffProfile) -> list[str]:
    """One mock handed in yesterday evening: most answers right, every fourth wrong."""
    if MockPaper.objects.filter(staff=staff).exists():
        return []
    start = timezone.make_aware(
        datetime.combine(timezone.localdate() - timedelta(days=1), time(19, 0))
    )
    try:
        paper = start_mock(staff, now=start)
    except MockError as error:
        return [f"练习：演示员工无法模拟考试（{error}）"]
    for n, slot in enumerate(paper.slots.select_related("question_version").order_by("number")):
        content = slot.question_version.content
        response = _wrong(content) if n % 4 == 3 else list(content["answer"])
        save_answer(paper.pk, staff, slot.number, response, now=start + timedelta(minutes=n))
    paper = submit_mock(paper, now=start + timedelta(minutes=25))
    return [f"练习：演示员工完成一次模拟考试（{paper.title}，{paper.score} 分）"]


def _wrong(content: dict) -> list[str]:
    if content["type"] == "true_false":
        return ["false"] if content["answer"] == ["true"] else ["true"]
    if content["type"] == "fill":
        return ["不知道"]
    keys = [
        option["key"]
        for option in content.get("options", [])
        if option["key"] not in content["answer"]
    ]
    return keys[:1] or ["不知道"]
