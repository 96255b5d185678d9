from __future__ import annotations

from django.http import HttpRequest

from accounts.scoping import profile_of, role_of
from accounts.vocab import LEADING_LEVELS, Role


def role(request: HttpRequest) -> dict[str, str | bool | None]:
    """``role`` (e.g. "worker") and ``role_label`` (e.g. "员工"), None for anonymous users;
    ``leads``: a principal or deputy by level, or any role above a worker's (the menu
    offers the leadership pages to them, not to every worker)."""
    user = getattr(request, "user", None)
    current = role_of(user) if user is not None else None
    profile = profile_of(user) if current is not None else None
    return {
        "role": current.value if current else None,
        "role_label": current.label if current else None,
        "leads": current is not None
        and (current != Role.WORKER or (profile is not None and profile.level in LEADING_LEVELS)),
    }
