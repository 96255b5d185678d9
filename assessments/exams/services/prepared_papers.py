"""Papers ready before the bell: draw an opening assessment's papers in the task worker.

Drawing a paper reads the whole bank and the person's earlier questions (~19 queries and
the draw itself); with a thousand people pressing 开始 within seconds that queued every
request behind it. So when a routine round opens or a surprise is launched, the worker
draws every assigned person's paper ahead (``prepare_papers``) and 开始 copies it into
the attempt: in one statement with everything else a first start does
(``prepared_start.start_prepared``), or under the full path's lock
(``take_prepared_paper``, one round trip). The draw is the same as at the
start: per person, unseen questions first, from a fresh seed that the attempt keeps.

A prepared paper is used only while it still holds; otherwise 开始 draws afresh, as it
does for anyone enrolled after the opening (a late joiner):
- the person's first attempt at the assignment, and no attempt of theirs (another exam)
  started since it was drawn (its questions would not count as seen);
- the person's enterprise, level, specialty and post unchanged;
- every question still active and not flagged 依据已修订，待复核, its version the latest
  and unedited (same content hash);
- the blueprint unchanged since: saving a blueprint deletes its open papers
  (``discard_prepared_papers``).
A surprise assessment is drawn only once launched, so nothing exists before it opens.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from accounts.models import StaffProfile
from assessments.exams.engine import (
    CandidateQuestion,
    InsufficientQuestionsError,
    applicable_candidates,
    draw_paper,
)
from assessments.exams.engine.drawing import Paper, Slot
from assessments.exams.selectors.near_duplicates import conflicts_for
from assessments.models import (
    Assessment,
    AssessmentKind,
    Assignment,
    Attempt,
    AttemptSlot,
    PreparedPaper,
    Question,
    QuestionStatus,
    QuestionVersion,
)

#: Kinds whose papers are drawn ahead (a re-test is one person's, started when unlocked).
PREPARED_KINDS = (AssessmentKind.ROUTINE, AssessmentKind.SURPRISE)
BATCH = 500


def audience_of(staff: StaffProfile) -> list[object]:
    """What a paper was drawn for: the fields that choose a person's questions."""
    return [staff.enterprise_id, staff.level or "", staff.specialty or "", staff.post or ""]


def prepare_papers(assessment_id: int, *, now: datetime | None = None) -> int:
    """Draw and store a paper for each assignment of an open assessment that has neither
    one nor an attempt; returns how many. A person the bank cannot serve gets none (开始
    then says why, as before)."""
    from assessments.exams.services.papers import bank_candidates, engine_blueprint

    now = now or timezone.now()
    assessment = (
        Assessment.objects.select_related("blueprint")
        .filter(pk=assessment_id, is_launched=True, kind__in=PREPARED_KINDS, closes_at__gt=now)
        .first()
    )
    if assessment is None:
        return 0
    blueprint = assessment.blueprint
    plan = engine_blueprint(blueprint)
    assignments = list(
        Assignment.objects.filter(
            assessment=assessment, attempts__isnull=True, prepared_paper__isnull=True
        ).select_related("staff")
    )
    seen = _seen_by_staff([a.staff_id for a in assignments])
    banks: dict[int | None, list[CandidateQuestion]] = {}
    audiences: dict[tuple[object, ...], tuple[CandidateQuestion, ...]] = {}
    conflicts: dict[tuple[object, ...], dict[int, frozenset[int]]] = {}
    papers: list[PreparedPaper] = []
    for assignment in assignments:
        staff = assignment.staff
        if staff.enterprise_id not in banks:
            banks[staff.enterprise_id] = bank_candidates(blueprint, staff.enterprise_id)
        audience = tuple(audience_of(staff))
        if audience not in audiences:
            audiences[audience] = applicable_candidates(
                banks[staff.enterprise_id],
                level=staff.level or None,
                specialty=staff.specialty or None,
                post=staff.post or None,
            )
            conflicts[audience] = conflicts_for(audiences[audience])
        seed = secrets.randbits(48)
        try:
            paper = draw_paper(
                plan,
                audiences[audience],
                seen.get(staff.pk, ()),
                seed,
                conflicts=conflicts[audience],  # no near-duplicates on one paper
            )
        except InsufficientQuestionsError:
            continue
        papers.append(
            PreparedPaper(
                assignment=assignment,
                seed=seed,
                slots=[_slot_json(slot) for slot in paper.slots],
                audience=list(audience),
                drawn_at=now,
            )
        )
    hashes = dict(
        QuestionVersion.objects.filter(
            pk__in={item["v"] for prepared in papers for item in prepared.slots}
        ).values_list("pk", "content_hash")
    )
    for prepared in papers:
        for item in prepared.slots:
            item["h"] = hashes[item["v"]]
    with transaction.atomic():
        for start in range(0, len(papers), BATCH):
            # A person who started meanwhile keeps the attempt; the unused row is harmless.
            PreparedPaper.objects.bulk_create(papers[start : start + BATCH], ignore_conflicts=True)
    return len(papers)


