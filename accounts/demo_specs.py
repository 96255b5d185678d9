"""The demo's people as plain data: the jurisdiction, three enterprises with their
departments and posts, one login per role, and the seeded generator of ~60 staff.

No database here (``accounts.demo`` writes these specs); a fixed seed makes every run
produce the same people, so loading the demo twice updates rows instead of adding them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from accounts.vocab import (
    DepartmentKind,
    EnterpriseType,
    Level,
    Role,
    Specialty,
    StaffStatus,
    StandardizationGrade,
)

DEMO_PASSWORD = "SafetyKB-2024"  # published on purpose: `demo_logins` prints it
EDITOR_GROUP = "编辑"
SEED = 2024


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str | None  # None when someone has changed it since the demo was loaded
    role_label: str
    enterprise: str | None  # enterprise name; None for regulators and editors


@dataclass(frozen=True)
class PostSpec:
    name: str
    specialty: Specialty


@dataclass(frozen=True)
class DepartmentSpec:
    name: str
    kind: DepartmentKind
    parent: str | None = None
    posts: tuple[PostSpec, ...] = ()


@dataclass(frozen=True)
class EnterpriseSpec:
    slug: str  # username / employee-number prefix
    name: str
    credit_code: str
    enterprise_type: EnterpriseType
    major_hazard: bool
    grade: StandardizationGrade
    address: str
    contact_person: str
    contact_phone: str
    staff_count: int
    departments: tuple[DepartmentSpec, ...]


@dataclass(frozen=True)
class LoginSpec:
    username: str
    name: str
    role: Role
    enterprise_slug: str | None  # None: bureau staff (regulator, editor)


@dataclass(frozen=True)
class StaffSpec:
    username: str
    name: str
    role: Role
    level: Level
    specialty: Specialty
    department: str | None
    post: str
    status: StaffStatus
    employee_no: str
    phone: str
    hire_date: date


JURISDICTION = ("140404", "上党区应急管理局")

SAFETY = PostSpec("安全管理岗", Specialty.SAFETY)
SAFETY_OFFICE = DepartmentSpec("安全环保部", DepartmentKind.OFFICE, posts=(SAFETY,))
#: Where the principal and the deputy principal sit in every enterprise.
MANAGEMENT_OFFICE = DepartmentSpec("综合办公室", DepartmentKind.OFFICE)

ENTERPRISES = (
    EnterpriseSpec(
        slug="jh",
        name="长治市上党区晋恒化工有限公司",
        credit_code="91140404MA0KBQ7R51",
        enterprise_type=EnterpriseType.HAZCHEM_PRODUCTION,
        major_hazard=True,
        grade=StandardizationGrade.GRADE_2,
        address="山西省长治市上党区韩店镇化工园区晋恒路8号",
        contact_person="赵国栋",
        contact_phone="0355-6000101",
        staff_count=26,
        departments=(
            MANAGEMENT_OFFICE,
            SAFETY_OFFICE,
            DepartmentSpec(
                "生产技术部",
                DepartmentKind.OFFICE,
                posts=(PostSpec("工艺技术岗", Specialty.PROCESS),),
            ),
            DepartmentSpec(
                "设备动力部",
                DepartmentKind.OFFICE,
                posts=(
                    PostSpec("设备维修岗", Specialty.EQUIPMENT),
                    PostSpec("电气岗", Specialty.ELECTRICAL),
                    PostSpec("仪表岗", Specialty.INSTRUMENT),
                ),
            ),
            DepartmentSpec("合成车间", DepartmentKind.WORKSHOP),
            DepartmentSpec(
                "合成一班",
                DepartmentKind.TEAM,
                parent="合成车间",
                posts=(
                    PostSpec("合成岗", Specialty.PROCESS),
                    PostSpec("巡检岗", Specialty.EQUIPMENT),
                ),
            ),
            DepartmentSpec(
                "中控班",
                DepartmentKind.TEAM,
                parent="合成车间",
                posts=(PostSpec("中控岗", Specialty.PROCESS),),
            ),
            DepartmentSpec(
                "精馏车间", DepartmentKind.WORKSHOP, posts=(PostSpec("精馏岗", Specialty.PROCESS),)
            ),
            DepartmentSpec("储运车间", DepartmentKind.WORKSHOP),
            DepartmentSpec(
                "储运班",
                DepartmentKind.TEAM,
                parent="储运车间",
                posts=(PostSpec("储运岗", Specialty.PROCESS), PostSpec("装卸岗", Specialty.FIRE)),
            ),
        ),
    ),
    EnterpriseSpec(
        slug="ky",
        name="山西上党康源制药有限公司",
        credit_code="91140404MA0L3T8W2K",
        enterprise_type=EnterpriseType.PHARMACEUTICAL,
        major_hazard=False,
        grade=StandardizationGrade.UNRATED,
        address="山西省长治市上党区荫城镇康源街16号",
        contact_person="张建平",
        contact_phone="0355-6000202",
        staff_count=18,
        departments=(
            MANAGEMENT_OFFICE,
            SAFETY_OFFICE,
            DepartmentSpec(
                "质量管理部", DepartmentKind.OFFICE, posts=(PostSpec("质检岗", Specialty.GENERAL),)
            ),
            DepartmentSpec("原料药车间", DepartmentKind.WORKSHOP),
            DepartmentSpec(
                "合成班",
                DepartmentKind.TEAM,
                parent="原料药车间",
                posts=(
                    PostSpec("合成岗", Specialty.PROCESS),
                    PostSpec("离心干燥岗", Specialty.PROCESS),
                ),
            ),
            DepartmentSpec(
                "溶剂回收车间",
                DepartmentKind.WORKSHOP,
                posts=(
                    PostSpec("溶剂回收岗", Specialty.PROCESS),
                    PostSpec("仪表岗", Specialty.INSTRUMENT),
                ),
            ),
            DepartmentSpec(
                "制剂车间", DepartmentKind.WORKSHOP, posts=(PostSpec("制剂岗", Specialty.PROCESS),)
            ),
        ),
    ),
    EnterpriseSpec(
        slug="rx",
        name="长治市上党区瑞祥烟花爆竹有限公司",
        credit_code="91140404MA0JN4PC14",
        enterprise_type=EnterpriseType.FIREWORKS,
        major_hazard=False,
        grade=StandardizationGrade.GRADE_3,
        address="山西省长治市上党区西火镇瑞祥路3号",
        contact_person="韩永红",
        contact_phone="0355-6000303",
        staff_count=16,
        departments=(
            MANAGEMENT_OFFICE,
            DepartmentSpec("安全管理部", DepartmentKind.OFFICE, posts=(SAFETY,)),
            DepartmentSpec("生产部", DepartmentKind.OFFICE),
            DepartmentSpec(
                "配药工房",
                DepartmentKind.WORKSHOP,
                parent="生产部",
                posts=(PostSpec("配药岗", Specialty.PROCESS),),
            ),
            DepartmentSpec(
                "装药工房",
                DepartmentKind.WORKSHOP,
                parent="生产部",
                posts=(
                    PostSpec("装药岗", Specialty.PROCESS),
                    PostSpec("筑药岗", Specialty.PROCESS),
                ),
            ),
            DepartmentSpec(
                "包装车间",
                DepartmentKind.WORKSHOP,
                parent="生产部",
                posts=(PostSpec("包装岗", Specialty.GENERAL),),
            ),
            DepartmentSpec(
                "成品仓库", DepartmentKind.WORKSHOP, posts=(PostSpec("仓库保管岗", Specialty.FIRE),)
            ),
        ),
    ),
)

#: One login per role, plus a second enterprise's safety manager for tenancy demos.
LOGINS = (
    LoginSpec("worker", "李志强", Role.WORKER, "jh"),
    LoginSpec("safety_manager", "王海燕", Role.SAFETY_MANAGER, "jh"),
    LoginSpec("principal", "赵国栋", Role.PRINCIPAL, "jh"),
    LoginSpec("regulator", "郭卫东", Role.REGULATOR, None),
    LoginSpec("editor", "刘慧敏", Role.EDITOR, None),
    LoginSpec("safety_manager_b", "张建平", Role.SAFETY_MANAGER, "ky"),
)

SURNAMES = "王李张刘赵郭杨陈韩武申牛秦段郝侯程崔贾范"
GIVEN_NAMES = (
    "建军",
    "志刚",
    "晓东",
    "海涛",
    "丽娟",
    "俊峰",
    "鹏飞",
    "文杰",
    "雪峰",
    "晋生",
    "春花",
    "亚楠",
    "振华",
    "宏伟",
    "宇航",
    "婷婷",
    "晓燕",
    "利民",
    "红霞",
    "永强",
    "学军",
    "国庆",
    "秀英",
    "小龙",
    "磊",
    "静",
    "勇",
    "斌",
    "涛",
    "芳",
    "霞",
    "超",
    "敏",
    "军",
)


LEADERSHIP: tuple[tuple[Role, Level, Specialty, bool, str], ...] = (
    # (role, level, specialty, in the safety department? (else the management office), post)
    (Role.PRINCIPAL, Level.PRINCIPAL, Specialty.GENERAL, False, "总经理"),
    (Role.WORKER, Level.DEPUTY_PRINCIPAL, Specialty.SAFETY, False, "安全副总经理"),
    (Role.SAFETY_MANAGER, Level.SAFETY_MANAGER, Specialty.SAFETY, True, SAFETY.name),
    (Role.WORKER, Level.SAFETY_MANAGER, Specialty.SAFETY, True, SAFETY.name),
)
RANK_AND_FILE_LEVELS = (
    Level.OPERATOR,
    Level.TEAM_LEADER,
    Level.SPECIAL_OPERATOR,
    Level.TECHNICIAN,
    Level.NEW_HIRE,
)
RANK_AND_FILE_WEIGHTS = (10, 2, 2, 1, 2)


def staff_specs(spec: EnterpriseSpec, rng: random.Random, used: set[str]) -> list[StaffSpec]:
    """The enterprise's staff: leadership, the worker login, then rank and file from ``rng``.

    The enterprise's demo logins take the matching leadership seats; the worker login is
    an operator on the enterprise's first production (workshop or team) post.
    """
    logins = {login.role: login for login in LOGINS if login.enterprise_slug == spec.slug}
    safety_department = next(d.name for d in spec.departments if SAFETY in d.posts)
    posts = [(d, p) for d in spec.departments for p in d.posts if p is not SAFETY]
    production = [(d.name, p) for d, p in posts if d.kind != DepartmentKind.OFFICE]
    # Most people work on the shop floor: production posts are three times as likely.
    post_weights = [1 if d.kind == DepartmentKind.OFFICE else 3 for d, _ in posts]
    staff: list[StaffSpec] = []

    def add(login, role, level, specialty, department, post, status, hired) -> None:
        n = len(staff) + 1
        staff.append(
            StaffSpec(
                username=login.username if login else f"{spec.slug}{n:03d}",
                name=login.name if login else _new_name(rng, used),
                role=role,
                level=level,
                specialty=specialty,
                department=department,
                post=post,
                status=status,
                employee_no=f"{spec.slug.upper()}{n:04d}",
                phone=f"1380000{rng.randrange(10000):04d}",
                hire_date=hired,
            )
        )

    for role, level, specialty, in_safety, post in LEADERSHIP:
        login = logins.pop(role, None) if role != Role.WORKER else None
        department = safety_department if in_safety else MANAGEMENT_OFFICE.name
        hired = date(2010, 3, 1) + timedelta(days=rng.randrange(3000))
        add(login, role, level, specialty, department, post, StaffStatus.ON_POST, hired)
    if worker := logins.pop(Role.WORKER, None):
        department, post = production[0]
        hired, status = date(2019, 7, 1), StaffStatus.ON_POST
        add(
            worker,
            Role.WORKER,
            Level.OPERATOR,
            post.specialty,
            department,
            post.name,
            status,
            hired,
        )
    while len(staff) < spec.staff_count:
        department_spec, post = rng.choices(posts, weights=post_weights)[0]
        department = department_spec.name
        level = rng.choices(RANK_AND_FILE_LEVELS, weights=RANK_AND_FILE_WEIGHTS)[0]
        if level == Level.NEW_HIRE:
            hired = date(2024, 1, 8) + timedelta(days=rng.randrange(60))
        else:
            hired = date(2008, 1, 1) + timedelta(days=rng.randrange(5800))
        # Nobody starts off post: only a failed exam sends people there, with a training
        # programme (site/safetykb/demo/exams.py). The draw stays, so names and posts do too.
        roll = rng.random()
        status = StaffStatus.LEFT if roll > 0.95 else StaffStatus.ON_POST
        add(None, Role.WORKER, level, post.specialty, department, post.name, status, hired)
    return staff


def _new_name(rng: random.Random, used: set[str]) -> str:
    while True:
        candidate = rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES)
        if candidate not in used:
            used.add(candidate)
            return candidate
