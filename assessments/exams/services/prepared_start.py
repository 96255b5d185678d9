"""开始 in one statement when the person's paper was drawn ahead.

A sitting opens with everyone pressing 开始 within seconds, so this is the burst's path.
``start_prepared`` checks and writes in one round trip (autocommit, or inside the
caller's transaction) with no model instances: the assignment is the person's, its
assessment open and launched, a routine round or a surprise (the kinds drawn ahead), no
attempt of theirs yet; the prepared paper still holds (``prepared_papers``: same
audience, no attempt of the person since it was drawn, every question active, latest and
unedited). Then it takes the paper, creates the attempt and its slots from the paper's
frozen rows and freezes the versions, as ``papers.start_attempt`` does.

Anything else (a second 开始 on an open attempt, a second attempt, a re-test, a person off
post, a late joiner with no paper, a paper that no longer holds, a closed window) stores
nothing and returns None: the caller takes ``start_attempt``, which resumes, draws afresh
or names the refusal. This path only ever starts what that one would, with the same
paper, seed, option order and deadline.

Locks are taken in ``start_attempt``'s order: the assignment row (FOR UPDATE), then the
prepared paper (its DELETE), so a double click or a concurrent full path waits; the one
that waited finds the paper gone, stores nothing and resumes through the full path.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from django.db import connection, transaction
from django.db.models import Model

from accounts.models import StaffProfile
from accounts.vocab import StaffStatus
from assessments.exams.services.deadlines import schedule_close
from assessments.exams.services.prepared_papers import PREPARED_KINDS, audience_of
from assessments.models import (
    Assessment,
    Assignment,
    Attempt,
    AttemptSlot,
    AttemptState,
    ExamBlueprint,
    PreparedPaper,
    Question,
    QuestionStatus,
    QuestionVersion,
)


@dataclass(frozen=True)
class StartedAttempt:
    attempt_id: int
    assessment_id: int
    deadline: datetime


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


_STATEMENT = f"""
WITH assignment AS (
    SELECT g.id, g.assessment_id, a.closes_at, b.time_limit_minutes,
           b.pass_mark, b.total_points, b.multiple_scoring
    FROM {_table(Assignment)} g
    JOIN {_table(Assessment)} a ON a.id = g.assessment_id
    JOIN {_table(ExamBlueprint)} b ON b.id = a.blueprint_id
    WHERE g.id = %(assignment)s AND g.staff_id = %(staff)s
      AND a.is_launched AND a.opens_at <= %(now)s AND a.closes_at > %(now)s
      AND a.kind = ANY(%(kinds)s::text[]) AND b.attempts_allowed >= 1
      AND NOT EXISTS (SELECT 1 FROM {_table(Attempt)} t WHERE t.assignment_id = g.id)
    FOR UPDATE OF g
), taken AS (
    DELETE FROM {_table(PreparedPaper)} p USING assignment
    WHERE p.assignment_id = assignment.id
      AND p.audience = %(audience)s::jsonb
      AND NOT EXISTS (
          SELECT 1 FROM {_table(Attempt)} t
          JOIN {_table(Assignment)} o ON o.id = t.assignment_id
          WHERE o.staff_id = %(staff)s AND t.started_at >= p.drawn_at)
      AND jsonb_array_length(p.slots) = (
          SELECT count(*) FROM jsonb_to_recordset(p.slots) AS s(v bigint, h text)
          JOIN {_table(QuestionVersion)} v ON v.id = s.v AND v.content_hash = s.h
          JOIN {_table(Question)} q ON q.id = v.question_id AND q.status = %(active)s
          WHERE NOT EXISTS (SELECT 1 FROM {_table(QuestionVersion)} w
                            WHERE w.question_id = v.question_id AND w.number > v.number))
    RETURNING p.seed, p.slots
), attempt AS (
    INSERT INTO {_table(Attempt)} (assignment_id, number, state, seed, started_at, deadline,
        auto_submitted, pass_mark, total_points, multiple_scoring)
    SELECT assignment.id, 1, %(in_progress)s, taken.seed, %(now)s,
           LEAST(%(now)s + assignment.time_limit_minutes * interval '1 minute',
                 assignment.closes_at),
           false, assignment.pass_mark, assignment.total_points, assignment.multiple_scoring
    FROM assignment, taken
    RETURNING id, deadline
), slots AS (
    INSERT INTO {_table(AttemptSlot)} (attempt_id, number, question_version_id, option_order,
        points, result_state)
    SELECT attempt.id, s.n, s.v,
           ARRAY(SELECT e.k FROM jsonb_array_elements_text(s.o) WITH ORDINALITY AS e(k, i)
                 ORDER BY e.i),
           s.p::numeric, ''
    FROM attempt, taken, jsonb_to_recordset(taken.slots) AS s(n integer, v bigint, o jsonb, p text)
    ORDER BY s.n
    RETURNING question_version_id
), frozen AS (
    -- Locked in id order: a burst of starts freezing the same bank cannot deadlock.
    UPDATE {_table(QuestionVersion)} v SET used_at = %(now)s
    FROM (SELECT id FROM {_table(QuestionVersion)}
          WHERE id IN (SELECT question_version_id FROM slots) AND used_at IS NULL
          ORDER BY id FOR UPDATE) AS unused
    WHERE v.id = unused.id
)
SELECT attempt.id, assignment.assessment_id, attempt.deadline FROM attempt, assignment
"""


def start_prepared(
    assignment_id: int, staff: StaffProfile, *, now: datetime
) -> StartedAttempt | None:
    """Start the person's first attempt from their prepared paper in one statement, or
    None when anything is unusual (see the module); the caller then takes the full path.
    The deadline's closing task is enqueued once the attempt is committed."""
    if staff.status != StaffStatus.ON_POST:  # the training rules are the full path's
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            _STATEMENT,
            {
                "assignment": assignment_id,
                "staff": staff.pk,
                "now": now,
                "kinds": [kind.value for kind in PREPARED_KINDS],
                "audience": json.dumps(audience_of(staff), ensure_ascii=False),
                "active": QuestionStatus.ACTIVE.value,
                "in_progress": AttemptState.NOT_STARTED.transition_to(
                    AttemptState.IN_PROGRESS
                ).value,
            },
        )
        row = cursor.fetchone()
    if row is None:
        return None
    started = StartedAttempt(*row)
    # A task lost here is no lost paper: the minute tick closes it too.
    transaction.on_commit(
        lambda: schedule_close(started.assessment_id, started.deadline), robust=True
    )
    return started
