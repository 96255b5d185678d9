"""The leadership check's services: start, score, sign, acknowledge; who may see which.

Three kinds: the enterprise's self-check (its managers, or the leader on themselves), the
principal's review of each leader below them, and the regulator's check of the principal.
The reviewer signs the scorecard and the person checked acknowledges it, both with
``safetykb.signatures.sign``; once signed, nothing on the check changes (a correction
is a new check).
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import StaffProfile
from accounts.scoping import profile_of, role_of, sees_everything
from accounts.vocab import ENTERPRISE_MANAGER_ROLES, Role
from leadership.facts import is_principal, measured_facts
from leadership.models import (
    CheckEvidence,
    CheckKind,
    CheckStatus,
    LeadershipCheck,
    ReviewerScore,
    Rubric,
)
from leadership.scoring import (
    Fact,
    ItemStatus,
    Measure,
    Review,
    RubricItem,
    Scorecard,
    check_review,
    fact_from_dict,
    fact_to_dict,
    item_from_dict,
    item_to_dict,
    score,
)
from leadership.selectors import is_leader, leaders_of  # noqa: F401 (re-exported for views)
from safetykb.audit import audit
from safetykb.models import AuditKind
from safetykb.signatures.models import Signature, SignCapacity
from safetykb.signatures.services import sign

EVIDENCE_MAX_BYTES = 20 * 1024 * 1024
EVIDENCE_SUFFIXES = (".pdf", ".docx", ".xlsx", ".jpg", ".jpeg", ".png")


class CheckRefused(PermissionDenied):
    """The user's role may not do this to this check; the message says why, in Chinese."""


# --- who sees and who may ---------------------------------------------------------------


def visible_checks(user) -> QuerySet[LeadershipCheck]:
    """Leaders their own checks; principals all of their enterprise's; safety managers
    their enterprise's self-checks; regulators their jurisdiction's; everyone the checks
    they review."""
    checks = LeadershipCheck.objects.select_related(
        "subject__user", "subject__department", "enterprise", "reviewer"
    )
    role, profile = role_of(user), profile_of(user)
    if sees_everything(user):
        return checks.all()
    if role is None or profile is None:
        return checks.none()
    mine = Q(reviewer_id=user.pk) | Q(subject_id=profile.pk)
    if role == Role.REGULATOR:
        return checks.filter(mine | Q(enterprise__jurisdiction_id=profile.jurisdiction_id))
    if role == Role.PRINCIPAL:
        return checks.filter(mine | Q(enterprise_id=profile.enterprise_id))
    if role == Role.SAFETY_MANAGER:
        return checks.filter(mine | Q(enterprise_id=profile.enterprise_id, kind=CheckKind.SELF))
    return checks.filter(mine)


def kinds_for(user) -> list[CheckKind]:
    """The kinds of check this user may start."""
    role = role_of(user)
    if role == Role.REGULATOR:
        return [CheckKind.REGULATOR]
    if role == Role.PRINCIPAL:
        return [CheckKind.SELF, CheckKind.PRINCIPAL_REVIEW]
    if role in ENTERPRISE_MANAGER_ROLES:
        return [CheckKind.SELF]
    profile = profile_of(user)
    if profile is not None and is_leader(profile):
        return [CheckKind.SELF]  # a leader's own self-assessment
    return []


def _refuse_start(subject: StaffProfile, reviewer, kind: str) -> None:
    role, profile = role_of(reviewer), profile_of(reviewer)
    name = subject.user.get_full_name() or subject.user.get_username()
    if not is_leader(subject):
        raise CheckRefused(f"{name}不是企业领导人员，不参加安全领导力评估。")
    if profile is None or role is None:
        raise CheckRefused("您的账号没有角色，不能发起评估。")
    if kind == CheckKind.SELF:
        own = profile.pk == subject.pk
        manager = (
            role in ENTERPRISE_MANAGER_ROLES and profile.enterprise_id == subject.enterprise_id
        )
        if not (own or manager):
            raise CheckRefused("企业自查由本企业主要负责人、安全管理员或本人发起。")
    elif kind == CheckKind.PRINCIPAL_REVIEW:
        if role != Role.PRINCIPAL or profile.enterprise_id != subject.enterprise_id:
            raise CheckRefused("主要负责人评估只能由本企业主要负责人发起。")
        if profile.pk == subject.pk or is_principal(subject):
            raise CheckRefused("主要负责人评估的对象是其下属各级领导，不含主要负责人本人。")
    elif kind == CheckKind.REGULATOR:
        if role != Role.REGULATOR or subject.enterprise.jurisdiction_id != profile.jurisdiction_id:
            raise CheckRefused("监管部门检查只能由本辖区监管人员发起。")
        if not is_principal(subject):
            raise CheckRefused("监管部门检查的对象是企业主要负责人。")
    else:
        raise CheckRefused(f"未知的评估方式：{kind}。")


# --- reading a check ------------------------------------------------------------------


def rubric_items(check: LeadershipCheck) -> list[RubricItem]:
    return [item_from_dict(data) for data in check.rubric_snapshot]


