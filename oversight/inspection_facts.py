"""What each of the four checks reads, one function per check.

An inspector scores each check from facts shown, never typed in. Each function returns
``Facts``; where the module that owns the facts is not part of this build it returns a
``not_connected`` result that says so plainly (数据来源尚未接入), so a page never shows an
empty list that could be read as "no problems found".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from oversight.models import CheckKind, Inspection

NOT_CONNECTED = "数据来源尚未接入"


@dataclass(frozen=True)
class Facts:
    """The facts behind one check: figures (label, value) and people named, with a source."""

    kind: str
    source: str
    connected: bool = True
    figures: list[tuple[str, str]] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    note: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "source": self.source,
            "connected": self.connected,
            "figures": [list(pair) for pair in self.figures],
            "people": list(self.people),
            "note": self.note,
        }


def not_connected(kind: str, source: str) -> Facts:
    return Facts(
        kind=kind,
        source=source,
        connected=False,
        note=f"{NOT_CONNECTED}：{source}。请现场查阅企业资料后填写检查情况。",
    )


def leadership_facts(inspection: Inspection) -> Facts:
    """主要负责人安全领导力: the principal's latest scorecard (leadership.checks)."""
    return not_connected(CheckKind.LEADERSHIP, "主要负责人安全领导力评分与行动计划")


def training_plan_facts(inspection: Inspection) -> Facts:
    """企业培训计划: the approved plan, its delivery, and people short of hours
    (training plan; training.compliance.people_short_of_hours)."""
    return not_connected(CheckKind.TRAINING_PLAN, "年度培训计划、完成情况与学时不足人员")


def certificate_facts(inspection: Inspection) -> Facts:
    """持证情况: required vs valid vs expired vs missing (training.certificate_status)."""
    return not_connected(CheckKind.CERTIFICATES, "应持证、有效、过期与缺证人员")


def spot_test_facts(inspection: Inspection) -> Facts:
    """抽考安全生产常识: this inspection's own spot test (sample, scores, 缺考)."""
    from oversight.spot_tests import examinee_rows

    spot = getattr(inspection, "spot_test", None)
    if spot is None:
        return Facts(kind=CheckKind.SPOT_TEST, source="现场抽考", note="尚未选取抽考人员。")
    rows = examinee_rows(spot)
    scored = [row for row in rows if row.score is not None]
    failed = [row for row in rows if row.passed is False]
    absent = [row for row in rows if row.absent]
    figures = [
        ("抽考人数", str(len(rows))),
        ("已交卷", str(len(scored))),
        ("合格", str(sum(row.passed is True for row in rows))),
        ("不合格", str(len(failed))),
        ("缺考", str(len(absent))),
    ]
    people = [f"{row.name}（{row.post or '未设岗位'}）：{row.status}" for row in failed + absent]
    return Facts(kind=CheckKind.SPOT_TEST, source="现场抽考", figures=figures, people=people)


FACTS = {
    CheckKind.LEADERSHIP: leadership_facts,
    CheckKind.TRAINING_PLAN: training_plan_facts,
    CheckKind.CERTIFICATES: certificate_facts,
    CheckKind.SPOT_TEST: spot_test_facts,
}


def facts_for(inspection: Inspection, kind: str) -> Facts:
    return FACTS[CheckKind(kind)](inspection)
