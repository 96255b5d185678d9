"""What the leadership pages share: the year asked for, and a refusal shown as a page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from leadership.signed_steps import NotAllowed


def year_of(request: HttpRequest) -> int:
    """``?year=`` when it is a plausible year, else this year."""
    raw = request.GET.get("year", "")
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw)
    return timezone.localdate().year


def refused(request: HttpRequest, refusal: NotAllowed) -> HttpResponse:
    """The wrong person for a step in scope: a 403 page saying who may take it."""
    return render(request, "leadership/refused.html", {"reason": str(refusal)}, status=403)
