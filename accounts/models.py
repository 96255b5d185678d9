"""People and enterprises: who works where, at which level, and who may see whom.

A login's site role lives on `StaffProfile.role`; tenancy follows from the profile's
enterprise (enterprise roles) or jurisdiction (regulators). See `accounts.scoping`.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models, transaction

from accounts.validators import validate_credit_code
from accounts.vocab import (
    ENTERPRISE_ROLES,
    DepartmentKind,
    EnterpriseType,
    Level,
    Role,
    Specialty,
    StaffStatus,
    StandardizationGrade,
)


class Jurisdiction(models.Model):
    """A regulator's area, e.g. 上党区应急管理局 (code: the administrative division code)."""

    name = models.CharField("名称", max_length=100, unique=True)
    code = models.CharField("代码", max_length=12, unique=True, help_text="行政区划代码，如 140404")

    class Meta:
        ordering = ["code"]
        verbose_name = "监管辖区"
        verbose_name_plural = "监管辖区"

    def __str__(self) -> str:
        return self.name


def owner_jurisdiction(**kwargs) -> models.ForeignKey:
    """The jurisdiction a bank row belongs to (see ``JurisdictionOwned``)."""
    return models.ForeignKey(
        "accounts.Jurisdiction", on_delete=models.PROTECT, verbose_name="辖区", **kwargs
    )


def owner_enterprise(verbose_name: str = "企业题库", **kwargs) -> models.ForeignKey:
    """The enterprise whose own bank a row is in; empty for the jurisdiction's shared bank."""
    return models.ForeignKey(
        "accounts.Enterprise",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=verbose_name,
        **kwargs,
    )


class JurisdictionOwned(models.Model):
    """A row of a jurisdiction's bank (questions, blueprints, imports): the jurisdiction's
    shared bank when ``enterprise`` is empty, else that enterprise's own bank.

    Who sees and manages such rows is ``accounts.scoping``'s bank policy. Subclasses may
    redeclare the two fields with ``owner_jurisdiction``/``owner_enterprise`` to give them
    their own labels or reverse names; the columns stay the same.
    """

    jurisdiction = owner_jurisdiction()
    enterprise = owner_enterprise()

    class Meta:
        abstract = True

    @property
    def is_shared(self) -> bool:
        """In the jurisdiction's shared bank (no enterprise)."""
        return self.enterprise_id is None

    def usable_by(self, enterprise: Enterprise) -> bool:
        """The enterprise's own row, or its jurisdiction's shared one."""
        if self.enterprise_id is not None:
            return self.enterprise_id == enterprise.pk
        return self.jurisdiction_id == enterprise.jurisdiction_id

    def clean(self) -> None:
        """An enterprise's bank lies in that enterprise's jurisdiction."""
        super().clean()
        if self.enterprise_id is None or self.jurisdiction_id is None:
            return
        if self.enterprise.jurisdiction_id != self.jurisdiction_id:
            raise ValidationError(
                {"enterprise": f"“{self.enterprise.name}”不属于{self.jurisdiction.name}。"}
            )


