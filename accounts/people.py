"""Enterprises keep their own people: the typed verbs a safety manager or principal uses
(a roster import is `accounts.roster_import`).

Every write is here, in one transaction, checked for the actor's role and enterprise (the
views check too, but a service never trusts its caller) and audit-logged with who and
when. A login account is created with the person, never separately; a one-time password
is returned once (`IssuedAccount`) and never stored in clear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Sum

from accounts.identity import IdentityError, mask_id_number, one_time_password, validate_phone
from accounts.models import Department, Enterprise, StaffProfile
from accounts.roster import PersonFacts, describe_changes
from accounts.vocab import ENTERPRISE_MANAGER_ROLES, Level, Role, StaffStatus
from safetykb.audit import audit
from safetykb.models import AuditKind

#: 《生产经营单位安全培训规定》第十七条: a change of post inside the unit (or a return after a
#: year or more away) requires 车间（工段、区、队）级 and 班组级 training again.
RETRAINING_LEVELS = ["车间（工段、区、队）级", "班组级"]
RETRAINING_ON_MOVE = (
    f"须重新接受{'和'.join(RETRAINING_LEVELS)}安全培训（《生产经营单位安全培训规定》第十七条）"
)


class PeopleError(ValueError):
    """A refused change; ``field`` names the form field it concerns, if one."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class PersonInput:
    """What a manager types for one person (the 身份证号 in full; only its mask is kept)."""

    name: str
    employee_no: str
    level: str
    phone: str = ""
    id_number: str = ""
    department: Department | None = None
    specialty: str = ""
    post: str = ""
    hire_date: date | None = None


@dataclass(frozen=True)
class IssuedAccount:
    """A login handed to a person: shown once on the account slip, never stored in clear."""

    staff_id: int
    name: str
    employee_no: str
    username: str
    password: str


def require_manager(actor, enterprise_id: int | None) -> StaffProfile:
    """The actor's profile if they are a safety manager or principal of this enterprise."""
    profile = getattr(actor, "profile", None) if actor is not None else None
    if (
        profile is None
        or profile.role not in ENTERPRISE_MANAGER_ROLES
        or profile.status == StaffStatus.LEFT
        or enterprise_id is None
        or profile.enterprise_id != enterprise_id
    ):
        raise PeopleError("只有本企业的安全管理员或主要负责人可以维护人员信息。")
    return profile


def facts_of(staff: StaffProfile) -> PersonFacts:
    return PersonFacts(
        employee_no=staff.employee_no,
        name=staff.user.first_name,
        phone=staff.phone,
        id_masked=staff.id_number_masked,
        id_last4=staff.id_number_last4,
        department=staff.department.name if staff.department_id else "",
        level=staff.level,
        specialty=staff.specialty,
        post=staff.post,
        hire_date=staff.hire_date,
        left=staff.status == StaffStatus.LEFT,
    )


def _clean(data: PersonInput, enterprise: Enterprise, *, exclude_pk: int | None) -> PersonInput:
    """Normalise and check one person's fields; PeopleError names the field."""
    name, employee_no = data.name.strip(), data.employee_no.strip()
    if not name:
        raise PeopleError("请填写姓名。", "name")
    if not employee_no:
        raise PeopleError("请填写工号。", "employee_no")
    if data.level not in Level.values:
        raise PeopleError("请选择人员层级。", "level")
    others = StaffProfile.objects.filter(enterprise=enterprise).exclude(pk=exclude_pk)
    if others.filter(employee_no=employee_no).exists():
        raise PeopleError(f"本企业已有工号为 {employee_no} 的人员。", "employee_no")
    phone = ""
    if data.phone.strip():
        try:
            phone = validate_phone(data.phone)
        except IdentityError as exc:
            raise PeopleError(str(exc), "phone") from None
        # Phones are login names: two people of one enterprise must not share one.
        holder = others.filter(phone=phone).exclude(status=StaffStatus.LEFT).first()
        if holder is not None:
            raise PeopleError(
                f"手机号 {phone} 已被本企业工号 {holder.employee_no or '—'} 的人员使用。", "phone"
            )
    if data.department is not None and data.department.enterprise_id != enterprise.pk:
        raise PeopleError("所选部门不属于本企业。", "department")
    return PersonInput(
        name=name,
        employee_no=employee_no,
        level=data.level,
        phone=phone,
        id_number=data.id_number.strip(),
        department=data.department,
        specialty=data.specialty,
        post=data.post.strip(),
        hire_date=data.hire_date,
    )


def _masked(id_number: str) -> tuple[str, str]:
    if not id_number:
        return "", ""
    try:
        kept = mask_id_number(id_number)
    except IdentityError as exc:
        raise PeopleError(str(exc), "id_number") from None
    return kept.masked, kept.last4


