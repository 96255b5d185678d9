"""When an attempt must be submitted: its own time limit or the exam window, whichever is first.

All datetimes must be timezone-aware; naive ones are refused rather than guessed at.
"""

from datetime import datetime, timedelta

__all__ = ["effective_deadline", "is_expired", "remaining_seconds"]

_ONE_SECOND = timedelta(seconds=1)


def _require_aware(value: datetime, what: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{what}须带时区：{value.isoformat()}")


def effective_deadline(
    started_at: datetime,
    time_limit_minutes: int | None,
    window_closes_at: datetime | None,
) -> datetime | None:
    """The earlier of ``started_at + time limit`` and the window close; ``None`` if neither."""
    _require_aware(started_at, "开始时间")
    deadlines = []
    if time_limit_minutes is not None:
        if isinstance(time_limit_minutes, bool) or time_limit_minutes <= 0:
            raise ValueError(f"考试时长须为正数（分钟），当前为{time_limit_minutes}")
        deadlines.append(started_at + timedelta(minutes=time_limit_minutes))
    if window_closes_at is not None:
        _require_aware(window_closes_at, "考试截止时间")
        deadlines.append(window_closes_at)
    return min(deadlines) if deadlines else None


def remaining_seconds(now: datetime, deadline: datetime | None) -> int | None:
    """Whole seconds left, rounded up and never negative; ``None`` when there is no deadline.

    Rounding up makes ``remaining_seconds(...) == 0`` agree with ``is_expired(...)``.
    """
    _require_aware(now, "当前时间")
    if deadline is None:
        return None
    _require_aware(deadline, "截止时间")
    # Integer timedelta division keeps microseconds exact; -(-a // b) is a ceiling.
    return max(0, -((now - deadline) // _ONE_SECOND))


def is_expired(now: datetime, deadline: datetime | None, grace_seconds: int = 0) -> bool:
    """True once ``now`` reaches the deadline plus grace (e.g. for a late auto-submit)."""
    _require_aware(now, "当前时间")
    if grace_seconds < 0:
        raise ValueError(f"宽限时间不能为负数，当前为{grace_seconds}")
    if deadline is None:
        return False
    _require_aware(deadline, "截止时间")
    return now >= deadline + timedelta(seconds=grace_seconds)
