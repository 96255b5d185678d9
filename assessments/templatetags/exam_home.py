"""The open-exam banner for pages outside the exam app (the site's 首页)."""

from __future__ import annotations

from django import template

from accounts.scoping import profile_of, role_of
from assessments.exams.selectors.examinee import pending_exams
from assessments.exams.views.common import EXAMINEES

register = template.Library()


@register.inclusion_tag("assessments/includes/open_exam_banner.html", takes_context=True)
def open_exam_banner(context) -> dict:
    """The signed-in examinee's open exams (read only; nothing for anyone else)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    cards = pending_exams(profile_of(user)) if role_of(user) in EXAMINEES else ()
    return {"cards": cards, "csrf_token": context.get("csrf_token")}
