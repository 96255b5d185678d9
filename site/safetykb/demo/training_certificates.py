"""Demo certificates: every enterprise's managers and special operators hold theirs, a few
expire soon and one has expired; passed routine exams carry a verifiable 上岗证."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.demo import demo_jurisdiction
from accounts.models import Enterprise, StaffProfile
from accounts.vocab import HIGH_RISK_ENTERPRISE_TYPES, Level, Role, StaffStatus
from training.certificates import (
    CertificateInput,
    issue_missing_post_certificates,
    record_certificate,
    set_operation_duties,
)
from training.models.certificates import Certificate, OperationCategory
from training.rules.certificates import CertificateKind

#: The 作业类别 special operators work in, by enterprise type (the first that exists).
DUTIES = {
    "hazchem_production": ("氯化工艺作业", "低压电工作业"),
    "pharmaceutical": ("低压电工作业", "熔化焊接与热切割作业"),
    "fireworks": ("登高架设作业", "低压电工作业"),
}
#: Days left for the nth special operator's certificate in the first enterprise: one in
#: each warning window and one expired; the rest are years away.
FIRST_ENTERPRISE_DAYS = (25, 55, 80, -12)


def load_demo_certificates() -> list[str]:
    lines = []
    enterprises = Enterprise.objects.filter(jurisdiction=demo_jurisdiction()).order_by("pk")
    for index, enterprise in enumerate(enterprises):
        if (
            Certificate.objects.filter(staff__enterprise=enterprise)
            .exclude(kind=CertificateKind.POST)
            .exists()
        ):
            continue
        count = _certify(enterprise, first=index == 0)
        if count:
            lines.append(f"{enterprise.name}：登记证书 {count} 张")
    issued = issue_missing_post_certificates()
    if issued:
        lines.append(f"上岗合格证（考核合格自动发放）{issued} 张")
    post = (
        Certificate.objects.filter(kind=CertificateKind.POST, token__isnull=False)
        .order_by("pk")
        .first()
    )
    if post is not None:
        base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        lines.append(
            f"上岗合格证核验（{post.staff.display_name}）：{base}"
            + reverse("training:verify", args=[post.token])
        )
    return lines


@transaction.atomic
def _certify(enterprise: Enterprise, *, first: bool) -> int:
    manager = (
        StaffProfile.objects.filter(enterprise=enterprise, role=Role.SAFETY_MANAGER)
        .exclude(status=StaffStatus.LEFT)
        .select_related("user")
        .first()
    )
    if manager is None:
        return 0
    today = timezone.localdate()
    people = StaffProfile.objects.filter(enterprise=enterprise).exclude(status=StaffStatus.LEFT)
    count = 0

    def add(staff, kind, number, days, category=None, review_days=None) -> None:
        nonlocal count
        record_certificate(
            staff,
            CertificateInput(
                kind=kind,
                number=number,
                issuer="长治市应急管理局",
                issued_on=min(
                    today + dt.timedelta(days=days - 6 * 365), today - dt.timedelta(days=30)
                ),
                expires_on=today + dt.timedelta(days=days),
                review_due_on=today + dt.timedelta(days=review_days) if review_days else None,
                category=category,
            ),
            actor=manager.user,
            via="演示数据",
        )
        count += 1

    if enterprise.enterprise_type in HIGH_RISK_ENTERPRISE_TYPES:
        leaders = people.filter(
            level__in=(Level.PRINCIPAL, Level.DEPUTY_PRINCIPAL, Level.SAFETY_MANAGER)
        ).order_by("pk")
        for n, staff in enumerate(leaders):
            # In the first enterprise the second safety manager's certificate runs out soon.
            days = 20 if first and n == 3 else 600 + 90 * n
            add(staff, CertificateKind.MANAGEMENT, f"A{enterprise.pk:02d}{n + 1:04d}", days)
    names = DUTIES.get(enterprise.enterprise_type, ("低压电工作业",))
    categories = [c for name in names if (c := OperationCategory.objects.filter(name=name).first())]
    operators = people.filter(level=Level.SPECIAL_OPERATOR).order_by("pk")
    for n, staff in enumerate(operators):
        category = categories[n % len(categories)]
        set_operation_duties(staff, [category], actor=manager.user)
        days = (
            FIRST_ENTERPRISE_DAYS[n] if first and n < len(FIRST_ENTERPRISE_DAYS) else 900 + 30 * n
        )
        add(
            staff,
            CertificateKind.SPECIAL_OPERATION,
            f"T{enterprise.pk:02d}{n + 1:04d}",
            days,
            category,
            review_days=days if days < 0 else min(days, 365 + 30 * n),
        )
    if manager.level == Level.SAFETY_MANAGER:
        add(manager, CertificateKind.REGISTERED_ENGINEER, f"ZC{enterprise.pk:02d}0001", 1200)
    return count