class Enterprise(models.Model):
    name = models.CharField("企业名称", max_length=200)
    credit_code = models.CharField(
        "统一社会信用代码",
        max_length=18,
        unique=True,
        validators=[validate_credit_code],
        help_text="18位，字母须大写",
    )
    enterprise_type = models.CharField("企业类型", max_length=32, choices=EnterpriseType.choices)
    major_hazard = models.BooleanField("重大危险源", default=False)
    standardization_grade = models.CharField(
        "安全生产标准化等级",
        max_length=16,
        choices=StandardizationGrade.choices,
        default=StandardizationGrade.UNRATED,
    )
    jurisdiction = models.ForeignKey(
        Jurisdiction,
        verbose_name="监管辖区",
        on_delete=models.PROTECT,
        related_name="enterprises",
    )
    address = models.CharField("地址", max_length=255, blank=True)
    contact_person = models.CharField("联系人", max_length=50, blank=True)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "企业"
        verbose_name_plural = "企业"
        indexes = [models.Index(fields=["jurisdiction", "name"], name="enterprise_jur_name")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        adding = self._state.adding
        with transaction.atomic():
            super().save(*args, **kwargs)
            if not adding:
                # Staff carry a denormalised jurisdiction; a moved enterprise takes them along.
                self.staff.exclude(jurisdiction_id=self.jurisdiction_id).update(
                    jurisdiction_id=self.jurisdiction_id
                )

    def clean_fields(self, exclude=None) -> None:
        # People paste codes in lower case or with spaces; normalise before validating.
        if self.credit_code:
            self.credit_code = self.credit_code.strip().upper()
        super().clean_fields(exclude=exclude)


class Department(models.Model):
    """A workshop (车间), team (班组) or office (部门) inside one enterprise."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name="企业", on_delete=models.CASCADE, related_name="departments"
    )
    name = models.CharField("名称", max_length=100)
    kind = models.CharField(
        "类别", max_length=16, choices=DepartmentKind.choices, default=DepartmentKind.WORKSHOP
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="上级部门",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
    )

    class Meta:
        ordering = ["enterprise", "name"]
        verbose_name = "部门/车间/班组"
        verbose_name_plural = "部门/车间/班组"
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "name"], name="department_unique_name_per_enterprise"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.parent_id is None:
            return
        if self.parent.enterprise_id != self.enterprise_id:
            raise ValidationError({"parent": "上级部门必须属于同一企业。"})
        ancestor = self.parent
        while ancestor is not None:
            if self.pk is not None and ancestor.pk == self.pk:
                raise ValidationError({"parent": "上级部门不能是本部门或其下级。"})
            ancestor = ancestor.parent


class StaffProfile(models.Model):
    """A login's place in the system: role, enterprise, level, specialty and post.

    The person's full Chinese name is kept in ``user.first_name`` (last_name stays empty),
    so ``user.get_full_name()`` reads naturally as 张三.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.CASCADE,
        related_name="profile",
    )
    role = models.CharField("角色", max_length=20, choices=Role.choices, default=Role.WORKER)
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name="企业",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        help_text="企业人员必填；监管人员和编辑留空",
    )
    jurisdiction = models.ForeignKey(
        Jurisdiction,
        verbose_name="监管辖区",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        help_text="监管人员必填；企业人员自动取所属企业的辖区",
    )
    department = models.ForeignKey(
        Department,
        verbose_name="部门/车间/班组",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff",
    )
    level = models.CharField("人员层级", max_length=20, choices=Level.choices, blank=True)
    specialty = models.CharField("专业", max_length=20, choices=Specialty.choices, blank=True)
    post = models.CharField(
        "岗位", max_length=50, blank=True, help_text="如 合成岗、储运岗、中控岗"
    )
    employee_no = models.CharField("工号", max_length=30, blank=True)
    phone = models.CharField("手机号", max_length=30, blank=True)
    hire_date = models.DateField("入职日期", null=True, blank=True)
    # Only the masked form is kept (个人信息保护法: collect the minimum); the last four
    # digits let a manager confirm who a caller is.
    id_number_masked = models.CharField("身份证号", max_length=18, blank=True)
    id_number_last4 = models.CharField("身份证号后四位", max_length=4, blank=True)
    # Regulators only: the number on their 行政执法证, printed on every inspection record.
    enforcement_number = models.CharField("执法证号", max_length=40, blank=True)
    status = models.CharField(
        "在岗状态", max_length=20, choices=StaffStatus.choices, default=StaffStatus.ON_POST
    )
    must_change_password = models.BooleanField(
        "首次登录须修改密码",
        default=False,
        help_text="安全管理员创建账号或重置密码后设置；本人修改密码后清除",
    )

    class Meta:
        ordering = ["enterprise", "employee_no", "pk"]
        verbose_name = "人员档案"
        verbose_name_plural = "人员档案"
        indexes = [
            models.Index(fields=["enterprise", "status"], name="staff_ent_status"),
            models.Index(fields=["enterprise", "level"], name="staff_ent_level"),
            models.Index(fields=["enterprise", "specialty"], name="staff_ent_specialty"),
            models.Index(fields=["enterprise", "post"], name="staff_ent_post"),
            models.Index(fields=["jurisdiction", "role"], name="staff_jur_role"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "employee_no"],
                condition=~models.Q(employee_no=""),
                name="staff_unique_employee_no_per_enterprise",
                violation_error_message="本企业已有相同工号的人员。",
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs) -> None:
        self.derive_jurisdiction()
        super().save(*args, **kwargs)

    @property
    @admin.display(description="姓名")
    def display_name(self) -> str:
        return self.user.get_full_name() or self.user.username

    @property
    def is_off_post(self) -> bool:
        return self.status == StaffStatus.OFF_POST_TRAINING

    def derive_jurisdiction(self) -> None:
        """Enterprise staff take their enterprise's jurisdiction; the two never disagree."""
        if self.enterprise_id is not None:
            self.jurisdiction_id = self.enterprise.jurisdiction_id

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.role in ENTERPRISE_ROLES:
            if self.enterprise_id is None:
                errors["enterprise"] = "员工、企业安全管理员和主要负责人必须填写所属企业。"
            if not self.level:
                errors["level"] = "企业人员必须选择人员层级。"
        elif self.enterprise_id is not None:
            errors["enterprise"] = "监管人员和编辑不属于任何企业，请留空。"
        if self.role == Role.REGULATOR and self.jurisdiction_id is None:
            errors["jurisdiction"] = "监管人员必须填写监管辖区。"
        if self.department_id is not None and (self.department.enterprise_id != self.enterprise_id):
            errors["department"] = "所选部门不属于该企业。"
        if errors:
            raise ValidationError(errors)
        self.derive_jurisdiction()
