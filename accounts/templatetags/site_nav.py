"""The main menu's role-dependent entries: a page's link is shown to exactly the roles its
view's ``role_required`` admits, so the menu cannot offer a page that answers 403, nor hide
one a role may open."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html

from accounts.permissions import roles_allowed_at
from accounts.scoping import role_of

register = template.Library()


@register.simple_tag(takes_context=True)
def nav_link(context, url_name: str, label: str) -> str:
    """``<a href>`` to the page named ``url_name`` when the user's role may open it, marked
    as the current page when it is; nothing otherwise. No query: the role comes from the
    profile loaded with the user."""
    request = context.get("request")
    url = reverse(url_name)
    if role_of(getattr(request, "user", None)) not in roles_allowed_at(url):
        return ""
    if request.path == url:
        return format_html('<a href="{}" aria-current="page">{}</a>', url, label)
    return format_html('<a href="{}">{}</a>', url, label)
