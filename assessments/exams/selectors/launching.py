"""What the surprise-test launch pages read: the blueprints an enterprise may use and the
sampling strata of its people."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import QuerySet

from accounts.models import Enterprise, StaffProfile
from accounts.scoping import shared_or_own_bank
from assessments.exams.models import ExamBlueprint

NO_POST = "未设岗位"


def blueprints_for(enterprise: Enterprise) -> QuerySet[ExamBlueprint]:
    """The enterprise's own blueprints and its jurisdiction's shared ones."""
    return ExamBlueprint.objects.filter(
        shared_or_own_bank(enterprise.jurisdiction_id, enterprise.pk)
    ).order_by("name", "pk")


def strata_of(staff: Iterable[StaffProfile]) -> list[tuple[str, int]]:
    """How many people per post (the sampling strata), largest first."""
    counts: dict[str, int] = defaultdict(int)
    for member in staff:
        counts[member.post or NO_POST] += 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))