def facts_of(check: LeadershipCheck) -> dict[Measure, Fact]:
    return {Measure(key): fact_from_dict(data) for key, data in check.facts.items()}


def reviews_of(check: LeadershipCheck) -> dict[str, Review]:
    return {s.item_key: Review(s.points, s.note) for s in check.scores.all()}


def scorecard_of(check: LeadershipCheck) -> Scorecard:
    return score(rubric_items(check), facts_of(check), reviews_of(check))


def signed_content(check: LeadershipCheck, card: Scorecard | None = None) -> dict[str, Any]:
    """What the reviewer signs and the leader acknowledges: the whole scorecard."""
    card = card or scorecard_of(check)
    return {
        "check": check.pk,
        "subject": check.subject.user.get_full_name(),
        "enterprise": check.enterprise.name,
        "year": check.year,
        "kind": check.get_kind_display(),
        "points": str(card.points),
        "counted_max": str(card.counted_max),
        "items": [
            {
                "key": r.item.key,
                "title": r.item.title,
                "points": None if r.points is None else str(r.points),
                "basis": r.basis,
            }
            for r in card.items
        ],
    }


@dataclass(frozen=True)
class CheckCard:
    check: LeadershipCheck
    card: Scorecard


def latest_scorecard(staff: StaffProfile) -> CheckCard | None:
    """The person's latest signed scorecard (any kind), or None."""
    check = (
        LeadershipCheck.objects.filter(subject=staff)
        .exclude(status=CheckStatus.SCORING)
        .select_related("subject__user", "enterprise", "reviewer")
        .order_by("-year", "-signed_at", "-pk")
        .first()
    )
    return None if check is None else CheckCard(check, scorecard_of(check))


def evidence_of(check: LeadershipCheck) -> dict[str, list[CheckEvidence]]:
    grouped: dict[str, list[CheckEvidence]] = {}
    for doc in check.evidence.all():
        grouped.setdefault(doc.item_key, []).append(doc)
    return grouped


# --- writes ---------------------------------------------------------------------------


def active_rubric() -> Rubric:
    rubric = Rubric.objects.filter(active=True).prefetch_related("items").first()
    if rubric is None:
        raise ValidationError("尚无启用的安全领导力评估细则，请联系区应急管理局。")
    return rubric


def _snapshot(rubric: Rubric) -> list[dict[str, Any]]:
    items = []
    for row in rubric.items.all():
        item = item_from_dict(
            {
                "key": row.key,
                "module": row.module,
                "title": row.title,
                "sort": row.sort,
                "max_points": row.max_points,
                "measure": row.measure or None,
                "full_at": row.full_at,
                "zero_at": row.zero_at,
                "guidance": row.guidance,
            }
        )
        items.append(item_to_dict(item))
    return items


def _facts_json(subject: StaffProfile, year: int, on: dt.date) -> dict[str, Any]:
    return {m.value: fact_to_dict(f) for m, f in measured_facts(subject, year, on=on).items()}


def start_check(subject: StaffProfile, *, reviewer, kind: str, year: int) -> LeadershipCheck:
    """Start (or return the reviewer's unsigned) check of ``subject`` for ``year``.

    Raises ``CheckRefused`` when the reviewer's role may not do this kind of check."""
    _refuse_start(subject, reviewer, kind)
    open_check = LeadershipCheck.objects.filter(
        subject=subject, year=year, kind=kind, reviewer=reviewer, status=CheckStatus.SCORING
    ).first()
    if open_check is not None:
        return open_check
    rubric = active_rubric()
    with transaction.atomic():
        check = LeadershipCheck.objects.create(
            subject=subject,
            enterprise_id=subject.enterprise_id,
            year=year,
            kind=kind,
            reviewer=reviewer,
            rubric=rubric,
            rubric_snapshot=_snapshot(rubric),
            facts=_facts_json(subject, year, timezone.localdate()),
            measured_at=timezone.now(),
        )
        audit(
            AuditKind.CHECK_STARTED,
            staff=subject,
            actor=reviewer,
            check_id=check.pk,
            check_kind=kind,
            year=year,
        )
    return check


def _require_reviewer(check: LeadershipCheck, user) -> None:
    if check.reviewer_id != user.pk:
        raise CheckRefused("只有本次评估的评估人可以评分和签名。")
    if not check.is_scoring:
        raise CheckRefused("评估人已签名，评分不能再修改；如需更正，请另行发起评估并说明原因。")


def refresh_facts(check: LeadershipCheck, *, user) -> LeadershipCheck:
    """Read the measured facts again (only while the reviewer has not signed)."""
    _require_reviewer(check, user)
    check.facts = _facts_json(check.subject, check.year, timezone.localdate())
    check.measured_at = timezone.now()
    check.save(update_fields=["facts", "measured_at"])
    return check


def parse_points(raw: str, title: str) -> Decimal:
    try:
        return Decimal(raw.strip())
    except (InvalidOperation, AttributeError):
        raise ValidationError(f"“{title}”的得分应为数字，例如 8 或 7.5。") from None


