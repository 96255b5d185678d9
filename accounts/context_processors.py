from __future__ import annotations

from django.http import HttpRequest

from accounts.scoping import role_of


def role(request: HttpRequest) -> dict[str, str | None]:
    """``role`` (e.g. "worker") and ``role_label`` (e.g. "员工"); None for anonymous users."""
    user = getattr(request, "user", None)
    current = role_of(user) if user is not None else None
    return {
        "role": current.value if current else None,
        "role_label": current.label if current else None,
    }
