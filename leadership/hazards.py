"""Keeping the hazard register: major hazard sources with chemicals and 包保责任人, key
devices and areas with their 联系人, and the supervised processes an enterprise runs.

Safety managers keep their own enterprise's register (editors keep any, in the admin).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from accounts.models import Enterprise, StaffProfile
from accounts.scoping import profile_of, role_of, sees_everything
from accounts.vocab import Role, StaffStatus
from leadership.models import (
    EnterpriseProcess,
    Guarantor,
    HazardChemical,
    HazardGuarantor,
    KeyPlace,
    MajorHazardSource,
)
from leadership.signed_steps import LeadershipError, NotAllowed


@dataclass(frozen=True, slots=True)
class ChemicalLine:
    name: str
    quantity: Decimal
    unit: str = "t"


def can_keep_register(user, enterprise_id: int) -> bool:
    if sees_everything(user):
        return True
    profile = profile_of(user)
    return role_of(user) == Role.SAFETY_MANAGER and profile.enterprise_id == enterprise_id


def _require_keeper(user, enterprise_id: int) -> None:
    if not can_keep_register(user, enterprise_id):
        raise NotAllowed("只有本企业的安全管理员可以维护重大危险源和关键装置台账。")


def _require_staff_of(staff: StaffProfile | None, enterprise: Enterprise, what: str) -> None:
    if staff is None:
        return
    if staff.enterprise_id != enterprise.pk or staff.status == StaffStatus.LEFT:
        raise LeadershipError(f"{what}“{staff}”不是本企业的在职人员。")


def parse_chemicals(text: str) -> list[ChemicalLine]:
    """Lines of "名称 数量 [单位]" (spaces, commas or 、 between); a clear error per line."""
    lines: list[ChemicalLine] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        parts = raw.replace("，", " ").replace(",", " ").replace("、", " ").split()
        if not parts:
            continue
        if len(parts) not in (2, 3):
            raise LeadershipError(f"危险化学品第 {number} 行应为“名称 数量 单位”，如“液氨 120 t”。")
        try:
            quantity = Decimal(parts[1])
        except ArithmeticError:
            raise LeadershipError(f"危险化学品第 {number} 行的数量“{parts[1]}”不是数字。") from None
        if not quantity.is_finite() or quantity <= 0:
            raise LeadershipError(f"危险化学品第 {number} 行的数量须大于 0。")
        lines.append(ChemicalLine(parts[0], quantity, parts[2] if len(parts) == 3 else "t"))
    return lines


@transaction.atomic
def save_hazard_source(
    enterprise: Enterprise,
    *,
    actor,
    name: str,
    grade: str,
    location: str,
    chemicals: list[ChemicalLine],
    guarantors: dict[str, StaffProfile | None],
    source: MajorHazardSource | None = None,
) -> MajorHazardSource:
    """Create or replace a source's facts; chemicals and 包保责任人 are replaced as given."""
    _require_keeper(actor, enterprise.pk)
    if source is not None and source.enterprise_id != enterprise.pk:
        raise NotAllowed("该重大危险源不属于本企业。")
    for duty, staff in guarantors.items():
        _require_staff_of(staff, enterprise, Guarantor(duty).label)
    clash = MajorHazardSource.objects.filter(enterprise=enterprise, name=name)
    if source is not None:
        clash = clash.exclude(pk=source.pk)
    if clash.exists():
        raise LeadershipError(f"本企业已有名为“{name}”的重大危险源。")
    source = source or MajorHazardSource(enterprise=enterprise)
    source.name, source.grade, source.location = name, grade, location
    source.save()
    HazardChemical.objects.filter(source=source).delete()
    HazardChemical.objects.bulk_create(
        HazardChemical(source=source, name=c.name, quantity=c.quantity, unit=c.unit)
        for c in chemicals
    )
    HazardGuarantor.objects.filter(source=source).delete()
    HazardGuarantor.objects.bulk_create(
        HazardGuarantor(source=source, duty=duty, staff=staff)
        for duty, staff in guarantors.items()
        if staff is not None
    )
    return source


@transaction.atomic
def save_key_place(
    enterprise: Enterprise,
    *,
    actor,
    kind: str,
    name: str,
    location: str,
    contact: StaffProfile | None,
    place: KeyPlace | None = None,
) -> KeyPlace:
    _require_keeper(actor, enterprise.pk)
    if place is not None and place.enterprise_id != enterprise.pk:
        raise NotAllowed("该关键装置/重点部位不属于本企业。")
    _require_staff_of(contact, enterprise, "联系人")
    clash = KeyPlace.objects.filter(enterprise=enterprise, name=name)
    if place is not None:
        clash = clash.exclude(pk=place.pk)
    if clash.exists():
        raise LeadershipError(f"本企业已有名为“{name}”的关键装置或重点部位。")
    place = place or KeyPlace(enterprise=enterprise)
    place.kind, place.name, place.location, place.contact = kind, name, location, contact
    place.save()
    return place


@transaction.atomic
def add_process(enterprise: Enterprise, *, actor, process: str, unit: str) -> EnterpriseProcess:
    _require_keeper(actor, enterprise.pk)
    row, created = EnterpriseProcess.objects.get_or_create(
        enterprise=enterprise, process=process, unit=unit
    )
    if not created:
        raise LeadershipError(f"本企业已登记“{row}”（{unit or '未注明装置'}）。")
    return row
