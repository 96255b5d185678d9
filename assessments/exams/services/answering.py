"""Saving answers (append-only), submitting, grading and deadline expiry."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import StaffProfile
from assessments.bank.answer_keys import corrections_in_force, lock_versions_for_grading
from assessments.bank.models import option_keys
from assessments.exams.engine import (
    AnsweredSlot,
    AttemptResult,
    KeyCorrection,
    QuestionSnapshot,
    Slot,
    grade_with_corrections,
    is_expired,
    posted_answer_counts,
)
from assessments.exams.services.errors import AssessmentError, AttemptNotFound
from assessments.exams.signals import attempt_graded
from assessments.models import AnswerStep, Attempt, AttemptSlot, AttemptState
from safetykb.audit import RULE_DEADLINE, SYSTEM, Actor, audit
from safetykb.models import AuditKind

#: What a browser posts as an answer: option keys, or the text of a 填空.
RawResponse = list[str] | tuple[str, ...] | str | None

MAX_RESPONSE_ITEMS = 8
MAX_FILL_LENGTH = 200
FRACTION_PLACES = Decimal("0.0001")  # AttemptSlot.fraction has 4 decimal places


def clean_response(slot: AttemptSlot, raw: RawResponse) -> list[str]:
    """Validate a response against the slot's question: keys among its options, short text."""
    values = [raw] if isinstance(raw, str) else list(raw or [])
    values = [str(v).strip() for v in values if str(v).strip()][:MAX_RESPONSE_ITEMS]
    question_type = slot.question_version.content["type"]
    if question_type == "fill":
        return [v[:MAX_FILL_LENGTH] for v in values[:1]]
    content = slot.question_version.content
    allowed = set(option_keys(content["type"], content.get("options", [])))
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise AssessmentError(f"第{slot.number}题的答案“{'、'.join(unknown)}”不是有效选项。")
    if question_type in ("single", "true_false") and len(values) > 1:
        raise AssessmentError(f"第{slot.number}题只能选一个答案。")
    return sorted(set(values))


def save_answer(
    attempt: Attempt,
    slot_number: int,
    raw_response: RawResponse,
    *,
    now: datetime | None = None,
    staff: StaffProfile | None = None,
) -> AnswerStep:
    """Append an answer step. Refused once the attempt is closed or its deadline passed.

    With `staff`, only that person's attempt counts: anyone else's raises AttemptNotFound.
    The returned step's `slot.attempt` is the attempt as locked (state, deadline).
    """
    now = now or timezone.now()
    owned = Attempt.objects.filter(pk=attempt.pk)
    if staff is not None:
        owned = owned.filter(assignment__staff=staff)
    with transaction.atomic():
        # One round trip on the hot path: the slot, its frozen version and the attempt row,
        # locked (submitting takes the same lock, so no answer lands after grading).
        slot = (
            AttemptSlot.objects.select_related("question_version", "attempt")
            .select_for_update(of=("attempt",))
            .filter(attempt__in=owned, number=slot_number)
            .first()
        )
        locked = slot.attempt if slot is not None else owned.select_for_update().first()
        if locked is None:
            raise AttemptNotFound("答卷不存在。")
        if locked.state != AttemptState.IN_PROGRESS:
            raise AssessmentError("本次考试已交卷，不能再修改答案。")
        if is_expired(now, locked.deadline):
            raise AssessmentError("考试时间已到，答案未保存；系统已自动交卷。")
        if slot is None:
            raise AssessmentError(f"试卷中没有第{slot_number}题。")
        return AnswerStep.objects.create(slot=slot, response=clean_response(slot, raw_response))


def current_responses(attempt: Attempt) -> dict[int, list[str]]:
    """Slot number → the last saved response (one query)."""
    steps = (
        AnswerStep.objects.filter(slot__attempt=attempt)
        .order_by("slot_id", "-id")
        .distinct("slot_id")
        .values_list("slot__number", "response")
    )
    return dict(steps)


def current_steps(attempt: Attempt) -> dict[int, tuple[int, list[str]]]:
    """Slot number → (id, response) of its last saved step (one query)."""
    steps = (
        AnswerStep.objects.filter(slot__attempt=attempt)
        .order_by("slot_id", "-id")
        .distinct("slot_id")
        .values_list("slot__number", "id", "response")
    )
    return {number: (step_id, response) for number, step_id, response in steps}


