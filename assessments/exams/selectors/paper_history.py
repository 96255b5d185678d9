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
    now = now or timezone.now()
    return set(
        AttemptSlot.objects.filter(attempt__assignment__staff=staff)
        .filter(
            Q(attempt__state=AttemptState.IN_PROGRESS)
            | Q(attempt__assignment__assessment__closes_at__gt=now)
        )
        .exclude(attempt__state=AttemptState.ABANDONED)
        .values_list("question_version__question_id", flat=True)
    )


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
