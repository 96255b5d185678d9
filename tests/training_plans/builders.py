"""A plan world: an enterprise with its safety manager and principal, and a plan's lines."""

from __future__ import annotations

from decimal import Decimal

from accounts.vocab import Level
from tests.factories import EnterpriseFactory, person
from training import plans
from training.rules.hours import TrainingKind


def line(level=Level.OPERATOR, kind=TrainingKind.REFRESHER, hours="8", month=3, **kw):
    return plans.LineFields(
        level=level,
        kind=kind,
        course=kw.pop("course", f"{month}月{TrainingKind(kind).label}"),
        hours=Decimal(hours),
        month=month,
        trainer=kw.pop("trainer", "安全科"),
        audience=kw.pop("audience", "全体操作人员"),
        **kw,
    )


class PlanWorld:
    def __init__(self, name: str = "晋恒化工", **enterprise_fields):
        self.enterprise = EnterpriseFactory(name=f"{name}有限公司", **enterprise_fields)
        self.manager = person(f"{name}安全员", enterprise=self.enterprise, safety_manager=True)
        self.principal = person(f"{name}负责人", enterprise=self.enterprise, principal=True)

    def draft(self, year: int = 2026, *lines: plans.LineFields):
        plan = plans.create_plan(self.enterprise, year, actor=self.manager.user)
        for fields in lines or (line(),):
            plans.add_line(plan, fields, actor=self.manager.user)
        return plan
