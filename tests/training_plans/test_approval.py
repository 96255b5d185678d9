"""Approving the plan: the principal's signature, frozen once approved, revised and re-approved."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from accounts.vocab import Level
from safetykb.models import AuditEvent, AuditKind, Signature
from safetykb.signatures.canonical import content_hash
from tests.factories import TEST_PASSWORD, person
from tests.training_plans.builders import PlanWorld, line
from training import plans
from training.models import PlanLine, PlanStatus, TrainingPlan

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return PlanWorld()


def approve(world, plan, password=TEST_PASSWORD, user=None):
    return plans.approve_plan(plan, user=user or world.principal.user, password=password)


def test_the_principal_approves_with_a_signature_over_the_plans_content(world):
    plan = world.draft(2026, line(hours="12"), line(level=Level.PRINCIPAL, hours="16"))
    approved = approve(world, plan)
    assert approved.status == PlanStatus.APPROVED
    assert approved.approved_by == world.principal.user
    signature = Signature.objects.for_object(plan).get()
    assert signature.signer == world.principal.user
    assert signature.capacity == "principal"
    assert signature.content_hash == content_hash(plans.plan_content(approved))
    assert approved.approved_hash == signature.content_hash
    assert approved.approved_at == signature.signed_at
    event = AuditEvent.objects.get(kind=AuditKind.PLAN_STATUS_CHANGED, to_status="approved")
    assert (event.actor, event.from_status, event.enterprise) == (
        world.principal.user,
        "draft",
        world.enterprise,
    )
    assert event.data["plan_id"] == plan.pk


def test_a_wrong_password_is_refused_and_nothing_changes(world):
    plan = world.draft()
    with pytest.raises(ValidationError, match="登录密码不正确"):
        approve(world, plan, password="wrong")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    assert not Signature.objects.for_object(plan).exists()


@pytest.mark.parametrize("who", ["manager", "worker", "other_principal"])
def test_only_the_enterprises_own_principal_approves(world, who):
    plan = world.draft()
    other = PlanWorld("康源制药")
    user = {
        "manager": world.manager.user,
        "worker": person("操作工", enterprise=world.enterprise).user,
        "other_principal": other.principal.user,
    }[who]
    with pytest.raises(plans.PlanError, match="只有本企业的主要负责人"):
        approve(world, plan, user=user)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    assert not Signature.objects.exists()


def test_only_the_enterprises_safety_manager_drafts(world):
    with pytest.raises(plans.PlanError, match="安全管理员"):
        plans.create_plan(world.enterprise, 2026, actor=world.principal.user)
    other = PlanWorld("康源制药")
    plan = world.draft()
    with pytest.raises(plans.PlanError, match="安全管理员"):
        plans.add_line(plan, line(), actor=other.manager.user)


def test_an_approved_plan_cannot_change(world):
    plan = world.draft()
    approve(world, plan)
    the_line = plan.lines.get()
    with pytest.raises(plans.PlanError, match="不能修改"):
        plans.add_line(plan, line(), actor=world.manager.user)
    with pytest.raises(plans.PlanError, match="不能修改"):
        plans.update_line(the_line, line(hours="2"), actor=world.manager.user)
    with pytest.raises(plans.PlanError, match="不能修改"):
        plans.remove_line(the_line, actor=world.manager.user)
    # Below the services the model refuses too.
    the_line.hours = 1
    with pytest.raises(ValueError, match="不能修改"):
        the_line.save()
    with pytest.raises(plans.PlanError, match="已审批"):
        approve(world, plan)
    assert plan.lines.get().hours == 8


def test_a_revision_is_a_draft_copy_approved_again_and_supersedes(world):
    plan = world.draft(2026, line(hours="12"), line(level=Level.PRINCIPAL, hours="16"))
    approve(world, plan)
    revision = plans.start_revision(plan, actor=world.manager.user, reason="新增检修季专项培训")
    assert (revision.revision, revision.status, revision.revises) == (2, "draft", plan)
    assert revision.lines.count() == 2
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED  # still in force until the revision is approved
    plans.add_line(revision, line(month=9, hours="4"), actor=world.manager.user)
    # The first revision's signature still matches its (unchanged) content.
    first_signature = Signature.objects.for_object(plan).get()
    assert first_signature.content_hash == content_hash(plans.plan_content(plan))

    approve(world, revision)
    plan.refresh_from_db()
    revision.refresh_from_db()
    assert (plan.status, revision.status) == (PlanStatus.SUPERSEDED, PlanStatus.APPROVED)
    assert Signature.objects.for_object(revision).get().content_hash != first_signature.content_hash
    statuses = list(
        AuditEvent.objects.filter(kind=AuditKind.PLAN_STATUS_CHANGED)
        .order_by("pk")
        .values_list("data__revision", "from_status", "to_status")
    )
    assert statuses == [
        (1, "", "draft"),
        (1, "draft", "approved"),
        (2, "", "draft"),
        (1, "approved", "superseded"),
        (2, "draft", "approved"),
    ]
    assert TrainingPlan.objects.filter(enterprise=world.enterprise, year=2026).count() == 2


def test_a_revision_needs_a_reason_and_an_approved_plan(world):
    plan = world.draft()
    with pytest.raises(plans.PlanError, match="只有已审批的计划可以修订"):
        plans.start_revision(plan, actor=world.manager.user, reason="调整")
    approve(world, plan)
    with pytest.raises(plans.PlanError, match="修订原因"):
        plans.start_revision(plan, actor=world.manager.user, reason="  ")
    plans.start_revision(plan, actor=world.manager.user, reason="调整")
    with pytest.raises(plans.PlanError, match="待审批的修订稿"):
        plans.start_revision(plan, actor=world.manager.user, reason="再调整")


def test_an_empty_plan_cannot_be_approved(world):
    plan = plans.create_plan(world.enterprise, 2026, actor=world.manager.user)
    with pytest.raises(plans.PlanError, match="还没有培训条目"):
        approve(world, plan)


def test_last_years_plan_is_copied_into_a_new_draft(world):
    last = world.draft(2025, line(hours="12", course="危化品安全知识"), line(month=6))
    approve(world, last)
    copy = plans.create_plan(world.enterprise, 2026, actor=world.manager.user, copy_from=last)
    assert copy.status == PlanStatus.DRAFT and copy.year == 2026
    assert sorted(copy.lines.values_list("course", flat=True)) == sorted(
        last.lines.values_list("course", flat=True)
    )
    with pytest.raises(plans.PlanError, match="已存在"):
        plans.create_plan(world.enterprise, 2026, actor=world.manager.user)
    assert PlanLine.objects.filter(plan=last).count() == 2


def test_bad_line_input_is_refused_in_chinese(world):
    plan = world.draft()
    with pytest.raises(plans.PlanError, match="计划月份 13 无效"):
        plans.add_line(plan, line(month=13), actor=world.manager.user)
    with pytest.raises(plans.PlanError, match="学时必须大于 0"):
        plans.add_line(plan, line(hours="0"), actor=world.manager.user)
