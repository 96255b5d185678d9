"""The exam's hot path: store one answer in one statement, or say it needs the full path.

Each examinee saves an answer every few seconds, so a sitting of thousands is mostly
this. ``store_answer`` checks ownership, the attempt's state and deadline, the slot and
the response's keys in SQL and inserts the step in the same statement: one round trip,
committed on its own under the view's autocommit (durable as any commit), or with the
caller's transaction inside one. When that statement stores
nothing (not the person's paper, closed, past the deadline, no such question, a key the
question does not have) the caller takes ``answering.save_answer``, which stores what it
accepts and names what it refuses: this path only ever accepts what that one would.

The rules it mirrors:
- a response is normalised as ``answering.clean_response`` does: items stripped, blanks
  dropped, at most ``MAX_RESPONSE_ITEMS``; a 填空 keeps its first item cut to
  ``MAX_FILL_LENGTH``; choices are sorted without repeats, each among the slot's option
  keys (``AttemptSlot.option_order`` is exactly the question's keys, reordered), one at
  most for 单选 and 判断;
- the deadline rule is ``engine.is_expired`` (``deadline <= now`` is over);
- the attempt row is locked (FOR SHARE) as ``submit_attempt`` locks it (FOR UPDATE), so
  no answer lands after a paper is graded: a save waiting on a submit re-reads the row
  and finds it closed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.db.models import Model

from assessments.exams.services.answering import (
    MAX_FILL_LENGTH,
    MAX_RESPONSE_ITEMS,
    RawResponse,
)
from assessments.models import (
    AnswerStep,
    Assignment,
    Attempt,
    AttemptSlot,
    AttemptState,
    QuestionVersion,
)


@dataclass(frozen=True)
class StoredAnswer:
    step_id: int
    response: list[str]
    created_at: datetime
    deadline: datetime


def normalised_forms(raw: RawResponse) -> tuple[list[str], list[str]]:
    """(as a 填空 stores it, as a choice question stores it), like ``clean_response``."""
    values = [raw] if isinstance(raw, str) else list(raw or [])
    values = [str(v).strip() for v in values if str(v).strip()][:MAX_RESPONSE_ITEMS]
    return [v[:MAX_FILL_LENGTH] for v in values[:1]], sorted(set(values))


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


_STATEMENT = f"""
WITH target AS (
    SELECT s.id AS slot_id, a.deadline, v.content ->> 'type' AS type
    FROM {_table(AttemptSlot)} s
    JOIN {_table(Attempt)} a ON a.id = s.attempt_id
    JOIN {_table(Assignment)} g ON g.id = a.assignment_id
    JOIN {_table(QuestionVersion)} v ON v.id = s.question_version_id
    WHERE s.attempt_id = %(attempt)s AND s.number = %(number)s AND g.staff_id = %(staff)s
      AND a.state = %(in_progress)s AND a.deadline > %(now)s
      AND CASE v.content ->> 'type'
            WHEN 'fill' THEN true
            WHEN 'multiple' THEN %(keys)s::text[] <@ s.option_order::text[]
            WHEN 'single' THEN cardinality(%(keys)s::text[]) <= 1
                AND %(keys)s::text[] <@ s.option_order::text[]
            WHEN 'true_false' THEN cardinality(%(keys)s::text[]) <= 1
                AND %(keys)s::text[] <@ s.option_order::text[]
            ELSE false
          END
    FOR SHARE OF a
), stored AS (
    INSERT INTO {_table(AnswerStep)} (slot_id, response, created_at)
    SELECT slot_id,
           CASE WHEN type = 'fill' THEN %(fill)s::jsonb ELSE %(choice)s::jsonb END,
           %(now)s
    FROM target
    RETURNING id, response, created_at
)
SELECT stored.id, stored.response, stored.created_at, target.deadline FROM stored, target
"""


def store_answer(
    attempt_id: int, staff_id: int, slot_number: int, raw: RawResponse, *, now: datetime
) -> StoredAnswer | None:
    """Append the answer step if every rule holds; None stores nothing (see the module)."""
    fill, choice = normalised_forms(raw)
    with connection.cursor() as cursor:
        cursor.execute(
            _STATEMENT,
            {
                "attempt": attempt_id,
                "number": slot_number,
                "staff": staff_id,
                "in_progress": AttemptState.IN_PROGRESS.value,
                "now": now,
                "keys": choice,
                "fill": json.dumps(fill, ensure_ascii=False),
                "choice": json.dumps(choice, ensure_ascii=False),
            },
        )
        row = cursor.fetchone()
    if row is None:
        return None
    step_id, response, created_at, deadline = row
    if isinstance(response, str):
        response = json.loads(response)
    return StoredAnswer(step_id, response, created_at, deadline)
