"""Who may do what with a question in the admin.

Model-level rights come from Django permissions (the "编辑" and "企业题库管理员" groups);
the tenancy on top follows ``assessments.bank.scoping``: a question is *visible* in the
banks the user sees and *manageable* (edit, delete, retire, tag) only in the banks the
user owns — enterprise managers their own bank, regulators their jurisdiction's shared
bank, editors everything. The predicates here are the per-object form of those querysets
(tested to agree), so listings do not cost a query per row.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet
from wagtail.permission_policies import ModelPermissionPolicy

from accounts.models import Enterprise, Jurisdiction
from accounts.scoping import (  # the per-object bank policy, re-exported for the admin
    can_manage_bank,
    can_see_bank,
    profile_of,
    role_of,
    sees_everything,
)
from accounts.vocab import BANK_ADMIN_ROLES, ENTERPRISE_MANAGER_ROLES, Role
from assessments.bank.models import Question, QuestionVersion
from assessments.bank.scoping import manageable_questions, visible_questions

_MANAGE_ACTIONS = frozenset({"change", "delete"})


def may_use_bank_admin(user) -> bool:
    """The user's role allows the bank admin (workers and people who left never do)."""
    if not user.is_authenticated or not user.is_active:
        return False
    return sees_everything(user) or role_of(user) in BANK_ADMIN_ROLES


def was_used(question: Question) -> bool:
    """Some version of the question has been on a paper (then it is retired, never deleted)."""
    annotated = getattr(question, "has_used_version", None)
    if annotated is not None:
        return annotated
    return question.versions.filter(used_at__isnull=False).exists()


def with_used_flag(questions: QuerySet[Question]) -> QuerySet[Question]:
    used = QuestionVersion.objects.filter(question=OuterRef("pk"), used_at__isnull=False)
    return questions.annotate(has_used_version=Exists(used))


class ScopedModelPolicy(ModelPermissionPolicy):
    """Django model permissions, narrowed to the objects a user sees or manages.

    Subclasses say which objects the user sees and manages, as querysets (``visible``,
    ``manageable``) and per object (``can_see``, ``can_manage``), and which ones may not
    be deleted.
    """

    def visible(self, user) -> QuerySet:
        raise NotImplementedError

    def manageable(self, user) -> QuerySet:
        raise NotImplementedError

    def can_see(self, user, instance) -> bool:
        raise NotImplementedError

    def can_manage(self, user, instance) -> bool:
        raise NotImplementedError

    def undeletable(self, instance) -> bool:
        return False

    def user_has_permission(self, user, action):
        return may_use_bank_admin(user) and super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        if action not in _MANAGE_ACTIONS:
            return self.can_see(user, instance)
        if not self.can_manage(user, instance):
            return False
        return not (action == "delete" and self.undeletable(instance))

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(
            self.user_has_permission_for_instance(user, action, instance) for action in actions
        )

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        if set(actions) <= _MANAGE_ACTIONS:
            return self.manageable(user)
        return self.visible(user)


class BankScopedPolicy(ScopedModelPolicy):
    """For models that live in a bank (a jurisdiction's shared one or an enterprise's):
    the per-object checks are ``can_see_bank``/``can_manage_bank`` on the instance's
    ``jurisdiction_id`` and ``enterprise_id``."""

    def can_see(self, user, instance):
        return can_see_bank(user, instance.jurisdiction_id, instance.enterprise_id)

    def can_manage(self, user, instance):
        return can_manage_bank(user, instance.jurisdiction_id, instance.enterprise_id)


class QuestionPermissionPolicy(BankScopedPolicy):
    """Questions in the user's banks; used questions are undeletable (retired instead)."""

    def visible(self, user):
        return visible_questions(user)

    def manageable(self, user):
        return manageable_questions(user)

    def undeletable(self, instance):
        return was_used(instance)


@dataclass(frozen=True)
class BankTarget:
    """A bank an import can go into: a jurisdiction's shared bank or one enterprise's."""

    jurisdiction_id: int
    enterprise_id: int | None
    label: str

    @property
    def key(self) -> str:
        return f"e{self.enterprise_id}" if self.enterprise_id else f"j{self.jurisdiction_id}"


def import_targets(user) -> list[BankTarget]:
    """Banks the user may import into: editors any shared bank, regulators their
    jurisdiction's, enterprise managers their own enterprise's."""
    role, profile = role_of(user), profile_of(user)
    if role in ENTERPRISE_MANAGER_ROLES:
        enterprise = profile.enterprise
        return [
            BankTarget(
                enterprise.jurisdiction_id, enterprise.pk, f"{enterprise.name}（本企业题库）"
            )
        ]
    if role == Role.REGULATOR:
        jurisdiction = profile.jurisdiction
        return [BankTarget(jurisdiction.pk, None, f"{jurisdiction.name}（辖区共享题库）")]
    if sees_everything(user):
        return [
            BankTarget(jurisdiction.pk, None, f"{jurisdiction.name}（辖区共享题库）")
            for jurisdiction in Jurisdiction.objects.order_by("code")
        ]
    return []


def bank_label(jurisdiction_id: int, enterprise_id: int | None) -> str:
    if enterprise_id:
        enterprise = Enterprise.objects.filter(pk=enterprise_id).only("name").first()
        return f"{enterprise.name}（企业题库）" if enterprise else "企业题库"
    jurisdiction = Jurisdiction.objects.filter(pk=jurisdiction_id).only("name").first()
    return f"{jurisdiction.name}（辖区共享题库）" if jurisdiction else "辖区共享题库"