def save_scores(
    check: LeadershipCheck, *, user, scores: Mapping[str, tuple[Decimal, str]]
) -> list[ReviewerScore]:
    """Save the reviewer's points and notes for reviewed items (all or none).

    Raises ``ValidationError`` naming the item for points out of range or a missing note."""
    _require_reviewer(check, user)
    items = {item.key: item for item in rubric_items(check) if not item.sort.is_measured}
    errors = []
    for key, (points, note) in scores.items():
        item = items.get(key)
        if item is None:
            errors.append(f"条目 {key} 不是评估人评分的条目。")
            continue
        try:
            check_review(item, Review(points, note))
        except ValueError as refusal:
            errors.append(str(refusal))
        if not note.strip():
            errors.append(f"请填写“{item.title}”的评分说明。")
    if errors:
        raise ValidationError(errors)
    saved = []
    with transaction.atomic():
        for key, (points, note) in scores.items():
            row, _ = ReviewerScore.objects.update_or_create(
                check_record=check, item_key=key, defaults={"points": points, "note": note.strip()}
            )
            saved.append(row)
        audit(
            AuditKind.CHECK_SCORED,
            staff=check.subject,
            actor=user,
            check_id=check.pk,
            items={key: str(points) for key, (points, _) in scores.items()},
        )
    return saved


def sign_check(
    check: LeadershipCheck, *, user, password: str, request: HttpRequest | None = None
) -> Signature:
    """The reviewer signs the complete scorecard; the check is then frozen."""
    _require_reviewer(check, user)
    card = scorecard_of(check)
    if not card.complete:
        pending = "、".join(r.item.title for r in card.items if r.status is ItemStatus.PENDING)
        raise ValidationError(f"以下条目尚未评分，不能签名：{pending}。")
    # sign() checks the password outside any transaction (a failure is counted by axes).
    signature = sign(
        check,
        user=user,
        password=password,
        capacity=SignCapacity.REVIEWER,
        content=signed_content(check, card),
        request=request,
    )
    with transaction.atomic():
        LeadershipCheck.objects.filter(pk=check.pk).update(
            status=CheckStatus.SIGNED, signed_at=signature.signed_at
        )
        audit(
            AuditKind.CHECK_SIGNED,
            staff=check.subject,
            actor=user,
            check_id=check.pk,
            signature_id=signature.pk,
            points=str(card.points),
            from_status=CheckStatus.SCORING,
            to_status=CheckStatus.SIGNED,
        )
    check.refresh_from_db()
    return signature


def acknowledge_check(
    check: LeadershipCheck, *, user, password: str, request: HttpRequest | None = None
) -> Signature:
    """The person checked acknowledges the signed scorecard (谁被评估、谁确认)."""
    if check.subject.user_id != user.pk:
        raise CheckRefused("只有被评估人本人可以确认评估结果。")
    if check.status != CheckStatus.SIGNED:
        raise CheckRefused(
            "评估人签名后才能确认。" if check.is_scoring else "您已确认过这份评估结果。"
        )
    signature = sign(
        check,
        user=user,
        password=password,
        capacity=SignCapacity.REVIEWED,
        content=signed_content(check),
        request=request,
    )
    with transaction.atomic():
        LeadershipCheck.objects.filter(pk=check.pk).update(
            status=CheckStatus.ACKNOWLEDGED, acknowledged_at=signature.signed_at
        )
        audit(
            AuditKind.CHECK_ACKNOWLEDGED,
            staff=check.subject,
            actor=user,
            check_id=check.pk,
            signature_id=signature.pk,
            from_status=CheckStatus.SIGNED,
            to_status=CheckStatus.ACKNOWLEDGED,
        )
    check.refresh_from_db()
    return signature


def add_evidence(
    check: LeadershipCheck, *, user, item_key: str, title: str, upload: UploadedFile
) -> CheckEvidence:
    """The checked leader uploads a document for a reviewed item, before the signing."""
    if check.subject.user_id != user.pk:
        raise CheckRefused("证明材料由被评估人本人上传。")
    if not check.is_scoring:
        raise CheckRefused("评估人已签名，不能再上传证明材料。")
    items = {i.key: i for i in rubric_items(check) if not i.sort.is_measured}
    if item_key not in items:
        raise ValidationError("请选择要上传证明材料的评估条目。")
    suffix = os.path.splitext(upload.name or "")[1].lower()
    if suffix not in EVIDENCE_SUFFIXES:
        raise ValidationError(
            f"“{upload.name}”的文件类型不支持，请上传 PDF、Word、Excel 或图片（JPG、PNG）。"
        )
    if upload.size is None or upload.size > EVIDENCE_MAX_BYTES:
        raise ValidationError(f"“{upload.name}”超过 20 MB，请压缩后再上传。")
    upload.name = f"{secrets.token_hex(16)}{suffix}"  # the media URL must not be guessable
    return CheckEvidence.objects.create(
        check_record=check,
        item_key=item_key,
        title=title.strip() or items[item_key].title,
        file=upload,
        uploaded_by=user,
    )
