"""Demo: a filed 执法检查 of 晋恒化工 forty days ago, with its signed record (drawn
signatures made in code), three findings: one open and overdue, one open, and one
answered by the principal with a photo and closed on review. Runs after
``load_demo_inspections`` (it reuses its inspectors). Idempotent.

Every step goes through the services, signatures included: the second inspector has
no login, so a one-off password is set for their signature and made unusable again.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from accounts.demo_specs import DEMO_PASSWORD
from accounts.models import Enterprise, StaffProfile
from oversight import findings, inspections, record_signing
from oversight.drawn import signature_png
from oversight.models import CheckKind, CheckResult, Inspection, InspectionState, StepKind
from safetykb.demo.inspections import ENTERPRISE_CODE, INSPECTORS

PLACE = "罐区、合成车间、安全管理部"
DAYS_AGO = 40
CHECKS = (
    (CheckKind.LEADERSHIP, CheckResult.MEETS, ""),
    (
        CheckKind.TRAINING_PLAN,
        CheckResult.FAILS,
        "年度安全培训计划未经主要负责人审批，三季度培训未按计划实施",
    ),
    (CheckKind.CERTIFICATES, CheckResult.PARTLY, "2名危险化学品特种作业人员操作证已过期"),
    (CheckKind.SPOT_TEST, CheckResult.MEETS, "现场抽问3人，回答基本正确"),
)
ADDED = "罐区防火堤内堆放废旧包装桶，消防通道不畅"
PROVISION_TEXT = "安全生产教育和培训"


@transaction.atomic
def load_demo_inspection_record() -> list[str]:
    enterprise = Enterprise.objects.filter(credit_code=ENTERPRISE_CODE).first()
    users = get_user_model().objects
    regulator = users.filter(username=INSPECTORS[0][0]).first()
    second = users.filter(username=INSPECTORS[1][0]).first()
    principal = users.filter(username="principal").first()
    if None in (enterprise, regulator, second, principal):
        return []
    if Inspection.objects.filter(enterprise=enterprise, place=PLACE).exists():
        return []
    provision = _provision()
    if provision is None:
        return []
    now = timezone.now()
    day = now - dt.timedelta(days=DAYS_AGO)
    profiles = StaffProfile.objects.filter(user__in=(regulator, second)).order_by("pk")
    inspection = inspections.open_inspection(
        actor=regulator,
        enterprise=enterprise,
        date=timezone.localdate(day),
        place=PLACE,
        inspector_profile_ids=[p.pk for p in profiles],
        representative_name="赵国栋",
        representative_post="主要负责人",
    )
    inspection = inspections.move(inspection, InspectionState.ON_SITE, actor=regulator, now=day)
    for kind, result, notes in CHECKS:
        inspections.record_check(
            inspection, kind, actor=regulator, result=result, notes=notes, now=day
        )
    proposed = findings.propose_findings(inspection, actor=regulator)
    proposed.append(findings.add_finding(inspection, actor=regulator, description=ADDED))
    deadlines = (15, DAYS_AGO + 20, 10)  # overdue, still open, answered in time
    for finding, days in zip(proposed, deadlines, strict=True):
        findings.take_step(
            finding,
            StepKind.ISSUED,
            actor=regulator,
            password=DEMO_PASSWORD,
            text="现场下达整改",
            provision_id=provision.pk,
            rectification=_rectification(finding.check_kind),
            deadline=timezone.localdate(day) + dt.timedelta(days=days),
            now=day,
        )
    done = proposed[2]
    findings.take_step(
        done,
        StepKind.ANSWERED,
        actor=principal,
        password=DEMO_PASSWORD,
        text="已清理防火堤内全部包装桶，设置禁止堆放标识，消防通道已畅通。",
        uploads=[findings.Upload("整改后现场照片.png", signature_png("罐区整改"))],
        now=day + dt.timedelta(days=6),
    )
    findings.take_step(
        done,
        StepKind.CLOSED,
        actor=regulator,
        password=DEMO_PASSWORD,
        text="复查：整改到位，予以销号。",
        now=day + dt.timedelta(days=8),
    )
    inspection = inspections.move(
        inspection, InspectionState.AWAITING_SIGNATURES, actor=regulator, now=day
    )
    _sign(inspection, regulator, regulator, DEMO_PASSWORD)
    one_off = secrets.token_urlsafe(16)
    second.set_password(one_off)
    second.save(update_fields=["password"])
    _sign(inspection, regulator, second, one_off)
    second.set_unusable_password()
    second.save(update_fields=["password"])
    record_signing.sign_as_representative(
        inspection, actor=regulator, drawn_png=signature_png("赵国栋"), now=day
    )
    inspections.move(inspection, InspectionState.FILED, actor=regulator, now=day)
    return [
        f"已归档的执法检查：{enterprise.name}（{timezone.localdate(day):%Y-%m-%d}），"
        "问题清单 3 项：1 项逾期未整改、1 项待整改、1 项已销号"
    ]


def _sign(inspection: Inspection, device_holder, signer, password: str) -> None:
    record_signing.sign_as_inspector(
        inspection,
        actor=device_holder,
        inspector_user_id=signer.pk,
        password=password,
        drawn_png=signature_png(signer.get_full_name() or signer.username),
    )


def _rectification(check_kind: str) -> str:
    return {
        CheckKind.TRAINING_PLAN: "修订年度安全培训计划，报主要负责人审批后实施，补齐三季度培训。",
        CheckKind.CERTIFICATES: "过期人员立即调离特种作业岗位，复审取证后方可上岗。",
    }.get(check_kind, "立即清理，保持消防通道畅通，并建立日常巡查制度。")


def _provision():
    from content.regulations.models import Provision

    provisions = Provision.objects.select_related("page")
    return (
        provisions.filter(text__contains=PROVISION_TEXT, page__title__contains="安全生产法").first()
        or provisions.filter(text__contains=PROVISION_TEXT).first()
        or provisions.first()
    )
