"""Practice's writes: record an answer (graded by the exam engine, scheduled by FSRS, filed
in the book), sync answers queued offline, star a question, and take an exam's mistakes
into the book once its review is visible.

Practice never creates an ``Attempt`` and never touches a person's status, hours or
certificates: nothing here writes outside the practice tables.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from accounts.models import StaffProfile
from assessments.bank.answer_keys import corrections_in_force
from assessments.bank.models import option_keys
from assessments.exams.engine import (
    QuestionSnapshot,
    ResponseState,
    corrected_question,
    grade_response,
)
from assessments.exams.selectors.examinee import answer_text, review_visible
from assessments.exams.selectors.paper_history import open_paper_question_ids
from assessments.exams.services.answering import current_responses
from assessments.models import Attempt, AttemptState, QuestionVersion, ReviewPolicy
from practice.models import AnswerSource, ExamHarvest, PracticeAnswer, PracticeCard
from practice.scheduling import BookPlace, after_answer, new_state, review
from practice.selectors import bank_questions

#: Exam answers that go to the book: anything short of full marks.
EXAM_MISTAKES = (ResponseState.WRONG, ResponseState.PARTIAL, ResponseState.UNANSWERED)
#: Names the exam slots' answers in the log, so an attempt is taken in once at most.
EXAM_NAMESPACE = uuid.UUID("6f1d3a52-8c1e-4d0e-9a57-3b1f0c9e2d41")
#: A queued answer older than this is refused: the queue is for a lost connection, not
#: for answers typed in weeks ago.
OLDEST_QUEUED = timedelta(days=7)


class PracticeError(ValueError):
    """A refused answer, with a message for the person (Chinese)."""


@dataclass(frozen=True)
class Feedback:
    """What the page shows after an answer, and only after it."""

    client_id: str
    question_id: int
    correct: bool
    given: str
    right_answer: str
    explanation: str
    basis: str
    provision_title: str
    provision_url: str
    in_book: bool
    due: str

    def as_json(self) -> dict[str, Any]:
        return {
            "client_id": self.client_id,
            "question_id": self.question_id,
            "correct": self.correct,
            "given": self.given,
            "right_answer": self.right_answer,
            "explanation": self.explanation,
            "basis": self.basis,
            "provision_title": self.provision_title,
            "provision_url": self.provision_url,
            "in_book": self.in_book,
            "due": self.due,
        }


def snapshot(version: QuestionVersion) -> QuestionSnapshot:
    """The version as the engine grades it, with its answer-key correction if any."""
    content = version.content
    question = QuestionSnapshot(
        version_id=version.pk,
        question_id=version.question_id,
        type=content["type"],
        options=option_keys(content["type"], content.get("options", [])),
        answer=tuple(content["answer"]),
    )
    return corrected_question(question, corrections_in_force([version.pk]).get(version.pk))


def _book_place(card: PracticeCard) -> BookPlace:
    return BookPlace(in_book=card.in_book, right_days=tuple(card.right_days))


def _apply(card: PracticeCard, *, correct: bool, at: datetime) -> None:
    """One answer on the card: FSRS review, the book, the counts (caller saves)."""
    last = card.last_answered_at
    at = max(at, last) if last else at  # a late-synced answer never rewinds the card
    result = review(card.state or None, correct=correct, at=at, question_id=card.question_id)
    place = after_answer(_book_place(card), correct=correct, day=timezone.localdate(at))
    card.state, card.due, card.stability = result.state, result.due, result.stability
    card.in_book, card.right_days = place.in_book, list(place.right_days)
    card.seen_count += 1
    card.right_count += int(correct)
    card.wrong_count += int(not correct)
    card.last_answered_at = at


def _locked_card(staff: StaffProfile, question_id: int, now: datetime) -> PracticeCard:
    card, _ = PracticeCard.objects.get_or_create(
        staff=staff,
        question_id=question_id,
        defaults={"state": new_state(question_id, now), "due": now},
    )
    return PracticeCard.objects.select_for_update().get(pk=card.pk)


def file_review(
    staff: StaffProfile,
    *,
    client_id: uuid.UUID,
    version: QuestionVersion,
    response: list[str],
    correct: bool,
    source: str,
    at: datetime,
) -> bool:
    """Log one answer given outside 每日一练 (an exam, a mock) and review its card: FSRS
    and the book, as a practice answer. Caller holds a transaction; the same
    ``client_id`` twice is filed once (returns False)."""
    if PracticeAnswer.objects.filter(client_id=client_id).exists():
        return False
    card = _locked_card(staff, version.question_id, at)
    PracticeAnswer.objects.create(
        client_id=client_id,
        staff=staff,
        question_id=version.question_id,
        question_version=version,
        response=response,
        correct=correct,
        source=source,
        answered_at=at,
    )
    _apply(card, correct=correct, at=at)
    card.save()
    return True


def feedback_for(answer: PracticeAnswer) -> Feedback:
    version = answer.question_version
    content = version.content
    question = snapshot(version)
    provision = version.source_provision or answer.question.source_provision
    card = PracticeCard.objects.filter(staff_id=answer.staff_id, question_id=answer.question_id)
    in_book, due = card.values_list("in_book", "due").first() or (False, None)
    return Feedback(
        client_id=str(answer.client_id),
        question_id=answer.question_id,
        correct=answer.correct,
        given=answer_text(content["type"], answer.response),
        right_answer=answer_text(content["type"], question.answer),
        explanation=content.get("explanation", ""),
        basis=content.get("basis", ""),
        provision_title=f"《{provision.page.title}》{provision.label}" if provision else "",
        provision_url=provision.get_absolute_url() if provision else "",
        in_book=in_book,
        due=timezone.localdate(due).isoformat() if due else "",
    )


def _parse_response(response: Any) -> list[str]:
    if isinstance(response, str):
        response = [response]
    if not isinstance(response, list) or not all(isinstance(item, str) for item in response):
        raise PracticeError("作答格式不正确：应为选项字母或填空文字的列表。")
    return [item.strip() for item in response if item.strip()][:10]


def record_answer(
    staff: StaffProfile,
    *,
    client_id: str,
    question_id: int,
    version_id: int,
    response: Any,
    answered_at: datetime | None = None,
    now: datetime | None = None,
) -> Feedback:
    """Grade one practice answer and file it; the same ``client_id`` twice is one answer.

    Refused (``PracticeError``) when the question is not in the person's bank, is on an
    exam paper still open for them, or the answer is empty or malformed. Another person's
    ``client_id`` raises ``PracticeAnswer.DoesNotExist`` (the view answers 404).
    """
    now = now or timezone.now()
    try:
        key = uuid.UUID(str(client_id))
    except ValueError as error:
        raise PracticeError("作答编号（client_id）格式不正确。") from error
    existing = PracticeAnswer.objects.filter(client_id=key).first()
    if existing is not None:
        if existing.staff_id != staff.pk:
            raise PracticeAnswer.DoesNotExist
        return feedback_for(existing)
    given = _parse_response(response)
    if not given:
        raise PracticeError("请先作答再提交。")
    at = answered_at or now
    if at > now:
        at = now  # a phone's clock ahead of the server's
    if at < now - OLDEST_QUEUED:
        raise PracticeError("这条作答已超过 7 天未同步，不再记录。")
    if not bank_questions(staff).filter(pk=question_id).exists():
        raise PracticeError(f"第 {question_id} 号试题不在您的题库中。")
    if question_id in open_paper_question_ids(staff, now=now):
        raise PracticeError("这道题在您尚未结束的考试中，考试结束后才能练习。")
    version = (
        QuestionVersion.objects.select_related("source_provision__page")
        .filter(question_id=question_id, pk=version_id)
        .first()
    )
    if version is None:
        raise PracticeError(f"第 {question_id} 号试题没有编号为 {version_id} 的版本。")
    question = snapshot(version)
    graded = grade_response(question, given, 1)
    with transaction.atomic():
        card = _locked_card(staff, question_id, at)
        # A concurrent request with the same id may have won the race while we graded.
        if PracticeAnswer.objects.filter(client_id=key).exists():
            return feedback_for(PracticeAnswer.objects.get(client_id=key, staff=staff))
        answer = PracticeAnswer.objects.create(
            client_id=key,
            staff=staff,
            question_id=question_id,
            question_version=version,
            response=given,
            correct=graded.is_correct,
            source=AnswerSource.PRACTICE,
            answered_at=at,
        )
        _apply(card, correct=graded.is_correct, at=at)
        card.save()
    return feedback_for(answer)


@dataclass(frozen=True)
class SyncResult:
    client_id: str
    feedback: Feedback | None = None
    error: str = ""

    def as_json(self) -> dict[str, Any]:
        if self.feedback is not None:
            return {"client_id": self.client_id, "ok": True, "feedback": self.feedback.as_json()}
        return {"client_id": self.client_id, "ok": False, "error": self.error}


def sync_answers(
    staff: StaffProfile, items: Sequence[Mapping[str, Any]], *, now: datetime | None = None
) -> list[SyncResult]:
    """Record answers queued offline, oldest first; each stands alone (one refused answer
    does not stop the others). The browser drops from its queue every id returned."""
    now = now or timezone.now()

    def when(item: Mapping[str, Any]) -> datetime:
        parsed = parse_datetime(str(item.get("answered_at") or ""))
        if parsed is None:
            return now
        return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)

    results = []
    for item in sorted(items[:100], key=when):
        client_id = str(item.get("client_id", ""))
        try:
            feedback = record_answer(
                staff,
                client_id=client_id,
                question_id=int(item.get("question_id") or 0),
                version_id=int(item.get("version_id") or 0),
                response=item.get("response"),
                answered_at=when(item),
                now=now,
            )
        except (PracticeError, ValueError, TypeError) as error:
            results.append(SyncResult(client_id, error=str(error) or "作答格式不正确。"))
        except PracticeAnswer.DoesNotExist:
            results.append(SyncResult(client_id, error="作答编号已被占用。"))
        else:
            results.append(SyncResult(client_id, feedback=feedback))
    return results


def set_favourite(staff: StaffProfile, question_id: int, favourite: bool) -> bool:
    """Star (or un-star) a question of the person's bank; returns the new value."""
    if not bank_questions(staff).filter(pk=question_id).exists():
        raise PracticeError(f"第 {question_id} 号试题不在您的题库中。")
    now = timezone.now()
    with transaction.atomic():
        card = _locked_card(staff, question_id, now)
        card.favourite = favourite
        card.save(update_fields=["favourite"])
    return favourite


