"""Demo annual training plans: 晋恒化工's approved by its principal, 康源制药's a draft.

Idempotent: a plan already there for the enterprise and year is left as it is. The draft
plans too few hours for managers, so the page shows its warning.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Page

from accounts.demo_specs import DEMO_PASSWORD, ENTERPRISES
from accounts.models import Enterprise
from accounts.vocab import Level, Specialty
from training import plans
from training.models import TrainingPlan
from training.rules.hours import TrainingKind

# (level, specialty, post, kind, course, content, hours, month, trainer, audience, page words)
JH_LINES = (
    (
        Level.PRINCIPAL,
        "",
        "",
        TrainingKind.EXTERNAL,
        "主要负责人安全生产知识和管理能力再培训",
        "安全生产法、危险化学品安全管理条例修订要点；领导力与安全文化",
        "16",
        3,
        "长治市安全生产培训中心",
        "主要负责人",
        "安全生产法",
    ),
    (
        Level.SAFETY_MANAGER,
        "",
        "",
        TrainingKind.EXTERNAL,
        "安全生产管理人员再培训",
        "重大危险源管理、特殊作业安全规范、隐患排查治理",
        "16",
        4,
        "长治市安全生产培训中心",
        "安全管理人员",
        "危险化学品",
    ),
    (
        Level.DEPUTY_PRINCIPAL,
        "",
        "",
        TrainingKind.EXTERNAL,
        "分管负责人安全生产管理再培训",
        "安全生产责任制、双重预防机制",
        "16",
        3,
        "长治市安全生产培训中心",
        "分管安全副总经理",
        "安全生产法",
    ),
    (
        Level.TECHNICIAN,
        "",
        "",
        TrainingKind.REFRESHER,
        "专业技术人员工艺安全再培训",
        "HAZOP 分析、变更管理、工艺安全信息",
        "20",
        6,
        "工艺技术部",
        "各专业技术人员",
        "",
    ),
    (
        Level.OPERATOR,
        Specialty.PROCESS,
        "合成岗",
        TrainingKind.REFRESHER,
        "合成岗位操作规程与应急处置",
        "岗位操作规程、工艺指标、紧急停车程序",
        "8",
        2,
        "合成车间主任",
        "合成车间全体操作人员",
        "工作要点",
    ),
    (
        Level.OPERATOR,
        "",
        "",
        TrainingKind.REFRESHER,
        "特殊作业安全（动火、受限空间、高处）",
        "GB 30871 特殊作业八大作业票证管理",
        "8",
        5,
        "安全环保部",
        "全体操作人员",
        "安全生产法",
    ),
    (
        Level.OPERATOR,
        "",
        "",
        TrainingKind.NEW_PROCESS,
        "新工艺新设备专项：精馏塔 DCS 改造",
        "改造后的控制逻辑与联锁",
        "4",
        9,
        "仪表车间",
        "全体操作人员",
        "",
    ),
    (
        Level.OPERATOR,
        "",
        "",
        TrainingKind.DRILL,
        "泄漏着火综合应急演练",
        "演练不计入再培训学时",
        "4",
        6,
        "安全环保部",
        "全体操作人员",
        "",
    ),
    (
        Level.TEAM_LEADER,
        "",
        "",
        TrainingKind.REFRESHER,
        "班组长安全管理能力提升",
        "班前会、交接班、隐患排查",
        "20",
        7,
        "安全环保部",
        "各班组长",
        "工作要点",
    ),
    (
        Level.SPECIAL_OPERATOR,
        Specialty.ELECTRICAL,
        "电气岗",
        TrainingKind.REFRESHER,
        "电工作业安全再培训",
        "低压电工作业安全技术",
        "20",
        8,
        "外聘讲师",
        "持证电工",
        "",
    ),
    (
        Level.NEW_HIRE,
        "",
        "",
        TrainingKind.INDUCTION,
        "新员工岗前安全培训",
        "厂规厂纪、危化品基础知识、岗位风险告知",
        "72",
        10,
        "安全环保部",
        "当年新入职人员",
        "安全生产法",
    ),
)
KY_LINES = (
    (
        Level.PRINCIPAL,
        "",
        "",
        TrainingKind.REFRESHER,
        "主要负责人安全再培训",
        "药品生产安全管理",
        "8",
        4,
        "安全部",
        "主要负责人",
        "安全生产法",
    ),
    (
        Level.OPERATOR,
        "",
        "",
        TrainingKind.REFRESHER,
        "GMP 车间安全操作",
        "有机溶剂使用与防爆",
        "8",
        5,
        "生产部",
        "全体操作人员",
        "",
    ),
)


def _enterprise(slug: str) -> Enterprise | None:
    spec = next(e for e in ENTERPRISES if e.slug == slug)
    return Enterprise.objects.filter(name=spec.name).first()


def _page_ids(words: str) -> list[int]:
    if not words:
        return []
    page = Page.objects.live().filter(depth__gte=3, title__contains=words).order_by("pk").first()
    return [page.pk] if page else []


def _draft(enterprise: Enterprise, year: int, manager, lines) -> TrainingPlan:
    plan = plans.create_plan(enterprise, year, actor=manager)
    for (
        level,
        specialty,
        post,
        kind,
        course,
        content,
        hours,
        month,
        trainer,
        audience,
        words,
    ) in lines:
        plans.add_line(
            plan,
            plans.LineFields(
                level=level,
                specialty=specialty,
                post=post,
                kind=kind,
                course=course,
                content=content,
                page_ids=_page_ids(words),
                hours=Decimal(hours),
                month=month,
                trainer=trainer,
                audience=audience,
            ),
            actor=manager,
        )
    return plan


def load_demo_plans() -> list[str]:
    users = get_user_model().objects
    year = timezone.localdate().year
    said = []
    jh, ky = _enterprise("jh"), _enterprise("ky")
    if jh is not None and not TrainingPlan.objects.filter(enterprise=jh, year=year).exists():
        plan = _draft(jh, year, users.get(username="safety_manager"), JH_LINES)
        principal = users.get(username="principal")
        if principal.check_password(DEMO_PASSWORD):
            plans.approve_plan(plan, user=principal, password=DEMO_PASSWORD)
            said.append(f"{jh.name} {year}年度安全培训计划（已审批）")
        else:
            said.append(f"{jh.name} {year}年度安全培训计划（草稿：主要负责人密码已改，未代签）")
    if ky is not None and not TrainingPlan.objects.filter(enterprise=ky, year=year).exists():
        _draft(ky, year, users.get(username="safety_manager_b"), KY_LINES)
        said.append(f"{ky.name} {year}年度安全培训计划（草稿）")
    return said
