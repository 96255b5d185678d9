"""The inspection record: who may open it, its one transition rule, the four checks, the
filed record that never changes (a correction is a new linked record) and its seal."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from oversight import inspections
from oversight.inspection_facts import NOT_CONNECTED, facts_for
from oversight.inspections import InspectionError
from oversight.models import (
    CheckKind,
    CheckResult,
    InspectionCheck,
    InspectionState,
    RecordFiled,
)
from oversight.sealing import seal_matches
from safetykb.models import AuditEvent, AuditKind
from tests.oversight.world import build_world, open_for, sign_all, started

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def _fill_checks(world, inspection):
    for kind in CheckKind.values:
        inspections.record_check(
            inspection, kind, actor=world.inspector2.user, result=CheckResult.MEETS, notes=""
        )


def _filed(world):
    inspection = started(world)
    _fill_checks(world, inspection)
    inspection = inspections.move(
        inspection, InspectionState.AWAITING_SIGNATURES, actor=world.inspector1.user
    )
    sign_all(world, inspection)
    return inspections.move(inspection, InspectionState.FILED, actor=world.inspector1.user)


def test_opening_needs_two_inspectors_with_enforcement_numbers(world):
    with pytest.raises(InspectionError, match="至少 2 名"):
        inspections.open_inspection(
            actor=world.inspector1.user,
            enterprise=world.a,
            date=timezone.localdate(),
            place="车间",
            inspector_profile_ids=[world.inspector1.pk],
            representative_name="甲",
            representative_post="总经理",
        )
    world.inspector2.enforcement_number = ""
    world.inspector2.save()
    with pytest.raises(InspectionError, match="检查员乙的档案中没有执法证号"):
        open_for(world)


def test_an_enterprise_outside_the_jurisdiction_or_an_inspector_from_it_is_refused(world):
    with pytest.raises(InspectionError, match="不在您的辖区"):
        open_for(world, enterprise=world.tj.c)
    with pytest.raises(InspectionError, match="本辖区在岗的监管人员"):
        inspections.open_inspection(
            actor=world.inspector1.user,
            enterprise=world.a,
            date=timezone.localdate(),
            place="车间",
            inspector_profile_ids=[world.inspector1.pk, world.regulator_j2.pk],
            representative_name="甲",
            representative_post="总经理",
        )


def test_opening_keeps_the_numbers_and_makes_the_four_checks(world):
    inspection = open_for(world)
    assert inspection.state == InspectionState.PREPARING
    assert [i.enforcement_number for i in inspection.inspectors.all()] == ["14040001", "14040002"]
    assert sorted(inspection.checks.values_list("kind", flat=True)) == sorted(CheckKind.values)


def test_states_move_only_along_the_rule_and_each_move_is_logged(world):
    inspection = open_for(world)
    with pytest.raises(InspectionError, match="不能从“准备”转为“已归档”"):
        inspections.move(inspection, InspectionState.FILED, actor=world.inspector1.user)
    inspection = inspections.move(inspection, InspectionState.ON_SITE, actor=world.inspector2.user)
    assert inspection.started_at is not None
    with pytest.raises(InspectionError, match="尚未填写结果：主要负责人安全领导力、企业培训计划"):
        inspections.move(
            inspection, InspectionState.AWAITING_SIGNATURES, actor=world.inspector1.user
        )
    event = AuditEvent.objects.filter(kind=AuditKind.INSPECTION_STATE_CHANGED).get()
    assert (event.from_status, event.to_status, event.actor) == (
        "准备",
        "现场检查",
        world.inspector2.user,
    )


def test_only_the_inspectors_on_it_move_it(world):
    inspection = open_for(world)
    with pytest.raises(InspectionError, match="只有本次检查的检查人员"):
        inspections.move(inspection, InspectionState.ON_SITE, actor=world.bystander.user)


def test_an_inspection_dated_later_cannot_start_today(world):
    inspection = open_for(world, date=timezone.localdate() + dt.timedelta(days=1))
    with pytest.raises(InspectionError, match="当天才能开始"):
        inspections.move(inspection, InspectionState.ON_SITE, actor=world.inspector1.user)


def test_a_result_other_than_meets_needs_notes_and_only_on_site(world):
    inspection = open_for(world)
    with pytest.raises(InspectionError, match="只有现场检查中"):
        inspections.record_check(
            inspection,
            CheckKind.CERTIFICATES,
            actor=world.inspector1.user,
            result=CheckResult.MEETS,
            notes="",
        )
    inspection = inspections.move(inspection, InspectionState.ON_SITE, actor=world.inspector1.user)
    with pytest.raises(InspectionError, match="请写明检查情况"):
        inspections.record_check(
            inspection,
            CheckKind.CERTIFICATES,
            actor=world.inspector1.user,
            result=CheckResult.FAILS,
            notes=" ",
        )
    check = inspections.record_check(
        inspection,
        CheckKind.CERTIFICATES,
        actor=world.inspector1.user,
        result=CheckResult.FAILS,
        notes="两名特种作业人员证书过期",
    )
    # Kept with the result: what was shown when it was recorded.
    assert check.facts["connected"] is True and check.facts["source"] == "持证情况"


def test_the_checks_read_their_sources(world):
    inspection = started(world)
    year = inspection.date.year
    leadership = facts_for(inspection, CheckKind.LEADERSHIP)
    shown = dict(leadership.figures)
    assert leadership.connected and shown["甲负责人 最近评估"] == "尚无评估"
    assert "甲负责人 安全承诺" in shown and "甲负责人 个人行动计划完成率" in shown
    plan = facts_for(inspection, CheckKind.TRAINING_PLAN)
    shown = dict(plan.figures)
    assert plan.connected and shown[f"{year}年度培训计划"] == "无经审批的计划"
    # Nobody has a training hour on record: every worker is named as short.
    assert int(shown["学时不足人数"]) == len(plan.people) >= len(world.workers)
    assert any(line.startswith("甲员工1：") for line in plan.people)
    certificates = facts_for(inspection, CheckKind.CERTIFICATES)
    assert certificates.connected and "应持证" in dict(certificates.figures)
    assert NOT_CONNECTED not in certificates.note + plan.note + leadership.note
    spot = facts_for(inspection, CheckKind.SPOT_TEST)
    assert spot.connected and "尚未选取" in spot.note


def test_a_filed_record_never_changes(world):
    inspection = _filed(world)
    assert inspection.filed_at and inspection.seal_hash and seal_matches(inspection) is True
    check = inspection.checks.get(kind=CheckKind.CERTIFICATES)
    check.result = CheckResult.FAILS
    with pytest.raises(RecordFiled):
        check.save()
    inspection.place = "别处"
    with pytest.raises(RecordFiled):
        inspection.save()
    with pytest.raises(InspectionError, match="不能从“已归档”"):
        inspections.move(inspection, InspectionState.ON_SITE, actor=world.inspector1.user)


def test_a_correction_is_a_new_record_linked_to_the_filed_one(world):
    original = _filed(world)
    with pytest.raises(InspectionError, match="更正原因"):
        inspections.correct(original, actor=world.inspector1.user, reason="")
    copy = inspections.correct(original, actor=world.inspector1.user, reason="检查场所填写有误")
    assert copy.pk != original.pk and copy.corrects == original
    assert copy.state == InspectionState.ON_SITE
    assert copy.checks.filter(result=CheckResult.MEETS).count() == 4
    original.refresh_from_db()
    assert original.state == InspectionState.FILED and seal_matches(original) is True


def test_the_seal_detects_a_changed_result(world):
    inspection = _filed(world)
    # Behind the model's back (as a database edit would): the seal no longer matches.
    InspectionCheck.objects.filter(inspection=inspection, kind=CheckKind.LEADERSHIP).update(
        result=CheckResult.FAILS
    )
    inspection.refresh_from_db()
    assert seal_matches(inspection) is False
