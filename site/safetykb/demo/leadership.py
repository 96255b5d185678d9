"""Demo for 晋恒化工's safety leadership: the hazard register and who answers for it,
the year's commitments (the deputy's unsigned), action plans with a few months of site
visits, and problems open, closed and confirmed. Idempotent: loaded once per year."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from accounts.demo_specs import ENTERPRISES
from accounts.models import Enterprise, StaffProfile
from accounts.vocab import Level, StaffStatus
from leadership.commitments import ARTICLE_21_DUTIES, DEFAULT_PREAMBLE, issue_commitments
from leadership.models import (
    ActionPlan,
    ActivityKind,
    Commitment,
    CommitmentTemplate,
    EnterpriseProcess,
    Guarantor,
    HazardChemical,
    HazardGuarantor,
    KeyPlace,
    MajorHazardSource,
    Period,
    PlaceKind,
    PlanItem,
    PlanStatus,
    Problem,
    ProblemStatus,
    ProblemStep,
    SiteActivity,
    StepKind,
    SupervisedProcess,
)
from safetykb.audit import audit
from safetykb.models import AuditKind, Signature
from safetykb.signatures.canonical import canonical_json, digest_text
from safetykb.signatures.models import SignCapacity

DEMO_PASSWORD = "SafetyKB-2024"
DEPUTY_USERNAME = "jh002"  # the safety deputy general manager (accounts.demo_specs)


def _demo_signature(obj, user, capacity: str, content: dict, at: dt.datetime) -> None:
    """A signature as ``sign`` writes it, without re-entering a password (demo only)."""
    from django.contrib.contenttypes.models import ContentType

    text = canonical_json(content)
    Signature.objects.get_or_create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        signer=user,
        capacity=capacity,
        defaults={"signed_at": at, "content_hash": digest_text(text), "signed_text": text},
    )
    audit(
        AuditKind.SIGNED, actor=user, capacity=capacity, object=f"{obj._meta.label_lower}:{obj.pk}"
    )


def _person(enterprise: Enterprise, **filters) -> StaffProfile:
    return (
        StaffProfile.objects.select_related("user")
        .filter(enterprise=enterprise, **filters)
        .exclude(status=StaffStatus.LEFT)
        .order_by("employee_no")
        .first()
    )


@transaction.atomic
def load_demo_leadership(today: dt.date | None = None) -> list[str]:
    today = today or timezone.localdate()
    year = today.year
    enterprise = Enterprise.objects.get(name=ENTERPRISES[0].name)
    principal = _person(enterprise, level=Level.PRINCIPAL)
    if ActionPlan.objects.filter(staff=principal, year=year).exists():
        return ["安全领导力演示数据已存在，跳过"]
    deputy = _person(enterprise, level=Level.DEPUTY_PRINCIPAL)
    manager = _person(enterprise, role="safety_manager")
    technician = _person(enterprise, department__name="生产技术部") or manager
    equipment = _person(enterprise, department__name="设备动力部") or manager
    workshop = _person(enterprise, department__name="合成一班") or equipment
    storage = _person(enterprise, department__name="成品仓库") or equipment
    # The deputy records site visits on the phone in the demo: give them a login.
    if not deputy.user.has_usable_password():
        deputy.user.password = make_password(DEMO_PASSWORD)
        deputy.user.save(update_fields=["password"])

    # The register.
    ammonia, _ = MajorHazardSource.objects.get_or_create(
        enterprise=enterprise,
        name="液氨罐区",
        defaults={"grade": "3", "location": "厂区东北角，2 × 100 m³ 球罐"},
    )
    methanol, _ = MajorHazardSource.objects.get_or_create(
        enterprise=enterprise,
        name="甲醇储罐区",
        defaults={"grade": "4", "location": "厂区东侧罐区，4 × 500 m³ 内浮顶罐"},
    )
    for source, chemicals in (
        (ammonia, (("液氨", "120"),)),
        (methanol, (("甲醇", "1400"), ("二甲醚", "60"))),
    ):
        for name, quantity in chemicals:
            HazardChemical.objects.get_or_create(
                source=source, name=name, defaults={"quantity": Decimal(quantity)}
            )
    for source in (ammonia, methanol):
        for duty, staff in (
            (Guarantor.MAIN, principal),
            (Guarantor.TECHNICAL, technician),
            (Guarantor.OPERATIONAL, workshop if source is ammonia else storage),
        ):
            HazardGuarantor.objects.get_or_create(
                source=source, duty=duty, defaults={"staff": staff}
            )
    devices = {}
    for name, location, contact in (
        ("合成氨反应装置", "合成车间一层", deputy),
        ("氨压缩机组", "压缩厂房", equipment),
        ("甲醇精馏装置", "精馏框架", technician),
    ):
        devices[name], _ = KeyPlace.objects.get_or_create(
            enterprise=enterprise,
            name=name,
            defaults={"kind": PlaceKind.KEY_DEVICE, "location": location, "contact": contact},
        )
    KeyPlace.objects.get_or_create(
        enterprise=enterprise,
        name="液氨装卸车台",
        defaults={"kind": PlaceKind.KEY_AREA, "location": "东门内", "contact": workshop},
    )
    for process, unit in (
        (SupervisedProcess.AMMONIA, "合成氨反应装置"),
        (SupervisedProcess.HYDROGENATION, "甲醇合成"),
    ):
        EnterpriseProcess.objects.get_or_create(enterprise=enterprise, process=process, unit=unit)

    # Commitments: the bureau's template, copies for the leaders; the deputy's unsigned.
    CommitmentTemplate.objects.get_or_create(
        jurisdiction_id=enterprise.jurisdiction_id,
        year=year,
        defaults={
            "preamble": DEFAULT_PREAMBLE,
            "duties": "\n".join(ARTICLE_21_DUTIES),
            "due_date": dt.date(year, 3, 31),
        },
    )
    issue_commitments(
        enterprise, year, actor=manager.user, department_heads=[technician, equipment]
    )
    for n, commitment in enumerate(
        Commitment.objects.filter(enterprise=enterprise, year=year).exclude(staff=deputy)
    ):
        signed_at = timezone.make_aware(dt.datetime(year, 3, 10 + n * 3, 10, 0))
        _demo_signature(
            commitment,
            commitment.staff.user,
            SignCapacity.COMMITTER,
            commitment.signed_content(),
            signed_at,
        )
        Commitment.objects.filter(pk=commitment.pk).update(signed_at=signed_at)

    # Action plans: approved by the principal; visits over the last few months.
    plans = {}
    for leader, items in (
        (
            principal,
            (
                (ActivityKind.SITE_CHECK, 2, Period.MONTH, ammonia),
                (ActivityKind.PROBLEM_MEETING, 1, Period.MONTH, None),
                (ActivityKind.DRILL, 1, Period.QUARTER, None),
            ),
        ),
        (
            deputy,
            (
                (ActivityKind.SITE_CHECK, 2, Period.MONTH, devices["合成氨反应装置"]),
                (ActivityKind.TEAM_ACTIVITY, 1, Period.MONTH, None),
                (ActivityKind.SAFETY_LESSON, 1, Period.QUARTER, None),
            ),
        ),
        (
            technician,
            (
                (ActivityKind.GUARANTOR_CHECK, 1, Period.MONTH, methanol),
                (ActivityKind.SITE_CHECK, 2, Period.MONTH, devices["甲醇精馏装置"]),
            ),
        ),
        (equipment, ((ActivityKind.SITE_CHECK, 4, Period.MONTH, devices["氨压缩机组"]),)),
    ):
        plan = ActionPlan.objects.create(staff=leader, enterprise=enterprise, year=year)
        for kind, times, period, place in items:
            PlanItem.objects.create(
                plan=plan,
                kind=kind,
                times=times,
                period=period,
                hazard_source=place if isinstance(place, MajorHazardSource) else None,
                key_place=place if isinstance(place, KeyPlace) else None,
            )
        approved_at = timezone.make_aware(dt.datetime(year, 1, 20, 15, 0))
        plan.status, plan.approved_by, plan.approved_at = (
            PlanStatus.APPROVED,
            principal.user,
            approved_at,
        )
        plan.save()
        _demo_signature(
            plan, principal.user, SignCapacity.PRINCIPAL, plan.signed_content(), approved_at
        )
        plans[leader.pk] = plan

    months = [m for m in range(max(1, today.month - 3), today.month + 1)]
    visits = 0
    for leader_pk, plan in plans.items():
        for month in months:
            last_day = today.day if month == today.month else 28
            for item in plan.items.all():
                # The current month is under way: half the visits so far.
                times = item.times if month != today.month else max(0, item.times // 2)
                if item.period != Period.MONTH:
                    times = 1 if month == months[0] else 0
                for k in range(times):
                    day = min(last_day, 3 + k * 9 + (leader_pk % 3))
                    SiteActivity.objects.create(
                        plan=plan,
                        item=item,
                        kind=item.kind,
                        occurred_at=timezone.make_aware(dt.datetime(year, month, day, 9 + k, 30)),
                        hazard_source=item.hazard_source,
                        key_place=item.key_place,
                        checked=f"{item.get_kind_display()}：{item.place_label or '全厂'}现场安全状况",
                        recorded_by=plan.staff.user,
                    )
                    visits += 1

    # Problems the deputy found: two confirmed, one closed awaiting confirmation, two open
    # (one past its deadline).
    deputy_visits = list(
        SiteActivity.objects.filter(plan=plans[deputy.pk], kind=ActivityKind.SITE_CHECK).order_by(
            "occurred_at"
        )
    )
    cases = (
        (
            "合成塔出口管线保温层破损，存在烫伤风险",
            "更换保温层并设置警示标识",
            equipment,
            "confirmed",
        ),
        ("现场可燃气体报警仪 GD-03 标定过期", "联系有资质单位标定", technician, "confirmed"),
        ("应急柜空气呼吸器气瓶压力不足", "充装气瓶并建立每周点检记录", workshop, "closed"),
        ("氨压缩机组联锁旁路未办理审批", "恢复联锁，补办联锁摘除审批", equipment, "open_overdue"),
        ("操作规程未更新为新版工艺指标", "生产技术部修订规程并组织培训", technician, "open"),
    )
    for n, (description, action, owner, state) in enumerate(cases):
        activity = deputy_visits[min(n * 2, len(deputy_visits) - 1)]
        found_on = timezone.localdate(activity.occurred_at)
        deadline = found_on + dt.timedelta(days=7)
        if state == "open":
            deadline = max(deadline, today + dt.timedelta(days=10))
        problem = Problem.objects.create(
            activity=activity,
            enterprise=enterprise,
            found_by=deputy,
            description=description,
            action=action,
            owner=owner,
            deadline=deadline,
        )
        audit(
            AuditKind.PROBLEM_FOUND,
            staff=owner,
            actor=deputy.user,
            to_status="open",
            problem_id=problem.pk,
        )
        if state in ("confirmed", "closed"):
            closed_at = timezone.make_aware(
                dt.datetime.combine(deadline - dt.timedelta(days=2), dt.time(16))
            )
            _step(problem, StepKind.CLOSED, owner, closed_at, "已按措施整改完毕，照片见附件。")
            problem.status, problem.closed_at = ProblemStatus.CLOSED, closed_at
            if state == "confirmed":
                confirmed_at = closed_at + dt.timedelta(days=1)
                _step(problem, StepKind.CONFIRMED, deputy, confirmed_at, "现场复查，整改到位。")
                problem.status, problem.confirmed_at = ProblemStatus.CONFIRMED, confirmed_at
            problem.save()
    return [
        f"安全领导力：重大危险源 2 处、关键装置 3 套，承诺书 {Commitment.objects.filter(enterprise=enterprise, year=year).count()} 份（分管负责人未签），"
        f"行动计划 {len(plans)} 份，履职活动 {visits} 次，问题 {len(cases)} 项",
        f"  分管安全副总经理 {deputy.display_name} 可用 {DEPUTY_USERNAME} / {DEMO_PASSWORD} 登录登记履职活动",
    ]


def _step(problem: Problem, kind: str, by: StaffProfile, at: dt.datetime, note: str) -> None:
    step = ProblemStep.objects.create(problem=problem, kind=kind, by=by, at=at, note=note)
    capacity = SignCapacity.RECTIFIER if kind == StepKind.CLOSED else SignCapacity.CHECKER
    _demo_signature(step, by.user, capacity, step.signed_content(), at)
    from_status, to_status = (
        ("open", "closed") if kind == StepKind.CLOSED else ("closed", "confirmed")
    )
    audit(
        AuditKind.PROBLEM_CLOSED if kind == StepKind.CLOSED else AuditKind.PROBLEM_CONFIRMED,
        staff=problem.owner,
        actor=by.user,
        from_status=from_status,
        to_status=to_status,
        problem_id=problem.pk,
        step_id=step.pk,
    )
