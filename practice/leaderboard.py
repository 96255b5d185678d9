"""The 班组 leaderboard: the members of the person's own department (班组/车间) ranked by
practice in the week or month. Off unless the enterprise's managers switched it on;
never read for compliance (status, hours, certificates, exam outcomes)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import StaffProfile
from accounts.vocab import ENTERPRISE_ROLES, StaffStatus
from practice.models import AnswerSource, PracticeSettings
from practice.ranking import Period, Standing, Tally, period_start, standings


def leaderboard_enabled(enterprise_id: int | None) -> bool:
    if enterprise_id is None:
        return False
    return PracticeSettings.objects.filter(
        enterprise_id=enterprise_id, leaderboard_enabled=True
    ).exists()


@dataclass(frozen=True)
class Leaderboard:
    team: str
    period: Period
    since: datetime
    standings: tuple[Standing, ...]


def team_leaderboard(
    staff: StaffProfile, period: Period, *, now: datetime | None = None
) -> Leaderboard | None:
    """The ranking of ``staff``'s department for the period holding ``now``; None when
    the person belongs to no department. One query: members with their counts."""
    if staff.enterprise_id is None or staff.department_id is None:
        return None
    now = now or timezone.now()
    since = timezone.make_aware(
        datetime.combine(period_start(period, timezone.localdate(now)), time.min)
    )
    in_period = Q(
        practice_answers__source=AnswerSource.PRACTICE,
        practice_answers__answered_at__gte=since,
        practice_answers__answered_at__lte=now,
    )
    rows = (
        StaffProfile.objects.filter(
            enterprise_id=staff.enterprise_id,
            department_id=staff.department_id,
            role__in=ENTERPRISE_ROLES,
        )
        .exclude(status=StaffStatus.LEFT)
        .annotate(
            answered=Count("practice_answers", filter=in_period),
            right=Count("practice_answers", filter=in_period & Q(practice_answers__correct=True)),
        )
        .values_list(
            "pk", "user__first_name", "user__username", "department__name", "answered", "right"
        )
    )
    team = ""
    tallies = []
    for pk, first_name, username, department, answered, right in rows:
        team = department
        tallies.append(
            Tally(staff_id=pk, name=first_name or username, answered=answered, correct=right)
        )
    return Leaderboard(team=team, period=period, since=since, standings=standings(tallies))
