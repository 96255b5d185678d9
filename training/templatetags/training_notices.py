"""The header's 证书 and 提醒 links (the latter with its count, for enterprise managers)."""

from django import template
from django.urls import reverse

from accounts.scoping import profile_of, role_of
from accounts.vocab import ENTERPRISE_MANAGER_ROLES, ENTERPRISE_ROLES
from training.notices import open_count

register = template.Library()


@register.simple_tag(takes_context=True)
def training_links(context) -> dict:
    """``certificates``: where the user's 证书 link goes; ``notices``: the count of the
    last 30 days' notices for a manager's enterprise (None for other roles)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    role = role_of(user) if user is not None else None
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