def schedule_preparation(assessment_id: int) -> None:
    """Have the task worker draw the papers (call after the opening is committed)."""
    from assessments.exams.tasks import prepare_papers as prepare_papers_task

    prepare_papers_task.enqueue(assessment_id)


def take_prepared_paper(assignment: Assignment, *, first_attempt: bool) -> Paper | None:
    """Remove the assignment's prepared paper and return it if it still holds (see the
    module docstring); None means draw afresh. One round trip; call it under the
    assignment's lock (``start_attempt``)."""
    prepared = connection.ops.quote_name(PreparedPaper._meta.db_table)
    versions = connection.ops.quote_name(QuestionVersion._meta.db_table)
    questions = connection.ops.quote_name(Question._meta.db_table)
    attempts = connection.ops.quote_name(Attempt._meta.db_table)
    assignments = connection.ops.quote_name(Assignment._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH taken AS (DELETE FROM {prepared} WHERE assignment_id = %s"
            " RETURNING seed, slots, audience, drawn_at)"
            " SELECT taken.seed, taken.slots, taken.audience,"
            # Questions on it that are still active, unflagged, latest and unedited…
            " (SELECT count(*) FROM jsonb_to_recordset(taken.slots) AS s(v bigint, h text)"
            f"  JOIN {versions} v ON v.id = s.v AND v.content_hash = s.h"
            f"  JOIN {questions} q ON q.id = v.question_id AND q.status = %s"
            "   AND q.basis_amended_at IS NULL"
            f"  WHERE NOT EXISTS (SELECT 1 FROM {versions} w"
            "   WHERE w.question_id = v.question_id AND w.number > v.number)),"
            # …and whether the person started any attempt since it was drawn.
            f" EXISTS (SELECT 1 FROM {attempts} a JOIN {assignments} g ON g.id = a.assignment_id"
            "  WHERE g.staff_id = %s AND a.started_at >= taken.drawn_at)"
            " FROM taken",
            [assignment.pk, QuestionStatus.ACTIVE.value, assignment.staff_id],
        )
        row = cursor.fetchone()
    if row is None or not first_attempt:
        return None
    seed, slots, audience, current, sat_since = row
    if isinstance(slots, str):  # psycopg decodes jsonb; a plain driver may not
        import json

        slots, audience = json.loads(slots), json.loads(audience)
    if sat_since or current != len(slots) or audience != audience_of(assignment.staff):
        return None
    return Paper(slots=tuple(_slot_of(item) for item in slots), seed=seed)


def discard_prepared_papers(blueprint_id: int) -> int:
    """The blueprint changed: papers drawn from it and not yet started are void."""
    deleted, _ = PreparedPaper.objects.filter(
        assignment__assessment__blueprint_id=blueprint_id
    ).delete()
    return deleted


def _seen_by_staff(staff_ids: list[int]) -> dict[int, set[int]]:
    """Staff id → questions on their earlier papers (one query for everyone)."""
    seen: dict[int, set[int]] = defaultdict(set)
    rows = AttemptSlot.objects.filter(attempt__assignment__staff_id__in=staff_ids).values_list(
        "attempt__assignment__staff_id", "question_version__question_id"
    )
    for staff_id, question_id in rows.iterator(chunk_size=5000):
        seen[staff_id].add(question_id)
    return seen


def _slot_json(slot: Slot) -> dict[str, Any]:
    return {
        "n": slot.number,
        "q": slot.question_id,
        "v": slot.version_id,
        "o": list(slot.option_order),
        "p": str(slot.points),
    }


def _slot_of(item: dict[str, Any]) -> Slot:
    return Slot(
        number=item["n"],
        question_id=item["q"],
        version_id=item["v"],
        option_order=tuple(item["o"]),
        points=Decimal(item["p"]),
    )