# --- exam mistakes --------------------------------------------------------------------


def attempts_to_harvest(now: datetime) -> Iterable[Attempt]:
    """Graded attempts not yet taken in whose review may already be visible."""
    return (
        Attempt.objects.filter(state=AttemptState.GRADED, practice_harvest__isnull=True)
        .filter(
            Q(assignment__assessment__blueprint__review_policy=ReviewPolicy.AFTER_SUBMIT)
            | Q(
                assignment__assessment__blueprint__review_policy=ReviewPolicy.AFTER_CLOSE,
                assignment__assessment__closes_at__lte=now,
            )
        )
        .select_related("assignment__assessment__blueprint", "assignment__staff")
        .order_by("pk")
    )


def harvest_exam_mistakes(*, now: datetime | None = None, limit: int = 200) -> int:
    """Put the questions a person got wrong in an exam into their book, once the exam's
    review lets them see the answers (called by the minute tick). Returns the attempts
    taken in. The wrong answer is also an FSRS review at the time of the hand-in."""
    now = now or timezone.now()
    done = 0
    for attempt in attempts_to_harvest(now)[:limit]:
        if not review_visible(attempt, now=now):
            continue
        with transaction.atomic():
            if ExamHarvest.objects.filter(attempt=attempt).exists():
                continue
            mistakes = _take_in(attempt, now)
            ExamHarvest.objects.create(attempt=attempt, mistakes=mistakes)
        done += 1
    return done


def _take_in(attempt: Attempt, now: datetime) -> int:
    staff = attempt.assignment.staff
    responses = current_responses(attempt)
    at = attempt.submitted_at or now
    slots = attempt.slots.filter(result_state__in=EXAM_MISTAKES).select_related("question_version")
    count = 0
    for slot in slots:
        count += file_review(
            staff,
            client_id=uuid.uuid5(EXAM_NAMESPACE, f"slot:{slot.pk}"),
            version=slot.question_version,
            response=responses.get(slot.number, []),
            correct=False,
            source=AnswerSource.EXAM,
            at=at,
        )
    return count
