"""Reads shared by leadership's pages and the leadership check: who is a leader, who sees
which plan and problem, a commitment's state, a plan's completion, open problems.

Who sees what: a leader their own plan, activities and the problems they found or own;
the principal everything of their enterprise's leaders; regulators their jurisdiction,
read-only; editors everything (in the admin). The hazard register and commitments are
read by the enterprise's people and kept by its safety managers (``hazards``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import Enterprise, StaffProfile
from accounts.scoping import profile_of, role_of, sees_everything
from accounts.vocab import LEADING_LEVELS, Role, StaffStatus
from leadership import plan_rules
from leadership.models import (
    ActionPlan,
    Commitment,
    CommitmentTemplate,
    HazardGuarantor,
    KeyPlace,
    PlanItem,
    Problem,
    ProblemStatus,
    SiteActivity,
)
from leadership.plan_rules import CommitmentState, Completion, ItemTarget

#: Levels that lead by their post; everyone else leads by an assignment (联系人, 包保).


def today() -> dt.date:
    return timezone.localdate()


# --- who is a leader -------------------------------------------------------------------


def leaders_of(enterprise: Enterprise | int) -> QuerySet[StaffProfile]:
    """The enterprise's leaders: principal and deputies by level, 包保责任人 and 联系人 by
    assignment, and anyone who has an action plan. Derived, not a role."""
    enterprise_id = getattr(enterprise, "pk", enterprise)
    assigned = Q(
        pk__in=HazardGuarantor.objects.filter(source__enterprise_id=enterprise_id).values(
            "staff_id"
        )
    ) | Q(pk__in=KeyPlace.objects.filter(enterprise_id=enterprise_id).values("contact_id"))
    planned = Q(pk__in=ActionPlan.objects.filter(enterprise_id=enterprise_id).values("staff_id"))
    return (
        StaffProfile.objects.select_related("user", "department")
        .filter(enterprise_id=enterprise_id)
        .exclude(status=StaffStatus.LEFT)
        .filter(Q(level__in=LEADING_LEVELS) | assigned | planned)
        .distinct()
        .order_by("employee_no", "pk")
    )


def is_leader(staff: StaffProfile) -> bool:
    return (
        staff.enterprise_id is not None
        and leaders_of(staff.enterprise_id).filter(pk=staff.pk).exists()
    )


def is_principal_of(user, enterprise_id: int | None) -> bool:
    profile = profile_of(user)
    return (
        role_of(user) == Role.PRINCIPAL
        and profile is not None
        and profile.enterprise_id == enterprise_id
    )


# --- tenancy ---------------------------------------------------------------------------


def _scoped(user, rows: QuerySet, *, own: Q, enterprise: str = "enterprise") -> QuerySet:
    role, profile = role_of(user), profile_of(user)
    if sees_everything(user):
        return rows
    if role is None or profile is None:
        return rows.none()
    if role == Role.REGULATOR:
        return rows.filter(**{f"{enterprise}__jurisdiction_id": profile.jurisdiction_id})
    if role == Role.PRINCIPAL:
        return rows.filter(**{f"{enterprise}_id": profile.enterprise_id})
    return rows.filter(own)


def visible_plans(user) -> QuerySet[ActionPlan]:
    profile = profile_of(user)
    rows = ActionPlan.objects.select_related("staff__user", "enterprise")
    return _scoped(user, rows, own=Q(staff_id=getattr(profile, "pk", None)))


def visible_activities(user) -> QuerySet[SiteActivity]:
    profile = profile_of(user)
    rows = SiteActivity.objects.select_related(
        "plan__staff__user", "hazard_source", "key_place", "item"
    )
    own = Q(plan__staff_id=getattr(profile, "pk", None))
    return _scoped(user, rows, own=own, enterprise="plan__enterprise")


def visible_problems(user) -> QuerySet[Problem]:
    """A leader sees the problems they found; an owner the problems they must fix."""
    pk = getattr(profile_of(user), "pk", None)
    rows = Problem.objects.select_related("found_by__user", "owner__user", "activity")
    return _scoped(user, rows, own=Q(found_by_id=pk) | Q(owner_id=pk))


def visible_commitments(user) -> QuerySet[Commitment]:
    """The enterprise's managers and regulators see every copy; others their own."""
    pk = getattr(profile_of(user), "pk", None)
    rows = Commitment.objects.select_related("staff__user", "enterprise")
    if role_of(user) == Role.SAFETY_MANAGER:
        return rows.filter(enterprise_id=profile_of(user).enterprise_id)
    return _scoped(user, rows, own=Q(staff_id=pk))