def _username_for(enterprise: Enterprise, employee_no: str) -> str:
    """e<enterprise id>-<工号>: unique across enterprises whose 工号 overlap."""
    base = f"e{enterprise.pk}-" + re.sub(r"[^\w.@+-]", "", employee_no)
    User = get_user_model()
    username, n = base, 1
    while User.objects.filter(username=username).exists():
        n += 1
        username = f"{base}-{n}"
    return username


def create_person(
    enterprise: Enterprise, data: PersonInput, masked: tuple[str, str], *, actor
) -> IssuedAccount:
    """The person and their login, no checks: callers have validated ``data``."""
    password = one_time_password()
    user = get_user_model().objects.create_user(
        username=_username_for(enterprise, data.employee_no),
        password=password,
        first_name=data.name,
    )
    staff = StaffProfile.objects.create(
        user=user,
        role=Role.WORKER,
        enterprise=enterprise,
        department=data.department,
        level=data.level,
        specialty=data.specialty,
        post=data.post,
        employee_no=data.employee_no,
        phone=data.phone,
        hire_date=data.hire_date,
        id_number_masked=masked[0],
        id_number_last4=masked[1],
        must_change_password=True,
    )
    audit(
        AuditKind.PERSON_ADDED,
        staff=staff,
        actor=actor,
        to_status=staff.status,
        reason=f"新增人员 {data.name}（工号 {data.employee_no}），已创建登录账号 {user.username}",
        username=user.username,
    )
    return IssuedAccount(staff.pk, data.name, data.employee_no, user.username, password)


def add_person(enterprise: Enterprise, data: PersonInput, *, actor) -> IssuedAccount:
    """A new person of ``enterprise`` and their login, with a one-time password."""
    require_manager(actor, enterprise.pk)
    data = _clean(data, enterprise, exclude_pk=None)
    masked = _masked(data.id_number)
    try:
        with transaction.atomic():
            return create_person(enterprise, data, masked, actor=actor)
    except IntegrityError:  # a concurrent add of the same 工号
        raise PeopleError(f"本企业已有工号为 {data.employee_no} 的人员。", "employee_no") from None


def edit_person(staff: StaffProfile, data: PersonInput, *, actor) -> tuple[str, ...]:
    """Change a person's particulars; department and post move only through `move_post`.

    An empty 身份证号 keeps the one on record. Returns the changes ("手机号：… → …").
    """
    require_manager(actor, staff.enterprise_id)
    if staff.status == StaffStatus.LEFT:
        raise PeopleError("该人员已离职，不能再修改。")
    data = _clean(data, staff.enterprise, exclude_pk=staff.pk)
    masked = (
        _masked(data.id_number)
        if data.id_number
        else (
            staff.id_number_masked,
            staff.id_number_last4,
        )
    )
    old = facts_of(staff)
    new = PersonFacts(
        employee_no=data.employee_no,
        name=data.name,
        phone=data.phone,
        id_masked=masked[0],
        id_last4=masked[1],
        department=old.department,
        level=data.level,
        specialty=data.specialty,
        post=old.post,
        hire_date=data.hire_date,
    )
    changes = describe_changes(old, new)
    # Clearing a phone or a date is a change too; describe_changes treats blanks as "keep".
    cleared = [
        label
        for label, before, after in (
            ("手机号", old.phone, new.phone),
            ("专业", old.specialty, new.specialty),
            ("入职日期", old.hire_date, new.hire_date),
        )
        if before and not after
    ]
    if old.employee_no != new.employee_no:
        changes = (f"工号：{old.employee_no or '—'} → {new.employee_no}", *changes)
    changes = (*changes, *(f"{label}：已清除" for label in cleared))
    if not changes:
        return ()
    with transaction.atomic():
        staff.user.first_name = data.name
        staff.user.save(update_fields=["first_name"])
        staff.employee_no = data.employee_no
        staff.phone = data.phone
        staff.id_number_masked, staff.id_number_last4 = masked
        staff.level = data.level
        staff.specialty = data.specialty
        staff.hire_date = data.hire_date
        staff.save()
        audit(
            AuditKind.PERSON_EDITED,
            staff=staff,
            actor=actor,
            reason="；".join(changes),
            changes=list(changes),
        )
    return changes