def save_posted_answers(
    attempt: Attempt, posted: Mapping[int, tuple[int | None, list[str]]], *, now: datetime
) -> int:
    """Store a submitted form's answers where they are newer than the saved ones.

    ``posted`` maps slot number → (the step id the page last knew, the form's answer). The
    server's steps are the truth: see ``engine.posted`` for the rule. Returns how many
    answers were stored; a value the slot refuses (tampered) leaves the saved answer.
    """
    saved_steps = current_steps(attempt)
    stored = 0
    for number, (base_step_id, values) in posted.items():
        saved_step_id, saved = saved_steps.get(number, (None, []))
        if not posted_answer_counts(
            values, base_step_id=base_step_id, saved_step_id=saved_step_id, saved=saved
        ):
            continue
        try:
            save_answer(attempt, number, values, now=now)
        except AssessmentError:
            continue
        stored += 1
    return stored


def submit_attempt(
    attempt: Attempt, *, actor: Actor = None, now: datetime | None = None, auto: bool = False
) -> Attempt:
    """Close and grade an attempt; ``attempt_graded`` is sent once that is committed.

    A hand-in is the person's own (``actor``, needing no log entry); an automatic submit
    at the deadline is the system's and is logged as such. The consequences of the grade
    (off post after a fail, a re-test's outcome) are the training side's receiver's, logged
    as 系统 whoever handed the paper in. A paper at or past its deadline (``is_expired``)
    is submitted as the system's, graded on the answers saved before the deadline."""
    now = now or timezone.now()
    with transaction.atomic():
        # Only the attempt row is locked: with the joined rows locked too, every submit of
        # one assessment queued on its assessment row.
        attempt = (
            Attempt.objects.select_for_update(of=("self",))
            .select_related("assignment__assessment", "assignment__staff__enterprise")
            .get(pk=attempt.pk)
        )
        if attempt.state != AttemptState.IN_PROGRESS:
            raise AssessmentError("本次考试已经交卷，不能重复提交。")
        if not auto and is_expired(now, attempt.deadline):
            auto = True  # late submit: the deadline already closed it; grade as of now
        attempt.move_to(AttemptState.SUBMITTED)
        attempt.submitted_at = min(now, attempt.deadline) if auto else now
        attempt.auto_submitted = auto
        attempt.save(update_fields=["state", "submitted_at", "auto_submitted"])
        if auto:
            audit(
                AuditKind.AUTO_SUBMITTED,
                staff=attempt.assignment.staff,
                actor=SYSTEM,
                rule=RULE_DEADLINE,
                reason=f"《{attempt.assignment.assessment.title}》截止时未交卷，系统按已保存的答案交卷",
                attempt_id=attempt.pk,
                assessment_id=attempt.assignment.assessment_id,
            )
        grade(attempt)
        event = {"attempt_id": attempt.pk, "passed": bool(attempt.passed), "auto": auto}
        # After commit: a receiver's error must not undo the grade (robust: it is logged);
        # a consequence lost to a crash meanwhile is caught up by the tick.
        transaction.on_commit(lambda: attempt_graded.send(sender=Attempt, **event), robust=True)
    return attempt


def grade(attempt: Attempt) -> None:
    """Grade every slot from its frozen version, the key in force and the last answer step."""
    slots = list(attempt.slots.select_related("question_version").order_by("number"))
    version_ids = [slot.question_version_id for slot in slots]
    lock_versions_for_grading(version_ids)
    result = compute_result(
        attempt, slots, current_responses(attempt), corrections_in_force(version_ids)
    )
    store_result(attempt, slots, result)
    attempt.move_to(AttemptState.GRADED)
    attempt.graded_at = timezone.now()
    attempt.save(update_fields=["score", "passed", "state", "graded_at"])


