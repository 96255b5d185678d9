"""模拟考试's writes: draw a mock of the person's next exam, save an answer, hand it in.

The draw is the real one (``services.papers``: the blueprint's rules, the person's bank
and layer, near-duplicates kept apart, option order) from a fresh seed, minus the
questions on the person's open papers and voided ones; earlier mocks' questions come
last, so each mock differs, and so do those of a paper drawn ahead for an exam not yet
started (if the bank leaves no choice, that paper is void and the exam draws afresh). Grading is the exam engine's. Answers
handed in are reviews for 每日一练 (FSRS and the 错题本), as practice answers are.

Nothing here creates an ``Attempt`` or touches a person's status, hours or certificates;
the one exam table written is a paper drawn ahead, voided as above.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models.fields.json import KeyTextTransform
from django.utils import timezone

from accounts.models import StaffProfile
from assessments.bank.answer_keys import corrections_in_force
from assessments.exams.engine import (
    InsufficientQuestionsError,
    QuestionType,
    Slot,
    draw_paper,
    grade_with_corrections,
    is_expired,
)
from assessments.exams.selectors.near_duplicates import conflicts_for
from assessments.exams.selectors.paper_history import open_paper_question_ids
from assessments.exams.services.answering import snapshot_of
from assessments.exams.services.papers import candidates_for, engine_blueprint
from assessments.models import PreparedPaper
from practice.mock_selectors import (
    MockTarget,
    mock_target,
    papers_drawn_ahead,
    voided_versions,
)
from practice.models import AnswerSource, MockPaper, MockSlot
from practice.services import file_review

#: Names a mock slot's answer in the practice log, so a hand-in is filed once.
MOCK_NAMESPACE = uuid.UUID("2c7e9a1d-5b3f-4e8a-8d6c-1f0a9b7e3c52")
MAX_FILL_LENGTH = 200


class MockError(ValueError):
    """A refused mock action, with a message for the person (Chinese)."""


class MockClosed(MockError):
    """The mock takes no more answers: handed in, or its time is up."""


def start_mock(staff: StaffProfile, *, now: datetime | None = None) -> MockPaper:
    """Resume the person's mock in progress, or draw a new one of their next exam.

    A mock whose time ran out is handed in first with what was saved.
    """
    now = now or timezone.now()
    with transaction.atomic():
        _lock(staff)
        for paper in MockPaper.objects.filter(staff=staff, submitted_at=None):
            if not is_expired(now, paper.deadline):
                return paper
            submit_mock(paper, now=now)  # past its time: scored as saved
    with transaction.atomic():
        _lock(staff)  # two clicks on 开始 draw one paper
        paper = MockPaper.objects.filter(staff=staff, submitted_at=None).first()
        if paper is not None:
            return paper
        target = mock_target(staff, now=now)
        if target is None:
            raise MockError(
                "您目前没有待参加的考试，所在层级也没有常态化考核方案，暂不能模拟考试。"
            )
        return _draw(staff, target, now)


def _lock(staff: StaffProfile) -> None:
    # No ordering: the default one joins the enterprise, which FOR UPDATE refuses.
    list(StaffProfile.objects.select_for_update().filter(pk=staff.pk).order_by().values_list("pk"))


def _draw(staff: StaffProfile, target: MockTarget, now: datetime) -> MockPaper:
    blueprint = target.blueprint
    candidates = candidates_for(blueprint, staff)
    closed = open_paper_question_ids(staff, now=now)
    voided = voided_versions([c.version_id for c in candidates])
    candidates = [
        c for c in candidates if c.question_id not in closed and c.version_id not in voided
    ]
    seen = set(
        MockSlot.objects.filter(paper__staff=staff).values_list(
            "question_version__question_id", flat=True
        )
    )
    latest = MockPaper.objects.filter(staff=staff).order_by("-started_at", "-pk").first()
    recent = (
        set(latest.slots.values_list("question_version__question_id", flat=True))
        if latest
        else set()
    )
    ahead = papers_drawn_ahead(staff, now=now)
    recent |= {q for questions in ahead.values() for q in questions}
    seed = secrets.randbits(48)
    try:
        paper = draw_paper(
            engine_blueprint(blueprint),
            candidates,
            seen,
            seed,
            recently_seen=recent,
            conflicts=conflicts_for(candidates),
        )
    except InsufficientQuestionsError as exc:
        raise MockError(f"题库中可用于模拟的题目不足（已除去您未结束考试中的题目）：{exc}") from exc
    # A paper drawn ahead that shares a question with the mock would be sat with its
    # answers known: it is void, and 开始 draws the real paper afresh.
    drawn = set(paper.question_ids)
    void = [pk for pk, questions in ahead.items() if questions & drawn]
    if void:
        PreparedPaper.objects.filter(pk__in=void).delete()
    mock = MockPaper.objects.create(
        staff=staff,
        blueprint=blueprint,
        assessment=target.assessment,
        title=target.title,
        seed=seed,
        started_at=now,
        deadline=now + timedelta(minutes=blueprint.time_limit_minutes),
        time_limit_minutes=blueprint.time_limit_minutes,
        pass_mark=blueprint.pass_mark,
        total_points=blueprint.total_points,
        multiple_scoring=blueprint.multiple_scoring,
    )
    MockSlot.objects.bulk_create(
        MockSlot(
            paper=mock,
            number=slot.number,
            question_version_id=slot.version_id,
            option_order=list(slot.option_order),
            points=slot.points,
        )
        for slot in paper.slots
    )
    return mock


def clean_response(question_type: str, option_order: Sequence[str], response: Any) -> list[str]:
    """The answer as stored: option keys of this question (sorted, once each) or one fill
    text. Anything else is refused with a message saying what is wrong."""
    if response is None:
        return []
    if isinstance(response, str):
        response = [response]
    if not isinstance(response, list) or not all(isinstance(item, str) for item in response):
        raise MockError("作答格式不正确：应为选项或填空文字的列表。")
    given = [item.strip() for item in response if item.strip()]
    if question_type == QuestionType.FILL:
        if len(given) > 1 or any(len(item) > MAX_FILL_LENGTH for item in given):
            raise MockError(f"填空题只填一个答案，最多 {MAX_FILL_LENGTH} 字。")
        return given
    allowed = set(option_order) or {"true", "false"}
    if not set(given) <= allowed:
        raise MockError("所选选项不属于本题。")
    if question_type != QuestionType.MULTIPLE and len(set(given)) > 1:
        raise MockError("本题只能选一个答案。")
    return sorted(set(given))


def save_answer(
    paper_id: int, staff: StaffProfile, number: int, response: Any, *, now: datetime | None = None
) -> tuple[list[str], datetime]:
    """Store the current answer to slot ``number`` of the person's own mock; returns it
    and the mock's deadline.

    ``MockSlot.DoesNotExist`` when the paper or slot is not theirs; ``MockClosed`` once
    handed in or past its deadline (nothing is stored then). The paper's row is locked,
    so a save and a hand-in never cross.
    """
    now = now or timezone.now()
    with transaction.atomic():
        paper = (
            MockPaper.objects.select_for_update()
            .filter(pk=paper_id, staff=staff)
            .values("submitted_at", "deadline")
            .first()
        )
        row = (
            MockSlot.objects.filter(paper_id=paper_id, number=number)
            .values(
                "pk",
                "option_order",
                question_type=KeyTextTransform("type", "question_version__content"),
            )
            .first()
        )
        if paper is None or row is None:
            raise MockSlot.DoesNotExist
        if paper["submitted_at"] is not None or is_expired(now, paper["deadline"]):
            raise MockClosed("模拟考试已交卷或时间已到，本题答案未保存。")
        given = clean_response(row["question_type"], row["option_order"], response)
        MockSlot.objects.filter(pk=row["pk"]).update(response=given)
    return given, paper["deadline"]


def submit_mock(
    paper: MockPaper,
    *,
    posted: Mapping[int, Any] | None = None,
    now: datetime | None = None,
) -> MockPaper:
    """Hand in the mock and score it. Answers ``posted`` with the form (slot number → answer)
    are stored first while time remains (the page without JavaScript, or a save still on
    its way); after the deadline the saved answers are scored. Handing in twice scores once."""
    now = now or timezone.now()
    with transaction.atomic():
        paper = MockPaper.objects.select_for_update().get(pk=paper.pk)
        if paper.is_submitted:
            return paper
        timed_out = is_expired(now, paper.deadline)
        if posted and not timed_out:
            slots = {s.number: s for s in paper.slots.select_related("question_version")}
            for number, response in posted.items():
                slot = slots.get(number)
                if slot is None:
                    continue
                try:
                    given = clean_response(
                        slot.question_version.content["type"], slot.option_order, response
                    )
                except MockError:
                    continue  # a forged field keeps the saved answer
                # An empty field keeps it too: a page open in another tab posts blanks,
                # and clearing an answer is saved by the page as it happens.
                if given:
                    MockSlot.objects.filter(pk=slot.pk).update(response=given)
        _hand_in(paper, now=now, timed_out=timed_out)
    return paper


def hand_in_expired_mocks(*, now: datetime | None = None, limit: int = 200) -> int:
    """Hand in mocks left past their time limit, scored as saved (the minute tick), so
    their wrong answers reach the book without the person coming back."""
    now = now or timezone.now()
    done = 0
    for paper in MockPaper.objects.filter(submitted_at=None, deadline__lte=now)[:limit]:
        submit_mock(paper, now=now)
        done += 1
    return done


def _hand_in(paper: MockPaper, *, now: datetime, timed_out: bool) -> None:
    """Grade every slot, store the score and file the answers as reviews (in a transaction)."""
    slots = list(paper.slots.select_related("question_version").order_by("number"))
    answered = [
        (
            Slot(
                number=slot.number,
                question_id=slot.question_version.question_id,
                version_id=slot.question_version_id,
                option_order=tuple(slot.option_order),
                points=slot.points,
            ),
            snapshot_of(slot),  # type: ignore[arg-type]  # a mock slot has what it reads
            tuple(slot.response) or None,
        )
        for slot in slots
    ]
    result = grade_with_corrections(
        answered,
        paper.pass_mark,
        paper.total_points,
        paper.multiple_scoring,
        corrections_in_force(slot.question_version_id for slot in slots),
    )
    by_number = {r.number: r for r in result.per_slot}
    # Answers count from the moment they could last change: the hand-in, or the deadline.
    at = min(now, paper.deadline)
    for slot in slots:
        slot_result = by_number[slot.number]
        slot.result_state = slot_result.state
        slot.points_awarded = slot_result.points_awarded
        if slot.response:  # a question left blank says nothing of what is remembered
            file_review(
                paper.staff,
                client_id=uuid.uuid5(MOCK_NAMESPACE, f"mock-slot:{slot.pk}"),
                version=slot.question_version,
                response=list(slot.response),
                correct=slot_result.is_correct,
                source=AnswerSource.MOCK,
                at=at,
            )
    MockSlot.objects.bulk_update(slots, ["result_state", "points_awarded"])
    paper.submitted_at = now
    paper.timed_out = timed_out
    paper.score = result.score
    paper.passed = result.passed
    paper.correct_count = result.correct_count
    paper.save(update_fields=["submitted_at", "timed_out", "score", "passed", "correct_count"])
