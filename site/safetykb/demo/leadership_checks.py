"""Demo leadership checks for 晋恒化工, made through the real services: the enterprise's
self-check of the principal (signed and acknowledged), the principal's review of the
safety deputy (signed, awaiting the deputy's acknowledgement), and the regulator's check
of the principal, whose 应急处置能力 comes out weak (awaiting the principal's
acknowledgement). Idempotent: once per year."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from accounts.demo_specs import ENTERPRISES
from accounts.models import Enterprise, StaffProfile
from accounts.vocab import Level, Role, StaffStatus
from leadership import checks
from leadership.models import CheckKind, LeadershipCheck
from leadership.scoring import ItemSort, Module

DEMO_PASSWORD = "SafetyKB-2024"

L, R, E = Module.LEADERSHIP, Module.RISK, Module.EMERGENCY
ASK, SITE, DOCS = ItemSort.INTERVIEW, ItemSort.ON_SITE, ItemSort.EVIDENCE
#: Reviewer points as a share of each item's maximum, with the note, per (module, sort)
#: of the default rubric's reviewed items.
SELF_CHECK = {
    (L, ASK): ("0.9", "能完整说明安全生产法第二十一条规定的职责和本年度安全目标。"),
    (R, SITE): ("0.8", "熟悉液氨罐区的风险和管控措施，能说出主要工艺参数。"),
    (R, DOCS): ("0.8", "上传了本年度安全例会纪要和隐患排查记录。"),
    (E, ASK): ("0.7", "应急处置程序基本清楚，个别联络环节需再熟悉。"),
    (E, DOCS): ("0.7", "上传了液氨泄漏应急演练方案和照片。"),
}
DEPUTY_REVIEW = {
    (L, ASK): ("0.8", "分管职责清楚，安全例会按月召开。"),
    (R, SITE): ("0.9", "甲醇储罐区包保履职检查到位，问题整改有闭环。"),
    (R, DOCS): ("0.8", "隐患排查治理台账完整。"),
    (E, ASK): ("0.8", "能说明泄漏、火灾时的报警和疏散程序。"),
    (E, DOCS): ("0.8", "组织了上半年液氨泄漏应急演练，记录完整。"),
}
# The regulator finds the principal unsure of the emergency procedure: a weak module.
REGULATOR_CHECK = {
    (L, ASK): ("0.8", "职责表述基本完整，安全承诺已按时签订并公示。"),
    (R, SITE): ("0.7", "对重大危险源包保职责较熟悉，现场抽查一处，个别参数说不清。"),
    (R, DOCS): ("0.7", "安全例会纪要有缺页。"),
    (E, ASK): ("0.3", "说不清液氨泄漏时的报警和疏散程序。"),
    (E, DOCS): ("0.3", "本年度未见本人组织或参加应急演练的记录。"),
}
DEFAULT_MARK = ("0.6", "按评分要点评分。")


def _person(enterprise: Enterprise, **filters) -> StaffProfile | None:
    return (
        StaffProfile.objects.select_related("user")
        .filter(**filters)
        .exclude(status=StaffStatus.LEFT)
        .filter(enterprise=enterprise)
        .order_by("employee_no")
        .first()
    )


def _usable(profile: StaffProfile) -> None:
    """Give a demo person the demo password when they have none, so they can sign."""
    if not profile.user.check_password(DEMO_PASSWORD):
        profile.user.password = make_password(DEMO_PASSWORD)
        profile.user.save(update_fields=["password"])


def _complete(subject, reviewer, kind: str, year: int, marks, *, acknowledge: bool):
    check = checks.start_check(subject, reviewer=reviewer.user, kind=kind, year=year)
    scores = {}
    for item in checks.rubric_items(check):
        if item.sort.is_measured:
            continue
        share, note = marks.get((item.module, item.sort), DEFAULT_MARK)
        points = (item.max_points * Decimal(share)).quantize(Decimal("0.5"))
        scores[item.key] = (points, note)
    checks.save_scores(check, user=reviewer.user, scores=scores)
    checks.sign_check(check, user=reviewer.user, password=DEMO_PASSWORD)
    if acknowledge:
        checks.acknowledge_check(check, user=subject.user, password=DEMO_PASSWORD)
    return check


def load_demo_checks(today: dt.date | None = None) -> list[str]:
    year = (today or timezone.localdate()).year
    enterprise = Enterprise.objects.get(name=ENTERPRISES[0].name)
    if LeadershipCheck.objects.filter(enterprise=enterprise, year=year).exists():
        return ["安全领导力评估演示数据已存在，跳过"]
    principal = _person(enterprise, level=Level.PRINCIPAL)
    deputy = _person(enterprise, level=Level.DEPUTY_PRINCIPAL)
    manager = _person(enterprise, role=Role.SAFETY_MANAGER)
    regulator = (
        StaffProfile.objects.select_related("user")
        .filter(role=Role.REGULATOR, jurisdiction_id=enterprise.jurisdiction_id)
        .order_by("pk")
        .first()
    )
    if not all((principal, deputy, manager, regulator)):
        return ["安全领导力评估演示：缺少主要负责人、分管负责人、安全管理员或监管人员，跳过"]
    for person in (principal, deputy, manager, regulator):
        _usable(person)
    _complete(principal, manager, CheckKind.SELF, year, SELF_CHECK, acknowledge=True)
    _complete(deputy, principal, CheckKind.PRINCIPAL_REVIEW, year, DEPUTY_REVIEW, acknowledge=False)
    weak = _complete(
        principal, regulator, CheckKind.REGULATOR, year, REGULATOR_CHECK, acknowledge=False
    )
    card = checks.scorecard_of(weak)
    modules = "、".join(m.module.label for m in card.weak_modules) or "无"
    return [
        f"安全领导力评估：{enterprise.name} 企业自查 1 份、主要负责人评估分管负责人 1 份、"
        f"监管部门检查主要负责人 1 份（得分率 {card.percent}%，薄弱模块：{modules}）"
    ]
