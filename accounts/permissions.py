"""Page-level role checks: the wrong role gets a Chinese 403 page, anonymous users log in.

Object-level tenancy is `accounts.scoping`'s job (404 for anything out of scope); these
guards only say which roles a page is for at all.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve

from accounts.scoping import role_of
from accounts.vocab import Role


def deny_unless_role(request: HttpRequest, roles: tuple[Role, ...]) -> HttpResponse | None:
    """The response to send instead of the page, or None when the user may see it."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if role_of(request.user) in roles:
        return None
    return render(
        request,
        "accounts/forbidden.html",
        {"allowed_role_labels": [role.label for role in roles]},
        status=403,
    )


def role_required(*roles: Role) -> Callable:
    """Decorator for function views: only users whose role is one of ``roles`` get in.
    The view keeps them as ``allowed_roles`` (decorators applied over it with ``wraps``
    carry the attribute out), which the main menu reads."""
    if not roles:
        raise ValueError("role_required() needs at least one role")

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            return deny_unless_role(request, roles) or view(request, *args, **kwargs)

        wrapped.allowed_roles = roles  # type: ignore[attr-defined]
        return wrapped

    return decorator


def roles_allowed_at(path: str) -> tuple[Role, ...]:
    """The roles the page at ``path`` admits (its ``role_required``); none when it has no
    such guard or no page is there."""
    try:
        view = resolve(path).func
    except Resolver404:
        return ()
    return getattr(view, "allowed_roles", ())
