"""Wagtail's userbar on content pages, for editors only."""

from __future__ import annotations

from django import template
from wagtail.admin.templatetags.wagtailuserbar import get_page_instance, wagtailuserbar

from accounts.scoping import sees_everything

register = template.Library()


@register.simple_tag(takes_context=True)
def editor_userbar(context) -> str:
    """`{% wagtailuserbar %}` where it helps: on a Wagtail page, for an editor.

    Its floating button covers form fields on a phone, so app pages (exams, training,
    dashboards) never get it; and other admin users (question-bank managers) cannot edit
    pages. The checks cost no query: the page is in the context, the profile on the user.
    """
    request = context.get("request")
    if request is None or get_page_instance(context) is None:
        return ""
    if not sees_everything(request.user):
        return ""
    return wagtailuserbar(context)
