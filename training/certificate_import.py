"""Importing certificates from a previewed sheet: whom each row is about, and one
transaction that writes them (or nothing, when anything changed since the preview)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from accounts.models import Enterprise, StaffProfile
from accounts.vocab import StaffStatus
from safetykb.audit import audit
from safetykb.models import AuditKind
from training.certificate_sheet import SheetRow
from training.certificates import (
    CertificateError,
    CertificateInput,
    create_certificate,
    describe,
    require_manager,
)
from training.models.certificates import Certificate, OperationCategory
from training.rules.certificates import CertificateKind

NEW, DUPLICATE, PROBLEM = "new", "duplicate", "problem"


@dataclass
class ImportRow:
    """A parsed sheet row judged against the enterprise: whom and what it would add."""

    sheet: SheetRow
    action: str
    staff_id: int | None = None
    staff_name: str = ""
    category_id: int | None = None
    problems: tuple[str, ...] = ()

    def to_json(self) -> dict:
        return {
            "sheet": self.sheet.to_json(),
            "action": self.action,
            "staff_id": self.staff_id,
            "staff_name": self.staff_name,
            "category_id": self.category_id,
            "problems": list(self.problems),
        }

    @classmethod
    def from_json(cls, data: dict) -> ImportRow:
        return cls(
            sheet=SheetRow.from_json(data["sheet"]),
            action=data["action"],
            staff_id=data["staff_id"],
            staff_name=data["staff_name"],
            category_id=data["category_id"],
            problems=tuple(data["problems"]),
        )


def judge_rows(enterprise: Enterprise, rows: Sequence[SheetRow]) -> list[ImportRow]:
    """Match each row's person and category in ``enterprise``; flag duplicates (already on
    record, or twice in the file)."""
    staff = list(
        StaffProfile.objects.filter(enterprise=enterprise)
        .exclude(status=StaffStatus.LEFT)
        .select_related("user")
    )
    by_number = {s.employee_no: s for s in staff if s.employee_no}
    by_name: dict[tuple[str, str], list[StaffProfile]] = {}
    for s in staff:
        by_name.setdefault((s.display_name, s.id_number_last4.upper()), []).append(s)
    categories = {(c.kind, c.name): c for c in OperationCategory.objects.all()}
    held = set(
        Certificate.objects.filter(
            staff__enterprise=enterprise, replaced_by__isnull=True
        ).values_list("staff_id", "kind", "number")
    )
    seen: dict[tuple, int] = {}
    judged = []
    for row in rows:
        problems = list(row.problems)
        person = None
        if row.employee_no:
            person = by_number.get(row.employee_no)
            if person is None:
                problems.append(f"「工号」{row.employee_no} 在本企业没有在职人员。")
            elif row.name and person.display_name != row.name:
                problems.append(
                    f"「姓名」{row.name} 与工号 {row.employee_no} 的人员（{person.display_name}）不一致。"
                )
                person = None
        elif row.name and row.id_last4:
            matches = by_name.get((row.name, row.id_last4), [])
            if len(matches) == 1:
                person = matches[0]
            else:
                problems.append(
                    f"找不到姓名为 {row.name}、身份证后四位为 {row.id_last4} 的在职人员。"
                    if not matches
                    else f"姓名 {row.name}、身份证后四位 {row.id_last4} 对应多人，请填写工号。"
                )
        category = None
        if row.kind and row.category:
            category = categories.get((row.kind, row.category))
            if category is None:
                problems.append(
                    f"「作业类别」“{row.category}”不在{row.kind_label}的作业类别目录中。"
                )
        action = PROBLEM if problems else NEW
        if action == NEW and person is not None:
            key = (person.pk, row.kind, row.number)
            if key in held:
                action, problems = DUPLICATE, ["该证书已登记，不重复导入。"]
            elif key in seen:
                action, problems = DUPLICATE, [f"与第 {seen[key]} 行重复。"]
            else:
                seen[key] = row.line
        judged.append(
            ImportRow(
                sheet=row,
                action=action,
                staff_id=person.pk if person else None,
                staff_name=person.display_name if person else "",
                category_id=category.pk if category else None,
                problems=tuple(problems),
            )
        )
    return judged


@dataclass(frozen=True)
class ImportResult:
    created: int
    left_out: tuple[str, ...]


def import_certificates(
    enterprise: Enterprise, rows: Sequence[ImportRow], *, actor, filename: str = ""
) -> ImportResult:
    """Write a previewed import in one transaction. Rows are judged again against the
    database as it is now; if any would now be sorted differently, nothing is written."""
    require_manager(actor, enterprise.pk, "导入证书")
    with transaction.atomic():
        Enterprise.objects.select_for_update().filter(pk=enterprise.pk).first()
        again = judge_rows(enterprise, [row.sheet for row in rows])
        stale = [
            old.sheet.line
            for old, new in zip(rows, again, strict=True)
            if (old.action, old.staff_id, old.category_id)
            != (new.action, new.staff_id, new.category_id)
        ]
        if stale:
            raise CertificateError(
                "预览之后证书或人员已有变化（第 "
                + "、".join(str(line) for line in stale)
                + " 行），没有导入任何证书，请重新上传文件。"
            )
        people = StaffProfile.objects.in_bulk([r.staff_id for r in again if r.action == NEW])
        categories = OperationCategory.objects.in_bulk(
            [r.category_id for r in again if r.category_id]
        )
        created = 0
        for row in again:
            if row.action != NEW:
                continue
            sheet = row.sheet
            certificate = create_certificate(
                people[row.staff_id],
                CertificateInput(
                    kind=CertificateKind(sheet.kind),
                    number=sheet.number,
                    issuer=sheet.issuer,
                    issued_on=_day(sheet.issued_on),
                    expires_on=_day(sheet.expires_on),
                    review_due_on=_day(sheet.review_due_on),
                    category=categories.get(row.category_id),
                    note=sheet.note,
                ),
                actor,
            )
            audit(
                AuditKind.CERTIFICATE_RECORDED,
                staff=certificate.staff,
                actor=actor,
                reason=f"批量导入（{filename or '证书表'} 第 {sheet.line} 行）：{describe(certificate)}",
                certificate_id=certificate.pk,
            )
            created += 1
    left_out = tuple(
        f"第 {row.sheet.line} 行（{row.sheet.name or '—'} {row.sheet.number or ''}）：{''.join(row.problems)}"
        for row in again
        if row.action != NEW
    )
    return ImportResult(created, left_out)


def _day(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None
