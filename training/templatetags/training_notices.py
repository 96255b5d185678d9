"""The header's 证书 and 提醒 links (the latter with its count, for enterprise managers)."""

from django import template
from django.http import HttpRequest
from django.urls import reverse

from accounts.scoping import profile_of, role_of
from accounts.vocab import ENTERPRISE_MANAGER_ROLES, ENTERPRISE_ROLES
from training.notices import open_count

register = template.Library()

#: Where a request keeps its links once worked out: the header may be rendered more than
#: once per response (phone and desktop navigation), the count is read once.
CACHED_ON_REQUEST = "_training_links"


def links_for(user) -> dict:
    """``certificates``: where the user's 证书 link goes; ``notices``: the count of the
    last 30 days' notices for a manager's enterprise (None for other roles). One query for
    a manager, none for anyone else (their role comes from the profile loaded with the
    user)."""
    role = role_of(user)
    if role not in ENTERPRISE_ROLES:
        return {}
    profile = profile_of(user)
    if role in ENTERPRISE_MANAGER_ROLES:
        return {
            "certificates": reverse(
                "training:enterprise_certificates", args=[profile.enterprise_id]
            ),
            "notices": open_count(profile.enterprise_id),
        }
    return {"certificates": reverse("training:my_certificates"), "notices": None}


@register.simple_tag(takes_context=True)
def training_links(context) -> dict:
    """The user's links, worked out once per request."""
    request: HttpRequest | None = context.get("request")
    user = getattr(request, "user", None)
    if request is None or user is None:
        return {}
    # Keyed by the user: a view that logs someone in or out renders for the new user.
    cached = getattr(request, CACHED_ON_REQUEST, None)
    if cached is None or cached[0] != user.pk:
        cached = (user.pk, links_for(user))
        setattr(request, CACHED_ON_REQUEST, cached)
    return cached[1]
