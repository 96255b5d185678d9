"""Demo inspection: one 执法检查 in 准备 at 晋恒化工, so a visitor can run the on-site
spot test with the demo logins on two browser windows (the inspector ``regulator`` on
one, ``worker`` on the other). Idempotent."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from accounts.demo import demo_jurisdiction
from accounts.models import Enterprise, StaffProfile
from accounts.vocab import Role, StaffStatus
from oversight.inspections import open_inspection
from oversight.models import Inspection

ENTERPRISE_CODE = "91140404MA0KBQ7R51"  # 晋恒化工: the demo worker's enterprise
#: (username, name, 执法证号): the demo regulator and a second inspector without a login.
INSPECTORS = (
    ("regulator", "郭卫东", "14040420001"),
    ("inspector_b", "陈志刚", "14040420002"),
)
#: The demo worker's ID digits, so the join page's check can be tried (and failed).
WORKER_ID_LAST4 = "0018"


@transaction.atomic
def load_demo_inspections() -> list[str]:
    enterprise = Enterprise.objects.filter(credit_code=ENTERPRISE_CODE).first()
    regulator = StaffProfile.objects.filter(user__username=INSPECTORS[0][0]).first()
    if enterprise is None or regulator is None:
        return []
    profiles = [_inspector(username, name, number) for username, name, number in INSPECTORS]
    worker = StaffProfile.objects.filter(user__username="worker").first()
    if worker is not None and not worker.id_number_last4:
        worker.id_number_last4 = WORKER_ID_LAST4
        worker.id_number_masked = "*" * 14 + WORKER_ID_LAST4
        worker.save(update_fields=["id_number_last4", "id_number_masked"])
    if Inspection.objects.filter(enterprise=enterprise).exists():
        return []
    inspection = open_inspection(
        actor=regulator.user,
        enterprise=enterprise,
        date=timezone.localdate(),
        place="合成车间、中控室",
        inspector_profile_ids=[p.pk for p in profiles],
        representative_name="赵国栋",
        representative_post="主要负责人",
    )
    return [
        f"执法检查（准备中）：{enterprise.name}，检查人员 郭卫东、陈志刚；"
        f"以 regulator 登录打开 /inspections/{inspection.pk}/ 开始现场检查，"
        f"worker 的身份证号后四位为 {WORKER_ID_LAST4}"
    ]


def _inspector(username: str, name: str, number: str) -> StaffProfile:
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"first_name": name}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    profile, _ = StaffProfile.objects.get_or_create(
        user=user,
        defaults={
            "role": Role.REGULATOR,
            "jurisdiction": demo_jurisdiction(),
            "status": StaffStatus.ON_POST,
        },
    )
    if not profile.enforcement_number:
        profile.enforcement_number = number
        profile.save(update_fields=["enforcement_number"])
    return profile
