"""Closing papers at their deadline: one task per assessment and deadline batch.

Each 开始 used to enqueue a task of its own for its paper's deadline (an INSERT into the
task table and the task's serialisation, on every start of a thousand-person burst).
Deadlines are now gathered in batches of ``BATCH_SECONDS``: a paper whose deadline falls
in a batch is closed by the batch's task, which runs just after the batch ends and
submits every overdue paper of the assessment (``close_overdue_attempts``). A paper thus
closes at most ``BATCH_SECONDS`` + 1 s after its deadline, as before without a browser.

Each web process remembers the batches it has enqueued, so a burst of starts enqueues
one task per process and batch, not one per start. The memory is only a saving: a batch
enqueued twice (two processes, a restart) closes each paper once, since closing locks the
attempt and skips a closed one (``answering.submit_attempt``); and the minute tick closes
whatever a lost task leaves (``answering.expire_overdue_attempts``).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

#: Deadlines closed by one task: a paper closes at most this long (+1 s) after its deadline.
BATCH_SECONDS = 30
_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
_enqueued: set[tuple[int, datetime]] = set()


def batch_end(deadline: datetime) -> datetime:
    """The end of the deadline's batch: the next multiple of ``BATCH_SECONDS`` (itself
    when the deadline falls on one)."""
    step = timedelta(seconds=BATCH_SECONDS)
    return _EPOCH + -((_EPOCH - deadline) // step) * step


def schedule_close(assessment_id: int, deadline: datetime) -> bool:
    """Have the task worker close the assessment's papers of this deadline's batch; True
    when a task was enqueued (False: this process already did, or the task backend runs
    nothing later, as in tests). Call after the attempt is committed."""
    from assessments.exams.tasks import close_overdue_attempts

    run_after = batch_end(deadline) + timedelta(seconds=1)
    key = (assessment_id, run_after)
    if key in _enqueued or not close_overdue_attempts.get_backend().supports_defer:
        return False
    close_overdue_attempts.using(run_after=run_after).enqueue(assessment_id)
    _forget_past(run_after - timedelta(days=1))
    _enqueued.add(key)
    return True


def _forget_past(before: datetime) -> None:
    """Drop batches long gone (a web process lives for weeks)."""
    for key in list(_enqueued):  # a copy: another thread may add meanwhile
        if key[1] < before:
            _enqueued.discard(key)
