"""Writing a previewed roster (`accounts.roster` checks it): one transaction, audit-logged.

New people get their login as `accounts.people.add_person` gives it; a change of
department or post is recorded as a move with the retraining it requires.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from accounts.models import Enterprise, StaffProfile
from accounts.people import (
    RETRAINING_ON_MOVE,
    IssuedAccount,
    PeopleError,
    PersonInput,
    create_person,
    facts_of,
    require_manager,
)
from accounts.roster import (
    CHANGED,
    NEW,
    PersonFacts,
    RosterContext,
    RosterRow,
    describe_changes,
    judge_row,
    merged_facts,
)
from accounts.vocab import StaffStatus
from safetykb.audit import audit
from safetykb.models import AuditKind


@dataclass(frozen=True)
class RosterResult:
    created: tuple[IssuedAccount, ...]
    updated: tuple[str, ...]  # "A0002 李四：岗位：合成岗 → 中控岗"
    left_out: tuple[str, ...]  # "第 5 行：手机号…"


def roster_context(enterprise: Enterprise) -> RosterContext:
    """What a roster is checked against: this enterprise's departments, posts and people."""
    staff = list(
        StaffProfile.objects.filter(enterprise=enterprise)
        .exclude(employee_no="")
        .select_related("user", "department")
    )
    return RosterContext(
        departments=frozenset(enterprise.departments.values_list("name", flat=True)),
        # Posts of everyone on record, those without a 工号 (managers, often) included.
        known_posts=frozenset(
            StaffProfile.objects.filter(enterprise=enterprise)
            .exclude(post="")
            .values_list("post", flat=True)
        ),
        existing={s.employee_no: facts_of(s) for s in staff},
        phones={s.phone: s.employee_no for s in staff if s.phone and s.status != StaffStatus.LEFT},
    )


def import_roster(enterprise: Enterprise, rows: Iterable[RosterRow], *, actor) -> RosterResult:
    """Write a previewed roster in one transaction: new people with logins, changed ones.

    Each staged row is judged again against the database as it is now; if any row would
    now be sorted differently (someone added the same 工号 meanwhile), nothing is written.
    """
    require_manager(actor, enterprise.pk)
    rows = list(rows)
    with transaction.atomic():
        # One roster import per enterprise at a time: the re-check below must not race.
        Enterprise.objects.select_for_update().filter(pk=enterprise.pk).first()
        context = roster_context(enterprise)
        departments = {d.name: d for d in enterprise.departments.all()}
        stale = [
            row.line
            for row in rows
            if row.action in (NEW, CHANGED)
            and judge_row(row.line, row.facts, context).action != row.action
        ]
        if stale:
            lines = "、".join(str(line) for line in stale)
            raise PeopleError(
                f"预览之后人员名单已有变化（第 {lines} 行），没有导入任何人员，请重新上传文件。"
            )
        created, updated = [], []
        for row in rows:
            if row.action == NEW:
                created.append(_create_from_roster(enterprise, row.facts, departments, actor))
            elif row.action == CHANGED:
                updated.append(_update_from_roster(enterprise, row.facts, departments, actor))
    left_out = tuple(
        f"第 {row.line} 行（工号 {row.facts.employee_no or '—'}）：{''.join(row.problems)}"
        for row in rows
        if row.problems
    )
    return RosterResult(tuple(created), tuple(updated), left_out)


def _create_from_roster(enterprise, facts: PersonFacts, departments, actor) -> IssuedAccount:
    data = PersonInput(
        name=facts.name,
        employee_no=facts.employee_no,
        level=facts.level,
        phone=facts.phone,
        department=departments.get(facts.department),
        specialty=facts.specialty,
        post=facts.post,
        hire_date=facts.hire_date,
    )
    return create_person(enterprise, data, (facts.id_masked, facts.id_last4), actor=actor)


def _update_from_roster(enterprise, facts: PersonFacts, departments, actor) -> str:
    staff = StaffProfile.objects.select_related("user", "department").get(
        enterprise=enterprise, employee_no=facts.employee_no
    )
    old = facts_of(staff)
    new = merged_facts(old, facts)
    changes = describe_changes(old, new)
    moved = new.post != old.post or new.department != old.department
    staff.user.first_name = new.name
    staff.user.save(update_fields=["first_name"])
    staff.phone = new.phone
    staff.id_number_masked, staff.id_number_last4 = new.id_masked, new.id_last4
    staff.level, staff.specialty, staff.hire_date = new.level, new.specialty, new.hire_date
    staff.department = departments.get(new.department) if new.department else None
    staff.post = new.post
    staff.save()
    particulars = [c for c in changes if not c.startswith(("岗位：", "部门："))]
    if particulars:
        audit(
            AuditKind.PERSON_EDITED,
            staff=staff,
            actor=actor,
            reason="名单导入：" + "；".join(particulars),
            changes=particulars,
        )
    if moved:
        move = f"{old.department or '未分配部门'} · {old.post or '无岗位'} → {new.department or '未分配部门'} · {new.post or '无岗位'}"
        audit(
            AuditKind.POST_MOVED,
            staff=staff,
            actor=actor,
            reason=f"名单导入调岗：{move}。{RETRAINING_ON_MOVE}",
            from_post=old.post,
            to_post=new.post,
            retraining=["车间（工段、区、队）级", "班组级"],
        )
    return f"{facts.employee_no} {new.name}：" + "；".join(changes)
