"""The demo's hours ledger: a year of training sessions for every demo enterprise.

Per enterprise, recorded by its safety manager through ``training.ledger`` (so every
integrity rule applies): the new hires' 三级安全教育 and induction as one batch, five
年度再培训 sessions of 4 学时, and an 应急演练. The deputy principal (a 安全生产管理人员)
misses three refresher sessions and is short of hours. Only the latest session is signed,
by managers with a demo login (signing re-hashes the password, slow on purpose); the
others wait for the safety manager's signature, as legacy entries do. Idempotent: an enterprise that already
has sessions outside the off-post programme is left alone.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from accounts.demo_specs import DEMO_PASSWORD
from accounts.models import Enterprise, StaffProfile
from accounts.vocab import Level, Role, StaffStatus
from training.ledger import LedgerError, SessionInput, record_session
from training.models import TrainingSession
from training.rules.hours import TrainingKind

REFRESHERS = (
    ("危险化学品安全管理条例与本企业安全管理制度", 180),
    ("动火、受限空间等特殊作业安全规范", 140),
    ("重大危险源辨识与双重预防机制", 100),
    ("典型事故案例警示教育", 60),
    ("岗位操作规程与应急处置卡", 20),
)
DRILL_DAYS_AGO = 45
INDUCTION = (
    (TrainingKind.PLANT_LEVEL, "厂级安全教育：安全生产法律法规与本企业安全概况", 0, 1),
    (TrainingKind.WORKSHOP_LEVEL, "车间级安全教育：车间危险因素与安全操作规程", 1, 1),
    (TrainingKind.TEAM_LEVEL, "班组级安全教育：岗位安全操作与劳动防护用品", 2, 1),
    (TrainingKind.INDUCTION, "新上岗人员岗前安全培训", 3, 6),
)


def _session(enterprise, manager, people, *, kind, title, on, days=1, hours=8, sign=False):
    data = SessionInput(
        kind=kind,
        title=title,
        starts_on=on,
        ends_on=on + dt.timedelta(days=days - 1),
        start_time=dt.time(8, 30),
        end_time=dt.time(17, 30) if hours >= 8 else dt.time(12, 30),
        hours_per_day=Decimal(hours),
        trainer_name="安全管理部" if kind != TrainingKind.DRILL else "企业应急救援队",
        place="培训教室" if kind != TrainingKind.DRILL else "罐区",
        content=title,
    )
    return record_session(
        enterprise, data, people, actor=manager.user, password=DEMO_PASSWORD if sign else None
    )


def load_demo_ledger() -> list[str]:
    today = timezone.localdate()
    lines = []
    for enterprise in Enterprise.objects.order_by("pk"):
        if TrainingSession.objects.filter(enterprise=enterprise, programme=None).exists():
            continue
        staff = list(
            StaffProfile.objects.filter(enterprise=enterprise)
            .exclude(status=StaffStatus.LEFT)
            .select_related("user")
            .order_by("employee_no", "pk")
        )
        manager = next((s for s in staff if s.role == Role.SAFETY_MANAGER), None)
        if manager is None:
            continue
        try:
            count = _enterprise_year(enterprise, manager, staff, today)
        except LedgerError as exc:  # a demo that breaks a rule is a bug: say which
            lines.append(f"{enterprise.name}：培训台账演示数据未写入（{exc}）")
            continue
        lines.append(f"培训台账 {enterprise.name}：{count} 次培训活动")
    return lines


def _enterprise_year(enterprise, manager, staff, today) -> int:
    count = 0
    new_hires = [s for s in staff if s.level == Level.NEW_HIRE and s.hire_date]
    if new_hires:
        batch = max(s.hire_date for s in new_hires)
        for kind, title, offset, days in INDUCTION:
            _session(
                enterprise,
                manager,
                new_hires,
                kind=kind,
                title=title,
                on=batch + dt.timedelta(days=offset),
                days=days,
            )
            count += 1
    # Managers without a demo login cannot sign; their sessions wait for a signature.
    can_sign = manager.user.check_password(DEMO_PASSWORD)
    short = next((s for s in staff if s.level == Level.DEPUTY_PRINCIPAL), None)
    for n, (title, days_ago) in enumerate(REFRESHERS):
        on = today - dt.timedelta(days=days_ago)
        people = [
            s
            for s in staff
            if (s.hire_date is None or s.hire_date <= on) and (s != short or n >= 3)
        ]
        _session(
            enterprise,
            manager,
            people,
            kind=TrainingKind.REFRESHER,
            title=f"年度安全再培训：{title}",
            on=on,
            hours=4,
        )
        count += 1
    on = today - dt.timedelta(days=DRILL_DAYS_AGO)
    _session(
        enterprise,
        manager,
        [s for s in staff if s.hire_date is None or s.hire_date <= on],
        kind=TrainingKind.DRILL,
        title="储罐区泄漏及火灾事故应急演练",
        on=on,
        hours=2,
        sign=can_sign,
    )
    return count + 1
