"""Correcting a used question version's answer key and regrading, after Moodle's
"regrade attempts".

The frozen version is never edited (papers re-render as they were sat). The correction is
an append-only ``AnswerKeyCorrection`` of that version — the key in force for grading from
then on, so attempts still in progress are graded with it when handed in — and, when the
bank's working copy still carries the wrong key, the copy is corrected too, which makes a
new version for future papers. Every graded attempt that used the version is graded
again by the engine; those whose result changes get their new score and one ``REGRADED``
audit event each (who, when, why, old → new score), and pass↔fail flips get their
training consequences (``regrade_consequences``). ``preview_regrade`` computes the same
without writing; ``regrade`` does it in one transaction.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from wagtail.log_actions import log

from assessments.bank.answer_keys import corrections_in_force, latest_correction
from assessments.bank.models import option_keys
from assessments.bank.services import save_question
from assessments.exams.consequences import Consequence, outcome_policy
from assessments.exams.engine import AttemptResult, Flip, KeyCorrection, ScoreChange, score_change
from assessments.exams.engine.keys import KeyProblem, key_problems
from assessments.exams.services.answering import FRACTION_PLACES, compute_result, store_result
from assessments.exams.services.errors import AssessmentError
from assessments.models import (
    AnswerKeyCorrection,
    AnswerStep,
    Attempt,
    AttemptSlot,
    AttemptState,
    Question,
    QuestionType,
    QuestionVersion,
)
from safetykb.audit import Actor, audit
from safetykb.models import AuditKind

REGRADE_ACTION = "assessments.question.regrade"
STALE_MESSAGE = "预览之后答卷或答案已有变化，请重新预览后再确认。"
MAX_FILL_VARIANTS = 10


class RegradeError(AssessmentError):
    """A refused correction or regrade; nothing was written. The message is Chinese."""


@dataclass(frozen=True)
class AttemptRegrade:
    """One attempt whose result the correction changes."""

    attempt_id: int
    attempt_number: int
    staff_id: int
    staff_name: str
    enterprise_name: str
    assessment_title: str
    assessment_kind: str
    change: ScoreChange
    consequence: Consequence | None = None  # planned (preview) or applied (regrade) on a flip

    @property
    def flip(self) -> Flip | None:
        return self.change.flip


@dataclass(frozen=True)
class RegradePreview:
    version_id: int
    question_id: int
    question_type: str
    previous_answer: tuple[str, ...]  # the key in force before (empty when full marks)
    previous_full_marks: bool
    correction: KeyCorrection
    graded_count: int  # graded attempts that used the version (all are graded again)
    in_progress_count: int  # graded with the corrected key when handed in
    changes: tuple[AttemptRegrade, ...]
    fingerprint: str  # the state previewed; ``regrade`` refuses if it has moved on

    @property
    def changed_count(self) -> int:
        return len(self.changes)

    @property
    def fail_to_pass(self) -> tuple[AttemptRegrade, ...]:
        return tuple(item for item in self.changes if item.flip is Flip.FAIL_TO_PASS)

    @property
    def pass_to_fail(self) -> tuple[AttemptRegrade, ...]:
        return tuple(item for item in self.changes if item.flip is Flip.PASS_TO_FAIL)


@dataclass(frozen=True)
class RegradeResult:
    correction_id: int
    new_version_id: int | None  # the bank's new version for future papers, if any
    graded_count: int
    changes: tuple[AttemptRegrade, ...]

    @property
    def changed_count(self) -> int:
        return len(self.changes)

    @property
    def flipped(self) -> tuple[AttemptRegrade, ...]:
        return tuple(item for item in self.changes if item.flip is not None)


def preview_regrade(
    version: QuestionVersion,
    *,
    new_answer: Sequence[str] | None = None,
    full_marks: bool = False,
) -> RegradePreview:
    """What ``regrade`` would do: affected attempts, old → new scores, flips. No writes."""
    return _Plan.build(version, new_answer, full_marks).preview(with_consequences=True)


def regrade(
    version: QuestionVersion,
    *,
    new_answer: Sequence[str] | None = None,
    full_marks: bool = False,
    actor: Actor,
    reason: str,
    expected_fingerprint: str | None = None,
) -> RegradeResult:
    """Record the corrected key for ``version`` and regrade every graded attempt using it.

    ``expected_fingerprint`` is the preview's: if attempts or the key changed since, the
    regrade is refused (``RegradeError``) and nothing is written.
    """
    reason = (reason or "").strip()
    if not reason:
        raise RegradeError("请填写更正原因（将记入审计日志）。")
    with transaction.atomic():
        # One regrade of a version at a time; submits share-lock it (``answer_keys``).
        version = QuestionVersion.objects.select_for_update().get(pk=version.pk)
        plan = _Plan.build(version, new_answer, full_marks)
        if expected_fingerprint is not None and expected_fingerprint != plan.fingerprint():
            raise RegradeError(STALE_MESSAGE)
        new_version = _correct_bank_copy(plan, actor)
        changed = plan.changed()
        correction = AnswerKeyCorrection.objects.create(
            version=version,
            answer=list(plan.correction.answer),
            full_marks=plan.correction.full_marks,
            previous_answer=list(plan.previous.answer),
            previous_full_marks=plan.previous.full_marks,
            reason=reason,
            new_version=new_version,
            regraded_count=len(plan.graded),
            changed_count=len(changed),
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        for graded in changed:
            store_result(graded.attempt, graded.slots, graded.result)
            graded.attempt.save(update_fields=["score", "passed"])
        applied = tuple(_audit_and_apply(graded, correction, actor, reason) for graded in changed)
        log(
            instance=version.question,
            action=REGRADE_ACTION,
            user=actor,
            data={
                "version": version.number,
                "correction_id": correction.pk,
                "answer": correction.answer,
                "full_marks": correction.full_marks,
                "reason": reason,
                "changed": len(changed),
            },
        )
    return RegradeResult(
        correction_id=correction.pk,
        new_version_id=new_version.pk if new_version else None,
        graded_count=len(plan.graded),
        changes=applied,
    )


def clean_new_answer(content: dict[str, Any], new_answer: Sequence[str]) -> tuple[str, ...]:
    """A corrected key checked against the version's type and options (Chinese errors)."""
    if isinstance(new_answer, str):
        new_answer = [new_answer]
    values = [str(value).strip() for value in new_answer if str(value).strip()]
    question_type = content["type"]
    if question_type == QuestionType.FILL:
        variants = tuple(dict.fromkeys(values))
        if not variants:
            raise RegradeError("请填写更正后的答案；多个可接受的写法分别填写。")
        if len(variants) > MAX_FILL_VARIANTS:
            raise RegradeError(f"可接受的写法最多 {MAX_FILL_VARIANTS} 种。")
        return variants
    keys = tuple(sorted(set(values)))
    allowed = option_keys(question_type, content.get("options", []))
    messages = {
        KeyProblem.NO_ANSWER: "请选择一个正确答案。",
        KeyProblem.MANY_FOR_ONE: "请选择一个正确答案。",
        KeyProblem.MULTIPLE_WITH_ONE: "多选题至少需要两个正确答案。",
        KeyProblem.DUPLICATE: "请不要重复选择同一个答案。",
    }
    for issue in key_problems(question_type, allowed, keys):  # the engine's one key rule
        if issue.problem is KeyProblem.NOT_IN_OPTIONS:
            raise RegradeError(f"答案“{'、'.join(issue.keys)}”不是这道题的选项。")
        raise RegradeError(messages[issue.problem])
    return keys


