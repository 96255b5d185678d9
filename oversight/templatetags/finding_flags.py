"""The overdue-findings section shown on the enterprise and jurisdiction pages."""

from __future__ import annotations

from django import template
from django.utils import timezone

from oversight.findings import overdue, unresolved, visible_findings

register = template.Library()


@register.inclusion_tag("oversight/findings/flags.html", takes_context=True)
def finding_flags(context, enterprise=None):
    """Overdue and unresolved findings in the viewer's scope (one enterprise's if given)."""
    request = context["request"]
    findings = visible_findings(request.user)
    if enterprise is not None:
        findings = findings.filter(enterprise=enterprise)
    late = overdue(findings, timezone.localdate()).order_by("deadline", "pk")
    return {
        "overdue": list(late[:20]),
        "overdue_count": late.count(),
        "unresolved_count": unresolved(findings).count(),
        "enterprise": enterprise,
    }