def move_post(
    staff: StaffProfile, *, department: Department | None, post: str, actor, reason: str = ""
) -> str:
    """调岗: a new department and/or post, recorded with the retraining it triggers."""
    require_manager(actor, staff.enterprise_id)
    if staff.status == StaffStatus.LEFT:
        raise PeopleError("该人员已离职，不能调岗。")
    post = post.strip()
    if not post:
        raise PeopleError("请填写新岗位。", "post")
    if department is not None and department.enterprise_id != staff.enterprise_id:
        raise PeopleError("所选部门不属于本企业。", "department")
    old_department = staff.department.name if staff.department_id else "未分配部门"
    new_department = department.name if department is not None else "未分配部门"
    if post == staff.post and (department.pk if department else None) == staff.department_id:
        raise PeopleError("新的部门和岗位与现在相同，无需调岗。", "post")
    move = f"{old_department} · {staff.post or '无岗位'} → {new_department} · {post}"
    note = f"调岗：{move}。{RETRAINING_ON_MOVE}"
    if reason.strip():
        note = f"{note}。原因：{reason.strip()}"
    with transaction.atomic():
        previous_post, previous_department = staff.post, staff.department_id
        staff.department, staff.post = department, post
        staff.save(update_fields=["department", "post"])
        audit(
            AuditKind.POST_MOVED,
            staff=staff,
            actor=actor,
            reason=note,
            from_post=previous_post,
            to_post=post,
            from_department_id=previous_department,
            to_department_id=department.pk if department else None,
            retraining=RETRAINING_LEVELS,
        )
    return note


def mark_left(staff: StaffProfile, *, actor, reason: str, day: date | None = None) -> None:
    """离职: the person's status becomes 离职 and their login stops working.

    Their records (exams, training, audit) stay; no exam service withdraws a left person's
    open assignments, so none is withdrawn here.
    """
    manager = require_manager(actor, staff.enterprise_id)
    if staff.pk == manager.pk:
        raise PeopleError("不能将自己标记为离职，请由本企业其他管理员操作。")
    if staff.status == StaffStatus.LEFT:
        raise PeopleError("该人员已经是离职状态。")
    if not reason.strip():
        raise PeopleError("请填写离职原因。", "reason")
    when = f"{day:%Y-%m-%d} " if day else ""
    with transaction.atomic():
        previous = staff.status
        staff.status = StaffStatus.LEFT
        staff.must_change_password = False
        staff.save(update_fields=["status", "must_change_password"])
        # An inactive user cannot log in, and an open session ends at its next request.
        staff.user.is_active = False
        staff.user.save(update_fields=["is_active"])
        audit(
            AuditKind.STATUS_CHANGED,
            staff=staff,
            actor=actor,
            from_status=previous,
            to_status=StaffStatus.LEFT,
            reason=f"{when}离职：{reason.strip()}。登录账号已停用",
            left_on=day.isoformat() if day else None,
        )


def reset_password(staff: StaffProfile, *, actor) -> IssuedAccount:
    """A new one-time password (shown once); the person must change it at next login."""
    require_manager(actor, staff.enterprise_id)
    if staff.status == StaffStatus.LEFT:
        raise PeopleError("该人员已离职，账号已停用，不能重置密码。")
    password = one_time_password()
    with transaction.atomic():
        staff.user.set_password(password)
        staff.user.save(update_fields=["password"])
        staff.must_change_password = True
        staff.save(update_fields=["must_change_password"])
        audit(
            AuditKind.PASSWORD_RESET,
            staff=staff,
            actor=actor,
            reason="安全管理员重置密码（一次性密码，首次登录须修改）",
        )
    return IssuedAccount(
        staff.pk, staff.display_name, staff.employee_no, staff.user.username, password
    )


def _throttle_names(staff: StaffProfile) -> list[str]:
    # Failed logins are recorded under the resolved username (accounts.login); a 工号 or
    # phone that matched several accounts is recorded as typed.
    return [name for name in (staff.user.username, staff.employee_no, staff.phone) if name]


def login_failures(staff: StaffProfile) -> int:
    """Failed logins on record (within the cool-off) for this person's login names."""
    from axes.models import AccessAttempt

    total = AccessAttempt.objects.filter(username__in=_throttle_names(staff)).aggregate(
        n=Sum("failures_since_start")
    )["n"]
    return total or 0


def unlock_login(staff: StaffProfile, *, actor) -> int:
    """解除锁定: forget this person's failed logins; returns how many were forgotten."""
    from axes.models import AccessAttempt

    require_manager(actor, staff.enterprise_id)
    with transaction.atomic():
        attempts = AccessAttempt.objects.filter(username__in=_throttle_names(staff))
        failures = attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
        attempts.delete()
        audit(
            AuditKind.LOGIN_UNLOCKED,
            staff=staff,
            actor=actor,
            reason=f"解除登录锁定（清除 {failures} 次失败登录记录）",
            failures=failures,
        )
    return failures


def change_own_password(user, password: str) -> None:
    """The person chose their own password: the first-login requirement is met."""
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        staff = StaffProfile.objects.filter(user=user).first()
        if staff is not None:
            was_required = staff.must_change_password
            staff.must_change_password = False
            staff.save(update_fields=["must_change_password"])
            audit(
                AuditKind.PASSWORD_CHANGED,
                staff=staff,
                actor=user,
                reason="首次登录修改密码" if was_required else "本人修改密码",
            )
