"""Shared vocabularies (TextChoices) for people and enterprises.

Later apps (question bank, assessments) import these so that a question's target level or
specialty and a person's level or specialty are the same value, never two spellings.
"""

from __future__ import annotations

from django.db import models


class Level(models.TextChoices):
    """人员层级: the layers of the "分层次、分专业、分岗位" training and exam system."""

    PRINCIPAL = "principal", "主要负责人"
    DEPUTY_PRINCIPAL = "deputy_principal", "分管负责人"
    SAFETY_MANAGER = "safety_manager", "安全管理人员"
    TECHNICIAN = "technician", "专业技术人员"
    TEAM_LEADER = "team_leader", "班组长"
    SPECIAL_OPERATOR = "special_operator", "特种作业人员"
    OPERATOR = "operator", "操作人员"
    NEW_HIRE = "new_hire", "新上岗人员"


class Specialty(models.TextChoices):
    """专业: the departments the seed notice names in （九） plus 综合 for generalists."""

    PROCESS = "process", "工艺"
    EQUIPMENT = "equipment", "设备"
    ELECTRICAL = "electrical", "电气"
    INSTRUMENT = "instrument", "仪表"
    FIRE = "fire", "消防"
    SAFETY = "safety", "安全"
    GENERAL = "general", "综合"


class EnterpriseType(models.TextChoices):
    HAZCHEM_PRODUCTION = "hazchem_production", "危险化学品生产"
    HAZCHEM_TRADING = "hazchem_trading", "危险化学品经营"
    HAZCHEM_STORAGE = "hazchem_storage", "危险化学品储存"
    CHEMICAL = "chemical", "化工"
    PHARMACEUTICAL = "pharmaceutical", "医药"
    FIREWORKS = "fireworks", "烟花爆竹"
    OIL_GAS_STORAGE = "oil_gas_storage", "油气储存"


#: Units the training and certificate rules hold to the higher minima (《生产经营单位安全培训
#: 规定》第九条、第十三条; 安全生产法 第二十七条: 危险物品 units). No 矿山 or 金属冶炼 types exist.
HIGH_RISK_ENTERPRISE_TYPES = frozenset(
    {
        EnterpriseType.HAZCHEM_PRODUCTION,
        EnterpriseType.HAZCHEM_TRADING,
        EnterpriseType.HAZCHEM_STORAGE,
        EnterpriseType.CHEMICAL,
        EnterpriseType.FIREWORKS,
        EnterpriseType.OIL_GAS_STORAGE,
    }
)


class StandardizationGrade(models.TextChoices):
    """安全生产标准化等级."""

    GRADE_1 = "grade_1", "一级"
    GRADE_2 = "grade_2", "二级"
    GRADE_3 = "grade_3", "三级"
    UNRATED = "unrated", "未达标"


class StaffStatus(models.TextChoices):
    ON_POST = "on_post", "在岗"
    OFF_POST_TRAINING = "off_post_training", "脱产培训"
    #: Away from the post for a while (sick leave, secondment): not drawn for exams.
    AWAY = "away", "离岗"
    LEFT = "left", "离职"


class DepartmentKind(models.TextChoices):
    WORKSHOP = "workshop", "车间"
    TEAM = "team", "班组"
    OFFICE = "office", "部门"


class Role(models.TextChoices):
    """What a login may do on the site; independent of `Level` (a principal may be an editor)."""

    WORKER = "worker", "员工"
    SAFETY_MANAGER = "safety_manager", "企业安全管理员"
    PRINCIPAL = "principal", "主要负责人"
    REGULATOR = "regulator", "监管人员"
    EDITOR = "editor", "编辑"


# The role groups, each defined once. Tuples in ``Role`` order: the 403 page lists a
# group's labels in this order.

#: Roles that belong to one enterprise (their profile must name it); they sit exams.
ENTERPRISE_ROLES = (Role.WORKER, Role.SAFETY_MANAGER, Role.PRINCIPAL)
#: Roles that see their whole enterprise (dashboards, every colleague's record) and
#: manage its own question bank, blueprints and schedules.
ENTERPRISE_MANAGER_ROLES = (Role.SAFETY_MANAGER, Role.PRINCIPAL)
#: Roles that oversee exams: an enterprise's managers and the jurisdiction's regulators.
OVERSEER_ROLES = (*ENTERPRISE_MANAGER_ROLES, Role.REGULATOR)
#: Every role of the site's pages (editors work in the admin).
SITE_ROLES = (*ENTERPRISE_ROLES, Role.REGULATOR)
#: Roles that may work in the bank admin (question bank, blueprints) at all.
BANK_ADMIN_ROLES = (*OVERSEER_ROLES, Role.EDITOR)