def compute_result(
    attempt: Attempt,
    slots: Sequence[AttemptSlot],
    responses: Mapping[int, Sequence[str]],
    corrections: Mapping[int, KeyCorrection],
) -> AttemptResult:
    """The engine's result for a paper with the given answer keys in force (no queries
    beyond the attempt's blueprint): ``corrections`` maps version id → ``KeyCorrection``.
    """
    answered = [
        AnsweredSlot(
            slot=Slot(
                number=slot.number,
                question_id=slot.question_version.question_id,
                version_id=slot.question_version_id,
                option_order=tuple(slot.option_order),
                points=slot.points,
            ),
            question=snapshot_of(slot),
            response=tuple(responses.get(slot.number, ())) or None,
        )
        for slot in slots
    ]
    return grade_with_corrections(
        answered,
        attempt.pass_mark,
        attempt.total_points,
        attempt.multiple_scoring,
        corrections,
    )


def store_result(attempt: Attempt, slots: Sequence[AttemptSlot], result: AttemptResult) -> None:
    """Save a result onto the slots; set the attempt's score and pass flag (caller saves)."""
    by_number = {item.number: item for item in result.per_slot}
    for slot in slots:
        item = by_number[slot.number]
        slot.fraction = item.fraction.quantize(FRACTION_PLACES)
        slot.points_awarded = item.points_awarded
        slot.result_state = str(item.state)
    _update_slot_results(slots)
    attempt.score = result.score
    attempt.passed = result.passed


def _update_slot_results(slots: Sequence[AttemptSlot]) -> None:
    """One UPDATE for the whole paper. `bulk_update` builds a CASE per field and row: for
    a 20-question paper that was a third of a submit's time, all of it in Python."""
    if not slots:
        return
    table = connection.ops.quote_name(AttemptSlot._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} AS slot"
            " SET fraction = row.fraction, points_awarded = row.points,"
            " result_state = row.state"
            " FROM unnest(%s::bigint[], %s::numeric[], %s::numeric[], %s::text[])"
            " AS row(id, fraction, points, state)"
            " WHERE slot.id = row.id",
            [
                [slot.pk for slot in slots],
                [slot.fraction for slot in slots],
                [slot.points_awarded for slot in slots],
                [slot.result_state for slot in slots],
            ],
        )


def snapshot_of(slot: AttemptSlot) -> QuestionSnapshot:
    content = slot.question_version.content
    return QuestionSnapshot(
        version_id=slot.question_version_id,
        question_id=slot.question_version.question_id,
        type=content["type"],
        options=option_keys(content["type"], content.get("options", [])),
        answer=tuple(content["answer"]),
        difficulty=content.get("difficulty", ""),
    )


def overdue_attempts(attempts: QuerySet[Attempt], now: datetime) -> QuerySet[Attempt]:
    """The in-progress attempts among ``attempts`` past their deadline: the query form of
    ``engine.is_expired`` (``deadline <= now``), so a list and a single check agree."""
    return attempts.filter(state=AttemptState.IN_PROGRESS, deadline__lte=now)


def is_awaiting_close(attempt: Attempt, now: datetime | None = None) -> bool:
    """In progress but past its deadline: the worker or the tick is about to submit it
    (pages show 时间已到，等待系统交卷 and write nothing)."""
    return attempt.state == AttemptState.IN_PROGRESS and is_expired(
        now or timezone.now(), attempt.deadline
    )


def expire_overdue_attempts(
    *, now: datetime | None = None, attempts: QuerySet[Attempt] | None = None
) -> int:
    """Submit every in-progress attempt (of ``attempts``, default all) whose deadline has
    passed; returns how many. The tick, the worker and POST endpoints call it: GET pages
    read (``is_awaiting_close``)."""
    now = now or timezone.now()
    scope = Attempt.objects.all() if attempts is None else attempts
    overdue = overdue_attempts(scope, now).values_list("pk", flat=True)
    count = 0
    for attempt_id in list(overdue):
        try:
            submit_attempt(Attempt(pk=attempt_id), now=now, auto=True)
            count += 1
        except AssessmentError:
            continue  # submitted meanwhile by the person or another worker
    return count


def expire_if_overdue(attempt: Attempt, *, now: datetime | None = None) -> Attempt:
    """Close an attempt whose deadline passed: the deadline task, the tick, and the POST
    endpoints where the person acts (start, save, submit). Never from a GET page."""
    now = now or timezone.now()
    if attempt.state == AttemptState.IN_PROGRESS and is_expired(now, attempt.deadline):
        try:
            return submit_attempt(attempt, now=now, auto=True)
        except AssessmentError:
            attempt.refresh_from_db()
    return attempt
