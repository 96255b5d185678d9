"""Who a login name means, and how failed logins are throttled (django-axes callables).

A person may type their username, their 工号 or their phone number. 工号 are unique only
within an enterprise and phones are not unique at all, so an identifier that matches
several accounts logs nobody in: the form asks for the username instead.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q, Sum
from django.shortcuts import render

from accounts.vocab import StaffStatus

#: Failures per (account, address) before that pair is locked out.
ACCOUNT_FAILURE_LIMIT = 5
#: Failures per address, over all accounts: looser, since a whole plant may share one
#: outgoing address, but it stops one machine from trying password after password on
#: account after account.
ADDRESS_FAILURE_LIMIT = 30


def accounts_for(identifier: str) -> list:
    """The active accounts a login name means: the username itself, else 工号 or phone."""
    identifier = (identifier or "").strip()
    if not identifier:
        return []
    users = get_user_model()._default_manager.select_related("profile")
    exact = users.filter(username=identifier).first()
    if exact is not None:
        return [exact]
    return list(
        users.filter(Q(profile__employee_no=identifier) | Q(profile__phone=identifier))
        .filter(is_active=True)
        .exclude(profile__status=StaffStatus.LEFT)[:5]
    )


def axes_username(request, credentials) -> str:
    """Failures are counted per account, whichever of its names was typed."""
    typed = (credentials or {}).get("username")
    if typed is None:
        typed = request.POST.get("username", "")
    matches = accounts_for(typed)
    return matches[0].username if len(matches) == 1 else (typed or "")


def failure_limit(request, credentials) -> int:
    """Axes compares one limit with the larger of the per-pair and per-address counts;
    once the pair reaches its own limit the pair's limit applies, else the address's."""
    from axes.models import AccessAttempt

    username = axes_username(request, credentials)
    address = getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR")
    pair = AccessAttempt.objects.filter(username=username, ip_address=address).aggregate(
        n=Sum("failures_since_start")
    )["n"]
    return ACCOUNT_FAILURE_LIMIT if (pair or 0) >= ACCOUNT_FAILURE_LIMIT else ADDRESS_FAILURE_LIMIT


def lockout_response(request, original_response=None, credentials=None):
    """The Chinese lockout page, for the site's login and the Wagtail admin's alike."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)
