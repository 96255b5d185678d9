"""Which questions a person's papers hold: open ones (kept out of practice) and the latest
one (drawn last on a re-test)."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q, Subquery
from django.utils import timezone

from assessments.models import Attempt, AttemptSlot, AttemptState


def open_paper_question_ids(staff, *, now: datetime | None = None) -> set[int]:
    """Question ids on ``staff``'s papers that are still open: practice must not show them.

    Open means in progress, or handed in while its round is still open: answers are
    shown only after the round closes so the first to finish cannot pass them on, and
    practice with immediate feedback would show them at once.
    """
    return set(
        _open_slots(now or timezone.now())
        .filter(attempt__assignment__staff=staff)
        .values_list("question_version__question_id", flat=True)
    )


def open_paper_question_ids_by_staff(staff_ids, *, now: datetime) -> dict[int, set[int]]:
    """``open_paper_question_ids`` for many people in one query: staff id → question ids
    (people with no open paper are absent)."""
    by_staff: dict[int, set[int]] = {}
    rows = (
        _open_slots(now)
        .filter(attempt__assignment__staff_id__in=staff_ids)
        .values_list("attempt__assignment__staff_id", "question_version__question_id")
    )
    for staff_id, question_id in rows:
        by_staff.setdefault(staff_id, set()).add(question_id)
    return by_staff


def _open_slots(now: datetime):
    return AttemptSlot.objects.filter(
        Q(attempt__state=AttemptState.IN_PROGRESS)
        | Q(attempt__assignment__assessment__closes_at__gt=now)
    ).exclude(attempt__state=AttemptState.ABANDONED)


def latest_paper_question_ids(staff) -> set[int]:
    """Question ids of ``staff``'s most recently started paper (for a re-test, the failed one).

    One query: the latest attempt is a subquery.
    """
    latest = (
        Attempt.objects.filter(assignment__staff=staff)
        .order_by("-started_at", "-pk")
        .values("pk")[:1]
    )
    return set(
        AttemptSlot.objects.filter(attempt_id=Subquery(latest)).values_list(
            "question_version__question_id", flat=True
        )
    )
