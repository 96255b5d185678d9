"""问题清单: proposals from the spot test and the checks, and the signed follow-up
(issue → answer with evidence → close or reopen), with wrong roles and skipped steps
refused and overdue findings found."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from assessments.exams.services.answering import submit_attempt
from oversight import findings, inspections, spot_joining, spot_tests
from oversight.findings import FindingError, Upload
from oversight.models import CheckKind, CheckResult, FindingSource, FindingState, StepKind
from safetykb.models import AuditEvent, AuditKind
from safetykb.signatures.models import Signature, SignCapacity
from tests.exams.builders import answer_all
from tests.factories import TEST_PASSWORD
from tests.oversight.world import build_world, spot_open, started
from tests.search.builders import make_regulation

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def provision():
    from safetykb.demo.pages import ensure_page_tree

    ensure_page_tree()
    page = make_regulation(
        "中华人民共和国安全生产法",
        [("第二十八条", "", "生产经营单位应当对从业人员进行安全生产教育和培训。")],
    )
    return page.provisions.get()


def issue(world, finding, provision, *, deadline=None):
    return findings.take_step(
        finding,
        StepKind.ISSUED,
        actor=world.inspector1.user,
        password=TEST_PASSWORD,
        text="",
        provision_id=provision.pk,
        rectification="组织补考并重新培训",
        deadline=deadline or TODAY + dt.timedelta(days=15),
    )


def answer(world, finding, *, uploads=()):
    return findings.take_step(
        finding,
        StepKind.ANSWERED,
        actor=world.manager.user,
        password=TEST_PASSWORD,
        text="已组织培训并补考合格",
        uploads=uploads,
    )


def test_proposals_come_from_failed_and_absent_examinees_and_failed_checks(world):
    passed, failed, absent = world.workers[:3]
    inspection, spot = spot_open(world, [passed, failed, absent])
    good = spot_joining.join(passed.user, code=spot.join_code, last4="1001")
    answer_all(good, correct=True)
    submit_attempt(good)
    spot_joining.join(failed.user, code=spot.join_code, last4="1002")
    spot_tests.close_spot_test(spot, actor=world.inspector1.user)  # 1002 handed in empty
    inspections.record_check(
        inspection,
        CheckKind.TRAINING_PLAN,
        actor=world.inspector1.user,
        result=CheckResult.FAILS,
        notes="未制定年度培训计划",
    )
    proposed = findings.propose_findings(inspection, actor=world.inspector1.user)
    descriptions = [f.description for f in proposed]
    assert any("甲员工2" in d and "不合格" in d for d in descriptions)
    assert any("甲员工3" in d and "缺考" in d for d in descriptions)
    # The one who passed has no spot-test finding (the plan check may name them as short
    # of hours: nobody here has any on record).
    assert not any("甲员工1" in d for d in descriptions if not d.startswith("企业培训计划"))
    assert any(d.startswith("企业培训计划不符合：未制定年度培训计划") for d in descriptions)
    assert {f.state for f in proposed} == {FindingState.PROPOSED}
    # Proposing again adds nothing twice.
    assert findings.propose_findings(inspection, actor=world.inspector1.user) == []


def test_the_lifecycle_is_signed_step_by_step_and_audited(world, provision):
    inspection = started(world)
    finding = findings.add_finding(
        inspection, actor=world.inspector1.user, description="消防通道堆放杂物"
    )
    assert finding.source == FindingSource.INSPECTOR
    issue(world, finding, provision)
    finding.refresh_from_db()
    assert finding.state == FindingState.OPEN
    assert finding.provision_citation == "中华人民共和国安全生产法第二十八条"
    photo = Upload("现场照片.jpg", b"\xff\xd8\xff photo")
    answer(world, finding, uploads=[photo])
    findings.take_step(
        finding,
        StepKind.REOPENED,
        actor=world.inspector2.user,
        password=TEST_PASSWORD,
        text="照片不清晰，未见整改",
    )
    finding.refresh_from_db()
    assert finding.state == FindingState.OPEN
    findings.take_step(
        finding,
        StepKind.ANSWERED,
        actor=world.principal.user,
        password=TEST_PASSWORD,
        text="已清理并设置警示标识",
    )
    findings.take_step(
        finding,
        StepKind.CLOSED,
        actor=world.inspector1.user,
        password=TEST_PASSWORD,
        text="复查合格",
    )
    finding.refresh_from_db()
    assert finding.state == FindingState.CLOSED and finding.closed_at is not None
    steps = list(finding.steps.order_by("pk"))
    assert [s.kind for s in steps] == ["issued", "answered", "reopened", "answered", "closed"]
    capacities = []
    for step in steps:
        signature = Signature.objects.for_object(step).get()
        assert signature.signer == step.actor
        capacities.append(signature.capacity)
    assert capacities == [
        SignCapacity.INSPECTOR,
        SignCapacity.SAFETY_MANAGER,
        SignCapacity.INSPECTOR,
        SignCapacity.PRINCIPAL,
        SignCapacity.INSPECTOR,
    ]
    evidence = steps[1].evidence.get()
    signed = Signature.objects.for_object(steps[1]).get()
    assert evidence.name == "现场照片.jpg" and evidence.sha256 in signed.signed_text
    assert AuditEvent.objects.filter(kind=AuditKind.FINDING_STEP).count() == 5


def test_wrong_roles_are_refused(world, provision):
    inspection = started(world)
    finding = findings.add_finding(inspection, actor=world.inspector1.user, description="问题")
    with pytest.raises(FindingError, match="只有本次检查的检查人员"):
        findings.take_step(
            finding,
            StepKind.ISSUED,
            actor=world.bystander.user,
            password=TEST_PASSWORD,
            text="",
            provision_id=provision.pk,
            rectification="整改",
            deadline=TODAY,
        )
    with pytest.raises(FindingError, match="只有本次检查的检查人员"):
        findings.add_finding(inspection, actor=world.manager.user, description="问题")
    issue(world, finding, provision)
    with pytest.raises(FindingError, match="主要负责人或安全管理员"):
        findings.take_step(
            finding,
            StepKind.ANSWERED,
            actor=world.workers[0].user,
            password=TEST_PASSWORD,
            text="整改了",
        )
    with pytest.raises(FindingError, match="主要负责人或安全管理员"):
        findings.take_step(
            finding,
            StepKind.ANSWERED,
            actor=world.inspector1.user,
            password=TEST_PASSWORD,
            text="整改了",
        )
    assert not finding.steps.filter(kind=StepKind.ANSWERED).exists()


def test_no_step_can_be_skipped_and_a_wrong_password_signs_nothing(world, provision):
    inspection = started(world)
    finding = findings.add_finding(inspection, actor=world.inspector1.user, description="问题")
    with pytest.raises(FindingError, match="当前为“待确认”，不能复查销号"):
        findings.take_step(
            finding, StepKind.CLOSED, actor=world.inspector1.user, password=TEST_PASSWORD, text="好"
        )
    with pytest.raises(FindingError, match="当前为“待确认”，不能整改答复"):
        answer(world, finding)
    with pytest.raises(FindingError, match="违反的法规条款"):
        findings.take_step(
            finding,
            StepKind.ISSUED,
            actor=world.inspector1.user,
            password=TEST_PASSWORD,
            text="",
            rectification="整改",
            deadline=TODAY,
        )
    with pytest.raises(FindingError, match="登录密码不正确"):
        findings.take_step(
            finding,
            StepKind.ISSUED,
            actor=world.inspector1.user,
            password="wrong",
            text="",
            provision_id=provision.pk,
            rectification="整改",
            deadline=TODAY,
        )
    finding.refresh_from_db()
    assert finding.state == FindingState.PROPOSED and not finding.steps.exists()
    issue(world, finding, provision)
    with pytest.raises(FindingError, match="当前为“待整改”，不能复查销号"):
        findings.take_step(
            finding, StepKind.CLOSED, actor=world.inspector1.user, password=TEST_PASSWORD, text="好"
        )


def test_evidence_must_be_a_document_or_photo(world, provision):
    inspection = started(world)
    finding = findings.add_finding(inspection, actor=world.inspector1.user, description="问题")
    issue(world, finding, provision)
    with pytest.raises(FindingError, match=r"“脚本\.exe”的格式不支持"):
        answer(world, finding, uploads=[Upload("脚本.exe", b"MZ")])
    finding.refresh_from_db()
    assert finding.state == FindingState.OPEN


def test_overdue_is_an_open_finding_past_its_deadline(world, provision):
    inspection = started(world)
    late = findings.add_finding(inspection, actor=world.inspector1.user, description="逾期")
    answered = findings.add_finding(inspection, actor=world.inspector1.user, description="已答复")
    for finding in (late, answered):
        issue(world, finding, provision, deadline=TODAY)
    answer(world, answered)
    later = TODAY + dt.timedelta(days=1)
    overdue = findings.overdue(findings.visible_findings(world.principal.user), later)
    assert list(overdue) == [late]
    assert not findings.overdue(findings.visible_findings(world.principal.user), TODAY).exists()


def test_the_enterprise_sees_issued_findings_only(world, provision):
    inspection = started(world)
    proposal = findings.add_finding(inspection, actor=world.inspector1.user, description="草稿")
    issued = findings.add_finding(inspection, actor=world.inspector1.user, description="已下达")
    issue(world, issued, provision)
    assert list(findings.visible_findings(world.manager.user)) == [issued]
    assert set(findings.visible_findings(world.bystander.user)) == {proposal, issued}
    assert not findings.visible_findings(world.regulator_j2.user).exists()
    assert not findings.visible_findings(world.worker_b.user).exists()