# --- internals ------------------------------------------------------------------------


@dataclass
class _Graded:
    attempt: Attempt
    slots: list[AttemptSlot]
    result: AttemptResult
    change: ScoreChange
    slots_changed: bool

    @property
    def changed(self) -> bool:
        return self.change.changed or self.slots_changed

    def row(self, consequence: Consequence | None = None) -> AttemptRegrade:
        assignment = self.attempt.assignment
        staff = assignment.staff
        return AttemptRegrade(
            attempt_id=self.attempt.pk,
            attempt_number=self.attempt.number,
            staff_id=staff.pk,
            staff_name=staff.user.get_full_name() or staff.user.username,
            enterprise_name=staff.enterprise.name if staff.enterprise else "",
            assessment_title=assignment.assessment.title,
            assessment_kind=assignment.assessment.get_kind_display(),
            change=self.change,
            consequence=consequence,
        )


@dataclass
class _Plan:
    """The correction asked for and every graded attempt graded with it (no writes)."""

    version: QuestionVersion
    correction: KeyCorrection
    previous: KeyCorrection  # the key in force before, as a correction of the version
    previous_correction_id: int | None
    graded: list[_Graded]
    in_progress_count: int

    @classmethod
    def build(
        cls, version: QuestionVersion, new_answer: Sequence[str] | None, full_marks: bool
    ) -> _Plan:
        if not version.is_frozen:
            raise RegradeError("这个版本还没有用于考试，直接修改试题即可，无需重新评分。")
        last = latest_correction(version)
        if last is None:
            previous = KeyCorrection(version.pk, tuple(version.content["answer"]))
        else:
            previous = KeyCorrection(version.pk, tuple(last.answer), last.full_marks)
        correction = _requested(version, new_answer, full_marks, previous)
        attempts = list(
            Attempt.objects.filter(state=AttemptState.GRADED, slots__question_version=version)
            .select_related(
                "assignment__assessment__blueprint",
                "assignment__staff__user",
                "assignment__staff__enterprise",
            )
            .distinct()
            .order_by("started_at", "pk")
        )
        in_progress = (
            Attempt.objects.filter(
                state__in=[
                    AttemptState.IN_PROGRESS,
                    AttemptState.SUBMITTED,
                    AttemptState.NEEDS_GRADING,
                ],
                slots__question_version=version,
            )
            .distinct()
            .count()
        )
        return cls(
            version=version,
            correction=correction,
            previous=previous,
            previous_correction_id=last.pk if last else None,
            graded=_grade_all(attempts, correction),
            in_progress_count=in_progress,
        )

    def changed(self) -> list[_Graded]:
        return [graded for graded in self.graded if graded.changed]

    def fingerprint(self) -> str:
        state = {
            "version": self.version.pk,
            "key_in_force": self.previous_correction_id,
            "asked": [list(self.correction.answer), self.correction.full_marks],
            "attempts": [
                [g.attempt.pk, str(g.attempt.score), g.attempt.passed] for g in self.graded
            ],
        }
        payload = json.dumps(state, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(payload.encode()).hexdigest()[:32]

    def preview(self, *, with_consequences: bool) -> RegradePreview:
        rows = []
        for graded in self.changed():
            consequence = None
            if with_consequences and graded.change.flip is not None:
                consequence = outcome_policy().plan_regrade(
                    graded.attempt, passed=graded.change.new_passed
                )
            rows.append(graded.row(consequence))
        return RegradePreview(
            version_id=self.version.pk,
            question_id=self.version.question_id,
            question_type=self.version.content["type"],
            previous_answer=self.previous.answer,
            previous_full_marks=self.previous.full_marks,
            correction=self.correction,
            graded_count=len(self.graded),
            in_progress_count=self.in_progress_count,
            changes=tuple(rows),
            fingerprint=self.fingerprint(),
        )


def _requested(
    version: QuestionVersion,
    new_answer: Sequence[str] | None,
    full_marks: bool,
    previous: KeyCorrection,
) -> KeyCorrection:
    if full_marks and new_answer:
        raise RegradeError("请在“更正答案”和“所有考生得分”中选择一项。")
    if full_marks:
        if previous.full_marks:
            raise RegradeError("这个版本已经是“所有考生得分”，无需再次更正。")
        return KeyCorrection(version.pk, full_marks=True)
    if not new_answer:
        raise RegradeError("请选择更正后的答案，或选择“所有考生得分”。")
    answer = clean_new_answer(version.content, new_answer)
    if not previous.full_marks and answer == _normalised(version.content, previous.answer):
        raise RegradeError("更正后的答案与现行答案相同，无需重新评分。")
    return KeyCorrection(version.pk, answer)


def _normalised(content: dict[str, Any], answer: Sequence[str]) -> tuple[str, ...]:
    if content["type"] == QuestionType.FILL:
        return tuple(dict.fromkeys(answer))
    return tuple(sorted(set(answer)))


def _grade_all(attempts: list[Attempt], correction: KeyCorrection) -> list[_Graded]:
    """Grade every attempt with the keys in force plus ``correction`` (three queries)."""
    if not attempts:
        return []
    slots_by_attempt: dict[int, list[AttemptSlot]] = defaultdict(list)
    for slot in (
        AttemptSlot.objects.filter(attempt__in=attempts)
        .select_related("question_version")
        .order_by("attempt_id", "number")
    ):
        slots_by_attempt[slot.attempt_id].append(slot)
    responses: dict[int, dict[int, list[str]]] = defaultdict(dict)
    for attempt_id, number, response in (
        AnswerStep.objects.filter(slot__attempt__in=attempts)
        .order_by("slot_id", "-id")
        .distinct("slot_id")
        .values_list("slot__attempt_id", "slot__number", "response")
    ):
        responses[attempt_id][number] = response
    version_ids = {
        slot.question_version_id for slots in slots_by_attempt.values() for slot in slots
    }
    keys = {**corrections_in_force(version_ids), correction.version_id: correction}
    graded = []
    for attempt in attempts:
        slots = slots_by_attempt[attempt.pk]
        result = compute_result(attempt, slots, responses[attempt.pk], keys)
        graded.append(
            _Graded(
                attempt=attempt,
                slots=slots,
                result=result,
                # Only graded attempts are regraded, and a graded attempt has its score.
                change=score_change(attempt.score or Decimal(0), bool(attempt.passed), result),
                slots_changed=_slots_changed(slots, result),
            )
        )
    return graded


def _slots_changed(slots: list[AttemptSlot], result: AttemptResult) -> bool:
    by_number = {item.number: item for item in result.per_slot}
    return any(
        slot.points_awarded != by_number[slot.number].points_awarded
        or slot.fraction != by_number[slot.number].fraction.quantize(FRACTION_PLACES)
        or slot.result_state != str(by_number[slot.number].state)
        for slot in slots
    )


def _correct_bank_copy(plan: _Plan, actor: Actor) -> QuestionVersion | None:
    """Put the corrected key into the bank's working copy if it still has the wrong one.

    Skipped for full marks, and when the copy was edited since (other type or options, or
    an answer this version never had): the editor has already moved it on.
    """
    if plan.correction.full_marks:
        return None
    content = plan.version.content
    question = Question.objects.select_for_update().get(pk=plan.version.question_id)
    known_keys = {_normalised(content, content["answer"])} | {
        _normalised(content, answer)
        for answer in plan.version.corrections.filter(full_marks=False).values_list(
            "answer", flat=True
        )
    }
    if (
        question.type != content["type"]
        or question.options != content.get("options", [])
        or _normalised(content, question.answer) not in known_keys
    ):
        return None
    question.answer = list(plan.correction.answer)
    # The old version is frozen (it is on papers), so this records a new one.
    return save_question(question, user=actor)


def _audit_and_apply(
    graded: _Graded, correction: AnswerKeyCorrection, actor: Actor, reason: str
) -> AttemptRegrade:
    """One REGRADED event for the attempt, then any training consequence of a flip."""
    attempt, change = graded.attempt, graded.change
    consequence = None
    if change.flip is not None:
        consequence = outcome_policy().plan_regrade(attempt, passed=change.new_passed)
    assessment = attempt.assignment.assessment
    audit(
        AuditKind.REGRADED,
        staff=attempt.assignment.staff,
        actor=actor,
        reason=reason,
        attempt_id=attempt.pk,
        assessment_id=assessment.pk,
        assessment_title=assessment.title,
        question_id=correction.version.question_id,
        version_id=correction.version_id,
        correction_id=correction.pk,
        old_score=str(change.old_score),
        new_score=str(change.new_score),
        old_passed=change.old_passed,
        new_passed=change.new_passed,
        consequence=consequence.note if consequence else "",
    )
    if consequence is not None:
        outcome_policy().apply_regrade(attempt, consequence, actor=actor, reason=reason)
    return graded.row(consequence)