def get_in_scope_or_404(rows: QuerySet, pk: int, message: str):
    found = rows.filter(pk=pk).first()
    if found is None:
        raise Http404(message)
    return found


# --- commitments -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CommitmentStatus:
    state: CommitmentState
    due_date: dt.date | None
    signed_at: dt.datetime | None
    commitment: Commitment | None

    @property
    def label(self) -> str:
        return self.state.label


def commitment_status(
    staff: StaffProfile, year: int, *, on: dt.date | None = None
) -> CommitmentStatus:
    """Signed on time / late / pending / overdue / not issued, with the due date (the
    template's when no copy was issued yet)."""
    return commitment_statuses([staff], year, on=on)[staff.pk]


def commitment_statuses(
    people: list[StaffProfile], year: int, *, on: dt.date | None = None
) -> dict[int, CommitmentStatus]:
    """``commitment_status`` for many people of one jurisdiction at once (two queries)."""
    copies = {
        c.staff_id: c
        for c in Commitment.objects.select_related("staff__user", "enterprise").filter(
            staff__in=[p.pk for p in people], year=year
        )
    }
    templates = {
        t.jurisdiction_id: t
        for t in CommitmentTemplate.objects.filter(
            jurisdiction_id__in={p.jurisdiction_id for p in people}, year=year
        )
    }
    return {
        p.pk: _status(p, copies.get(p.pk), templates.get(p.jurisdiction_id), on or today())
        for p in people
    }


def _status(
    staff: StaffProfile,
    commitment: Commitment | None,
    template: CommitmentTemplate | None,
    on: dt.date,
) -> CommitmentStatus:
    source = commitment or template
    due = source.due_date if source is not None else None
    signed_at = commitment.signed_at if commitment else None
    state = plan_rules.commitment_state(
        issued=commitment is not None,
        signed_on=timezone.localdate(signed_at) if signed_at else None,
        due=due,
        today=on,
    )
    if state == CommitmentState.NOT_ISSUED and due is not None and staff.level in LEADING_LEVELS:
        # A principal or deputy must sign whether or not the copy was issued yet.
        state = plan_rules.commitment_state(issued=True, signed_on=None, due=due, today=on)
    return CommitmentStatus(state, due, signed_at, commitment)


# --- plans -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PlanCompletion:
    plan: ActionPlan | None
    completion: Completion
    items: tuple  # (PlanItem, ItemCompletion) pairs, in plan order

    @property
    def share(self) -> Decimal | None:
        return self.completion.share

    @property
    def percent(self) -> int | None:
        return self.completion.percent


NO_PLAN = PlanCompletion(None, Completion(()), ())


def plan_completion(
    staff: StaffProfile, year: int, month: int | None = None, *, on: dt.date | None = None
) -> PlanCompletion:
    """Targets against activities done, per item and overall: for one month, or for the
    year (a past year whole, this year up to this month)."""
    return plan_completions([staff.pk], year, month, on=on).get(staff.pk, NO_PLAN)


