"""Tenancy selectors: which enterprises and staff records a user may see.

- worker: their own enterprise; of the staff, only their own record.
- safety_manager, principal: their own enterprise and every record in it.
- regulator: the enterprises of their jurisdiction and those enterprises' staff.
- editor, or a superuser holding none of the roles above: everything. They maintain people
  data in the Wagtail admin (whose listings use these selectors too). The enterprise pages
  of the site are additionally guarded by `role_required`, which does not admit editors, so
  admin rights never turn an account into an enterprise dashboard: give the person a
  profile with an enterprise role or the regulator role for that.
- a superuser who also holds an enterprise or regulator role is scoped by that role.
- no profile, or a profile marked 离职 (left): nothing.

Jurisdictions: each user sees their own (editors all); departments follow enterprises.
The admin's listings and choosers read these too (`accounts.admin_viewsets`).

Banks (question bank, exam blueprints): rows with a jurisdiction and an optional
enterprise (``accounts.models.JurisdictionOwned``). No enterprise means the
jurisdiction's shared bank, which the bureau (regulators, editors) maintains; an
enterprise's own bank is its managers'. Enterprise users see the shared bank and their
own, never another enterprise's; regulators see every bank of their jurisdiction and
manage its shared one; editors see and manage everything (``visible_in_banks``,
``manageable_in_banks`` and their per-object forms ``can_see_bank``/``can_manage_bank``).

Anything outside the scope is a 404 (never 403), so ids cannot be probed.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.models import Department, Enterprise, Jurisdiction, StaffProfile
from accounts.vocab import ENTERPRISE_MANAGER_ROLES, Role, StaffStatus


def profile_of(user) -> StaffProfile | None:
    """The user's profile, or None for anonymous users and logins without one."""
    if user is None or not user.is_authenticated:
        return None
    try:
        # Django caches the reverse one-to-one (including its absence) on the user object.
        return user.profile
    except StaffProfile.DoesNotExist:
        return None


def role_of(user) -> Role | None:
    """The role the site grants this user; None when anonymous, profileless or left."""
    profile = profile_of(user)
    if profile is None or profile.status == StaffStatus.LEFT:
        return None
    return Role(profile.role)


def _sees_everything(user, role: Role | None) -> bool:
    return role == Role.EDITOR or (role is None and user.is_authenticated and user.is_superuser)


def sees_everything(user) -> bool:
    """Editors, and superusers without a staff profile: every jurisdiction's content."""
    return _sees_everything(user, role_of(user))


def visible_enterprises(user) -> QuerySet[Enterprise]:
    enterprises = Enterprise.objects.select_related("jurisdiction")
    role = role_of(user)
    if _sees_everything(user, role):
        return enterprises.all()
    profile = profile_of(user)
    if role is None or profile is None:
        return enterprises.none()
    if role == Role.REGULATOR:
        return enterprises.filter(jurisdiction_id=profile.jurisdiction_id)
    return enterprises.filter(pk=profile.enterprise_id)


def visible_jurisdictions(user) -> QuerySet[Jurisdiction]:
    """Editors every jurisdiction; everyone else only their own (the enterprise's)."""
    if sees_everything(user):
        return Jurisdiction.objects.all()
    profile = profile_of(user)
    if role_of(user) is None or profile is None:
        return Jurisdiction.objects.none()
    return Jurisdiction.objects.filter(pk=profile.jurisdiction_id)


def visible_departments(user) -> QuerySet[Department]:
    """The departments of the enterprises the user sees."""
    return Department.objects.select_related("enterprise", "parent").filter(
        enterprise__in=visible_enterprises(user)
    )


def visible_staff(user) -> QuerySet[StaffProfile]:
    staff = StaffProfile.objects.select_related("user", "enterprise", "department")
    role = role_of(user)
    if _sees_everything(user, role):
        return staff.all()
    profile = profile_of(user)
    if role is None or profile is None:
        return staff.none()
    if role == Role.REGULATOR:
        return staff.filter(enterprise__jurisdiction_id=profile.jurisdiction_id)
    if role in ENTERPRISE_MANAGER_ROLES:
        return staff.filter(enterprise_id=profile.enterprise_id)
    return staff.filter(pk=profile.pk)


