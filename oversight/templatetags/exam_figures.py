"""Figures on the exam dashboards, one rule for empty ones: a rate of nothing is "—"."""

from __future__ import annotations

from django import template

from assessments.exams.selectors.results import rate as rate_of_counts
from oversight.selectors import assessment_status

register = template.Library()

EMPTY = "—"


@register.filter
def rate(value: int | None) -> str:
    """A rate already computed (``RateRow.pass_percent``): 85 → "85%", None → "—"."""
    return EMPTY if value is None else f"{value}%"


@register.filter
def rate_of(part: int, whole: int) -> str:
    """``{{ passed|rate_of:completed }}``: the same rule from two counts."""
    return rate(rate_of_counts(part or 0, whole or 0))


@register.simple_tag
def draft_status(assessment) -> str:
    """待发起, or why a draft left that list (sampling failed, launch period lapsed)."""
    return assessment_status(assessment)
