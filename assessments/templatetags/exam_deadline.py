"""Deadline display: an in-progress paper past its deadline waits for the system's submit."""

from __future__ import annotations

from datetime import datetime

from django import template
from django.utils import timezone

from assessments.exams.engine import is_expired

register = template.Library()

#: Shown for a paper whose time is up until the worker or the tick submits it.
AWAITING_CLOSE = "时间已到，等待系统交卷"


@register.filter
def deadline_passed(deadline: datetime | None) -> bool:
    """``engine.is_expired`` as of now (pages read; the worker and the tick close)."""
    return deadline is not None and is_expired(timezone.now(), deadline)


@register.simple_tag
def awaiting_close_label() -> str:
    return AWAITING_CLOSE