def plan_completions(
    staff_ids: list[int], year: int, month: int | None = None, *, on: dt.date | None = None
) -> dict[int, PlanCompletion]:
    """``plan_completion`` for many leaders at once (three queries); no plan, no key."""
    plans = list(
        ActionPlan.objects.filter(staff_id__in=staff_ids, year=year).prefetch_related(
            Prefetch(
                "items", queryset=PlanItem.objects.select_related("hazard_source", "key_place")
            )
        )
    )
    activities = SiteActivity.objects.filter(plan__in=[p.pk for p in plans], item__isnull=False)
    if month is not None:
        activities = activities.filter(occurred_at__year=year, occurred_at__month=month)
    done = Counter(activities.values_list("item_id", flat=True))
    months = plan_rules.months_counted(year, month, on or today())
    found = {}
    for plan in plans:
        items = list(plan.items.all())
        result = plan_rules.completion(
            (ItemTarget(item.pk, item.times, item.period) for item in items), done, months
        )
        found[plan.staff_id] = PlanCompletion(
            plan, result, tuple(zip(items, result.items, strict=True))
        )
    return found


# --- problems --------------------------------------------------------------------------


def open_problems(staff_or_enterprise: StaffProfile | Enterprise) -> QuerySet[Problem]:
    """Problems not yet confirmed: for a person, those they found or own; for an
    enterprise, all of its own."""
    rows = Problem.objects.select_related("found_by__user", "owner__user", "activity").exclude(
        status=ProblemStatus.CONFIRMED
    )
    if isinstance(staff_or_enterprise, Enterprise):
        return rows.filter(enterprise=staff_or_enterprise)
    return rows.filter(Q(found_by=staff_or_enterprise) | Q(owner=staff_or_enterprise))


def plan_completion_by_month(
    staff: StaffProfile, year: int, through: int
) -> list[tuple[int, PlanCompletion]]:
    """Month by month from January to ``through`` (three queries, not three a month)."""
    plan = (
        ActionPlan.objects.filter(staff=staff, year=year)
        .prefetch_related(
            Prefetch(
                "items", queryset=PlanItem.objects.select_related("hazard_source", "key_place")
            )
        )
        .first()
    )
    if plan is None:
        return []
    items = list(plan.items.all())
    by_month: dict[int, Counter[int]] = {}
    for item_id, occurred_at in SiteActivity.objects.filter(
        plan=plan, item__isnull=False, occurred_at__year=year
    ).values_list("item_id", "occurred_at"):
        by_month.setdefault(timezone.localtime(occurred_at).month, Counter())[item_id] += 1
    rows = []
    for month in range(1, through + 1):
        result = plan_rules.completion(
            (ItemTarget(item.pk, item.times, item.period) for item in items),
            by_month.get(month, Counter()),
            1,
        )
        rows.append(
            (month, PlanCompletion(plan, result, tuple(zip(items, result.items, strict=True))))
        )
    return rows


@dataclass(frozen=True, slots=True)
class ProblemCounts:
    open: int = 0
    overdue: int = 0


def problems_found_counts(
    staff_ids: list[int], *, on: dt.date | None = None
) -> dict[int, ProblemCounts]:
    """Per leader, the problems they found not yet confirmed, and how many of those are
    past their deadline still unclosed (one query)."""
    rows = (
        Problem.objects.filter(found_by_id__in=staff_ids)
        .exclude(status=ProblemStatus.CONFIRMED)
        .values("found_by_id")
        .annotate(
            open=Count("pk"),
            overdue=Count("pk", filter=Q(status=ProblemStatus.OPEN, deadline__lt=on or today())),
        )
    )
    return {row["found_by_id"]: ProblemCounts(row["open"], row["overdue"]) for row in rows}


def problems_closed_on_time_share(
    staff: StaffProfile, year: int, *, on: dt.date | None = None
) -> Decimal | None:
    """Of the problems the leader found in ``year`` that are due or closed, the share
    their owners closed by the deadline; None when none are due yet."""
    rows = Problem.objects.filter(found_by=staff, activity__occurred_at__year=year)
    pairs = [
        (deadline, timezone.localdate(closed_at) if closed_at else None)
        for deadline, closed_at in rows.values_list("deadline", "closed_at")
    ]
    return plan_rules.on_time_share(pairs, on or today())