def shared_bank(jurisdiction_id: int) -> Q:
    """The jurisdiction's shared bank: its rows without an enterprise."""
    return Q(enterprise__isnull=True, jurisdiction_id=jurisdiction_id)


def shared_or_own_bank(jurisdiction_id: int, enterprise_id: int | None) -> Q:
    """The jurisdiction's shared bank plus the enterprise's own bank (if any)."""
    scope = shared_bank(jurisdiction_id)
    if enterprise_id is not None:
        scope |= Q(enterprise_id=enterprise_id)
    return scope


def own_bank(user) -> tuple[int, int | None] | None:
    """(jurisdiction id, enterprise id) of the bank the user's role writes to: an enterprise
    manager's own enterprise bank, a regulator's jurisdiction's shared bank; None for
    everyone else (editors choose a bank; workers write to none)."""
    role, profile = role_of(user), profile_of(user)
    if role in ENTERPRISE_MANAGER_ROLES:
        return profile.jurisdiction_id, profile.enterprise_id
    if role == Role.REGULATOR:
        return profile.jurisdiction_id, None
    return None


def visible_in_banks(user, rows: QuerySet) -> QuerySet:
    """The ``rows`` (of a jurisdiction-owned model) the user may see."""
    role = role_of(user)
    if _sees_everything(user, role):
        return rows.all()
    profile = profile_of(user)
    if role is None or profile is None:
        return rows.none()
    if role == Role.REGULATOR:
        return rows.filter(jurisdiction_id=profile.jurisdiction_id)
    return rows.filter(shared_or_own_bank(profile.jurisdiction_id, profile.enterprise_id))


def manageable_in_banks(user, rows: QuerySet) -> QuerySet:
    """The ``rows`` the user may edit: enterprise managers their own bank, regulators their
    jurisdiction's shared bank, everyone else what they see."""
    role = role_of(user)
    if role in ENTERPRISE_MANAGER_ROLES:
        return rows.filter(enterprise_id=profile_of(user).enterprise_id)
    if role == Role.REGULATOR:
        return rows.filter(shared_bank(profile_of(user).jurisdiction_id))
    return visible_in_banks(user, rows)


def can_see_bank(user, jurisdiction_id: int, enterprise_id: int | None) -> bool:
    """Per-object form of ``visible_in_banks``."""
    role = role_of(user)
    if _sees_everything(user, role):
        return True
    profile = profile_of(user)
    if role is None or profile is None:
        return False
    if role == Role.REGULATOR or enterprise_id is None:
        return jurisdiction_id == profile.jurisdiction_id
    return enterprise_id == profile.enterprise_id


def can_manage_bank(user, jurisdiction_id: int, enterprise_id: int | None) -> bool:
    """Per-object form of ``manageable_in_banks``."""
    role = role_of(user)
    if role in ENTERPRISE_MANAGER_ROLES:
        return enterprise_id is not None and enterprise_id == profile_of(user).enterprise_id
    if role == Role.REGULATOR:
        return enterprise_id is None and jurisdiction_id == profile_of(user).jurisdiction_id
    return can_see_bank(user, jurisdiction_id, enterprise_id)


def get_enterprise_in_scope_or_404(user, pk: int) -> Enterprise:
    try:
        return visible_enterprises(user).get(pk=pk)
    except Enterprise.DoesNotExist:
        raise Http404("企业不存在或不在您的查看范围内。") from None


def get_staff_in_scope_or_404(user, pk: int) -> StaffProfile:
    try:
        return visible_staff(user).get(pk=pk)
    except StaffProfile.DoesNotExist:
        raise Http404("人员不存在或不在您的查看范围内。") from None
