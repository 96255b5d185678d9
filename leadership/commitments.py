"""Safety commitments: issuing the year's copies from the bureau's template (层层签订),
signing them, and the printable notice (.docx) to post on site."""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import Enterprise, StaffProfile
from accounts.scoping import profile_of, role_of
from accounts.vocab import ENTERPRISE_MANAGER_ROLES, Level, StaffStatus
from leadership.models import Commitment, CommitmentTemplate, CommitmentTier
from leadership.signed_steps import LeadershipError, NotAllowed, check_password, sign_now
from safetykb.audit import audit
from safetykb.models import AuditKind
from safetykb.signatures.models import SignCapacity

#: 安全生产法（2021）第二十一条: the principal's duties, the template's default.
ARTICLE_21_DUTIES = (
    "建立健全并落实本单位全员安全生产责任制，加强安全生产标准化建设",
    "组织制定并实施本单位安全生产规章制度和操作规程",
    "组织制定并实施本单位安全生产教育和培训计划",
    "保证本单位安全生产投入的有效实施",
    "组织建立并落实安全风险分级管控和隐患排查治理双重预防工作机制，督促、检查本单位的"
    "安全生产工作，及时消除生产安全事故隐患",
    "组织制定并实施本单位的生产安全事故应急救援预案",
    "及时、如实报告生产安全事故",
)
DEFAULT_PREAMBLE = (
    "本人{name}，任{enterprise}{position}。为落实安全生产主体责任，依据《中华人民共和国"
    "安全生产法》，本人郑重承诺：{year}年度认真履行下列安全生产职责，做到安全第一、"
    "预防为主、综合治理，接受全体员工和监管部门的监督。"
)


def tier_of(staff: StaffProfile) -> CommitmentTier:
    if staff.level == Level.PRINCIPAL:
        return CommitmentTier.PRINCIPAL
    if staff.level == Level.DEPUTY_PRINCIPAL:
        return CommitmentTier.DEPUTY
    return CommitmentTier.DEPARTMENT_HEAD


def _position(staff: StaffProfile) -> str:
    if staff.post:
        return staff.post
    if tier_of(staff) == CommitmentTier.DEPARTMENT_HEAD and staff.department_id:
        return f"{staff.department.name}负责人"
    return staff.get_level_display() or "负责人"


def template_for(enterprise: Enterprise, year: int) -> CommitmentTemplate | None:
    return CommitmentTemplate.objects.filter(
        jurisdiction_id=enterprise.jurisdiction_id, year=year
    ).first()


@transaction.atomic
def issue_commitments(
    enterprise: Enterprise,
    year: int,
    *,
    actor,
    department_heads: Iterable[StaffProfile] = (),
) -> list[Commitment]:
    """Issue the year's copies to the principal, the deputies and the named department
    heads (those who have one already keep it). Returns the new copies."""
    profile = profile_of(actor)
    if role_of(actor) not in ENTERPRISE_MANAGER_ROLES or profile.enterprise_id != enterprise.pk:
        raise NotAllowed("只有本企业的主要负责人或安全管理员可以下发安全承诺书。")
    template = template_for(enterprise, year)
    if template is None:
        raise LeadershipError(f"监管部门尚未发布{year}年度安全承诺书模板，暂不能下发。")
    heads = list(department_heads)
    for head in heads:
        if head.enterprise_id != enterprise.pk or head.status == StaffStatus.LEFT:
            raise LeadershipError(f"“{head}”不是本企业的在职人员，不能下发承诺书。")
    signers = list(
        enterprise.staff.select_related("user", "department")
        .filter(level__in=(Level.PRINCIPAL, Level.DEPUTY_PRINCIPAL))
        .exclude(status=StaffStatus.LEFT)
    )
    signers += [head for head in heads if head not in signers]
    already = set(
        Commitment.objects.filter(year=year, staff__in=signers).values_list("staff_id", flat=True)
    )
    issued = []
    for staff in signers:
        if staff.pk in already:
            continue
        position = _position(staff)
        facts = {
            "enterprise": enterprise.name,
            "name": staff.display_name,
            "position": position,
            "year": year,
        }
        commitment = Commitment.objects.create(
            enterprise=enterprise,
            staff=staff,
            year=year,
            tier=tier_of(staff),
            template=template,
            position=position,
            title=template.title.format_map(_Facts(facts)),
            body=template.preamble.format_map(_Facts(facts)),
            duties=template.duty_lines,
            due_date=template.due_date,
        )
        audit(
            AuditKind.COMMITMENT_ISSUED,
            staff=staff,
            actor=actor,
            commitment_id=commitment.pk,
            year=year,
            due_date=str(template.due_date),
        )
        issued.append(commitment)
    return issued


class _Facts(dict):
    """Unknown placeholders stay as written instead of failing the whole issue."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def sign_commitment(
    commitment: Commitment, *, user, password: str, request: HttpRequest | None = None
) -> Commitment:
    """The person the copy was issued to signs it (nobody signs for another)."""
    if commitment.staff.user_id != user.pk:
        raise NotAllowed("承诺书只能由签订人本人签名。")
    if commitment.signed_at is not None:
        raise LeadershipError("这份承诺书已签订，不能重复签名。")
    checked = check_password(user, password, request)
    with transaction.atomic():
        locked = Commitment.objects.select_for_update().get(pk=commitment.pk)
        if locked.signed_at is not None:
            raise LeadershipError("这份承诺书已签订，不能重复签名。")
        signature = sign_now(
            locked,
            user=user,
            password=checked,
            capacity=SignCapacity.COMMITTER,
            content=commitment.signed_content(),
        )
        locked.signed_at = signature.signed_at
        locked.save(update_fields=["signed_at"])
        on_time = timezone.localdate(signature.signed_at) <= locked.due_date
        audit(
            AuditKind.COMMITMENT_SIGNED,
            staff=commitment.staff,
            actor=user,
            from_status="unsigned",
            to_status="signed",
            commitment_id=locked.pk,
            signature_id=signature.pk,
            on_time=on_time,
        )
    commitment.signed_at = locked.signed_at
    return commitment


def notice_docx(commitment: Commitment) -> bytes:
    """The commitment as a one-page notice to post on site (.docx)."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = Document()
    heading = document.add_heading(commitment.title, level=0)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(commitment.enterprise.name).alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(commitment.body)
    for number, duty in enumerate(commitment.duties, start=1):
        document.add_paragraph(f"{number}. {duty}")
    document.add_paragraph("")
    signed = (
        timezone.localtime(commitment.signed_at).strftime("%Y年%m月%d日 %H:%M")
        if commitment.signed_at
        else "（尚未签订）"
    )
    closing = document.add_paragraph(
        f"承诺人：{commitment.staff.display_name}（{commitment.position}）\n签订时间：{signed}"
    )
    closing.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            run.font.size = run.font.size or Pt(14)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
