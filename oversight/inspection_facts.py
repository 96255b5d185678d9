"""What each of the four checks reads, one function per check.

An inspector scores each check from facts shown, never typed in. Each function returns
``Facts`` read from the domain that owns them (leadership, the training plan and ledger,
certificates, the spot test) on the inspection's date. ``not_connected`` remains for a
source that cannot answer (it says so plainly, 数据来源尚未接入), so a page never shows an
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


def _people_of(inspection: Inspection):
    from accounts.models import StaffProfile
    from accounts.vocab import StaffStatus

    return StaffProfile.objects.filter(enterprise_id=inspection.enterprise_id).exclude(
        status=StaffStatus.LEFT
    )


def _percent(value: Any) -> str:
    return "无数据" if value is None else f"{value:.0f}%"


def leadership_facts(inspection: Inspection) -> Facts:
    """主要负责人安全领导力: the principal's latest scorecard, commitment and action plan."""
    from accounts.vocab import Level
    from leadership.checks import latest_scorecard
    from leadership.selectors import commitment_status, plan_completion

    year = inspection.date.year
    principals = list(_people_of(inspection).filter(level=Level.PRINCIPAL).select_related("user"))
    if not principals:
        return Facts(kind=CheckKind.LEADERSHIP, source="安全领导力", note="企业未登记主要负责人。")
    figures: list[tuple[str, str]] = []
    people: list[str] = []
    for principal in principals:
        name = principal.display_name
        card = latest_scorecard(principal)
        if card is None:
            figures.append((f"{name} 最近评估", "尚无评估"))
        else:
            scorecard = card.card
            figures.append(
                (f"{name} 最近评估（{card.check.year}年）", f"{_percent(scorecard.percent)}")
            )
            weak = "、".join(module.module.label for module in scorecard.weak_modules)
            if weak:
                people.append(f"{name}：薄弱模块 {weak}")
        figures.append((f"{name} 安全承诺", commitment_status(principal, year).label))
        completion = plan_completion(principal, year)
        figures.append((f"{name} 个人行动计划完成率", _percent(completion.percent)))
    return Facts(
        kind=CheckKind.LEADERSHIP,
        source="安全领导力评估、安全承诺与个人行动计划",
        figures=figures,
        people=people,
    )


def training_plan_facts(inspection: Inspection) -> Facts:
    """企业培训计划: the approved plan, its delivery, and the people short of hours."""
    from training.compliance import people_short_of_hours
    from training.models.plans import PlanStatus, TrainingPlan
    from training.plan_selectors import plan_lines, plan_progress

    year = inspection.date.year
    figures: list[tuple[str, str]] = []
    plan = TrainingPlan.objects.filter(
        enterprise_id=inspection.enterprise_id, year=year, status=PlanStatus.APPROVED
    ).first()
    if plan is None:
        figures.append((f"{year}年度培训计划", "无经审批的计划"))
    else:
        lines = plan_lines(plan)
        progress = plan_progress(plan, lines, today=inspection.date)
        planned = sum((level.planned for level in progress.levels), 0)
        counted = sum((level.counted for level in progress.levels), 0)
        figures += [
            (f"{year}年度培训计划", f"{plan}（已审批）"),
            ("计划学时完成", f"{counted} / {planned}"),
            ("滞后的计划项", str(sum(1 for line in progress.lines if line.behind))),
        ]
    short = people_short_of_hours(_people_of(inspection), year)
    figures.append(("学时不足人数", str(len(short))))
    people = [
        f"{row.staff.display_name}：{row.status.label}，差 {row.shortfall} 学时" for row in short
    ]
    return Facts(
        kind=CheckKind.TRAINING_PLAN,
        source="年度培训计划、完成情况与学时台账",
        figures=figures,
        people=people,
    )


def certificate_facts(inspection: Inspection) -> Facts:
    """持证情况: required vs valid vs expiring vs expired vs missing, the people named."""
    from training.certificate_status import certificate_checks, only_gaps, summarise
    from training.rules.certificates import GapState

    rows = certificate_checks(_people_of(inspection), inspection.date)
    counts = summarise(rows)
    figures = [("应持证", str(counts["required"]))] + [
        (state.label, str(counts[state.value])) for state in GapState
    ]
    people = [
        f"{gap.person.display_name}：{gap.kind.label}"
        + (f"（{gap.category}）" if gap.category else "")
        + f" {gap.state.label}"
        for gap in only_gaps(rows)
    ]
    return Facts(kind=CheckKind.CERTIFICATES, source="持证情况", figures=figures, people=people)


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
