"""问题清单 services: proposing findings, and each signed step of their follow-up.

Who does what (a wrong role is refused with ``FindingError``; a finding out of the
user's scope is a 404 in the views, through ``visible_findings``):
- the inspectors of the inspection: propose, add, issue (provision, rectification,
  deadline), dismiss a proposal, and review an answer (close or reopen);
- the enterprise's principal or safety manager: answer an open finding with the
  rectification done and evidence files.
Every step is a ``FindingStep`` signed by its actor with their password
(``safetykb.signatures.sign``) and audit-logged; the state moves only along
``FindingState.allowed_steps``, so no step can be skipped.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from accounts.scoping import profile_of, role_of
from accounts.vocab import ENTERPRISE_MANAGER_ROLES, Role
from oversight.inspections import InspectionError, is_inspector, visible_inspections
from oversight.models import (
    CheckKind,
    CheckResult,
    Finding,
    FindingEvidence,
    FindingSource,
    FindingState,
    FindingStep,
    Inspection,
    InspectionState,
    StepKind,
)
from oversight.models.findings import INSPECTOR_STEPS
from safetykb.audit import audit
from safetykb.models import AuditKind
from safetykb.signatures.models import Signature, SignCapacity

# The password check of the signing service, run before the step's transaction so a
# wrong password's failed-login count survives the refusal (see its docstring).
from safetykb.signatures.services import check_signing_password, sign

#: Evidence the enterprise may upload: documents and photos, each at most 10 MB.
EVIDENCE_EXTENSIONS = frozenset({".pdf", ".doc", ".docx", ".xls", ".xlsx", ".jpg", ".jpeg", ".png"})
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
MAX_EVIDENCE_FILES = 10
#: Proposals are open while the inspector is on site or collecting signatures.
PROPOSING_STATES = (InspectionState.ON_SITE, InspectionState.AWAITING_SIGNATURES)


class FindingError(InspectionError):
    """A refused finding step; the message is Chinese and names what is wrong."""


@dataclass(frozen=True)
class Upload:
    """An evidence file as the view received it."""

    name: str
    content: bytes


# --- scope ---------------------------------------------------------------------------


def visible_findings(user) -> QuerySet[Finding]:
    """Findings of the inspections the user may see; the enterprise never sees proposals
    or dismissed ones (they are the inspector's working notes)."""
    findings = Finding.objects.filter(inspection__in=visible_inspections(user)).select_related(
        "inspection", "enterprise", "provision", "staff"
    )
    if role_of(user) != Role.REGULATOR:
        findings = findings.exclude(state__in=(FindingState.PROPOSED, FindingState.DISMISSED))
    return findings


def get_finding_or_404(user, pk: int) -> Finding:
    try:
        return visible_findings(user).get(pk=pk)
    except Finding.DoesNotExist:
        raise Http404("问题不存在或不在您的查看范围内。") from None


def overdue(findings: QuerySet[Finding], today: dt.date) -> QuerySet[Finding]:
    """Open findings past their deadline (an answer awaiting review is not overdue)."""
    return findings.filter(state=FindingState.OPEN, deadline__lt=today)


def unresolved(findings: QuerySet[Finding]) -> QuerySet[Finding]:
    return findings.filter(state__in=(FindingState.OPEN, FindingState.ANSWERED))


# --- proposing -----------------------------------------------------------------------


def _require_inspector(actor, inspection: Inspection) -> None:
    if not is_inspector(actor, inspection):
        raise FindingError("只有本次检查的检查人员可以提出或办理问题。")


def _proposing(inspection: Inspection) -> None:
    if inspection.state not in PROPOSING_STATES:
        raise FindingError(
            f"检查记录当前为“{inspection.get_state_display()}”，现场检查开始后、归档前才能提出问题。"
        )


def _next_number(inspection: Inspection) -> int:
    return (inspection.findings.aggregate(n=Max("number"))["n"] or 0) + 1


def _create(inspection: Inspection, *, actor, **fields: Any) -> Finding:
    finding = Finding.objects.create(
        inspection=inspection,
        enterprise_id=inspection.enterprise_id,
        number=_next_number(inspection),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **fields,
    )
    audit(
        AuditKind.FINDING_PROPOSED,
        actor=actor,
        staff=finding.staff,
        enterprise_id=inspection.enterprise_id,
        inspection_id=inspection.pk,
        finding_id=finding.pk,
        source=finding.source,
    )
    return finding


def propose_findings(inspection: Inspection, *, actor) -> list[Finding]:
    """Proposals from what the inspection found: each failed or absent examinee of the
    spot test, and each check recorded as not meeting, with the people its facts named.
    Proposing again adds only what is new."""
    from oversight.spot_tests import examinee_rows

    with transaction.atomic():
        inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
        _require_inspector(actor, inspection)
        _proposing(inspection)
        known = set(inspection.findings.exclude(source_key="").values_list("source_key", flat=True))
        created: list[Finding] = []
        spot = getattr(inspection, "spot_test", None)
        for row in examinee_rows(spot) if spot is not None else []:
            key = f"spot:{row.staff_id}"
            if key in known or not (row.absent or row.passed is False):
                continue
            what = "缺考" if row.absent else f"不合格（{format(row.score.normalize(), 'f')}分）"
            created.append(
                _create(
                    inspection,
                    actor=actor,
                    source=FindingSource.SPOT_TEST,
                    check_kind=CheckKind.SPOT_TEST,
                    source_key=key,
                    staff_id=row.staff_id,
                    description=f"{row.name}（{row.post or '未设岗位'}）现场抽考安全生产常识{what}。",
                )
            )
        for check in inspection.checks.exclude(
            result__in=(CheckResult.MEETS, CheckResult.PENDING)
        ).order_by("pk"):
            key = f"check:{check.kind}"
            if key in known or check.kind == CheckKind.SPOT_TEST:
                continue  # the spot test's problems are its people, proposed above
            people = (check.facts or {}).get("people") or []
            named = f"涉及人员：{'、'.join(people)}。" if people else ""
            created.append(
                _create(
                    inspection,
                    actor=actor,
                    source=FindingSource.CHECK,
                    check_kind=check.kind,
                    source_key=key,
                    description=(
                        f"{check.get_kind_display()}{check.get_result_display()}："
                        f"{check.notes or '见检查情况'}{'' if check.notes.endswith('。') else '。'}"
                        f"{named}"
                    ),
                )
            )
    return created


def add_finding(inspection: Inspection, *, actor, description: str) -> Finding:
    description = (description or "").strip()
    if not description:
        raise FindingError("请填写问题描述。")
    with transaction.atomic():
        inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
        _require_inspector(actor, inspection)
        _proposing(inspection)
        return _create(
            inspection, actor=actor, source=FindingSource.INSPECTOR, description=description
        )


# --- the signed steps ----------------------------------------------------------------


def step_content(finding: Finding, kind: str, text: str, deadline, evidence) -> dict[str, Any]:
    """What the actor of a step signs: the finding as it stands and the step itself."""
    return {
        "finding": finding.pk,
        "inspection": finding.inspection_id,
        "enterprise": finding.enterprise_id,
        "number": finding.number,
        "description": finding.description,
        "provision": finding.provision_citation,
        "rectification": finding.rectification,
        "deadline": finding.deadline,
        "step": kind,
        "text": text,
        "step_deadline": deadline,
        "evidence": [[e.name, e.sha256] for e in evidence],
    }


def _capacity(actor, finding: Finding, kind: StepKind) -> str:
    """The capacity ``actor`` takes ``kind`` in, or FindingError for a wrong role."""
    if kind in INSPECTOR_STEPS:
        if not is_inspector(actor, finding.inspection):
            raise FindingError(f"只有本次检查的检查人员可以{kind.label}。")
        return SignCapacity.INSPECTOR
    role, profile = role_of(actor), profile_of(actor)
    if role not in ENTERPRISE_MANAGER_ROLES or profile.enterprise_id != finding.enterprise_id:
        raise FindingError("只有被检查单位的主要负责人或安全管理员可以答复整改情况。")
    return SignCapacity.PRINCIPAL if role == Role.PRINCIPAL else SignCapacity.SAFETY_MANAGER


def _evidence_files(uploads: Sequence[Upload]) -> list[Upload]:
    if len(uploads) > MAX_EVIDENCE_FILES:
        raise FindingError(f"佐证材料最多 {MAX_EVIDENCE_FILES} 个文件。")
    for upload in uploads:
        ext = os.path.splitext(upload.name)[1].lower()
        if ext not in EVIDENCE_EXTENSIONS:
            raise FindingError(
                f"佐证材料“{upload.name}”的格式不支持：请上传 PDF、Word、Excel 文档或 JPG、PNG 照片。"
            )
        if len(upload.content) > MAX_EVIDENCE_BYTES:
            raise FindingError(f"佐证材料“{upload.name}”超过 10 MB，请压缩后再上传。")
        if not upload.content:
            raise FindingError(f"佐证材料“{upload.name}”是空文件。")
    return list(uploads)


def take_step(
    finding: Finding,
    kind: str,
    *,
    actor,
    password: str,
    text: str,
    provision_id: int | None = None,
    rectification: str = "",
    deadline: dt.date | None = None,
    uploads: Sequence[Upload] = (),
    request: HttpRequest | None = None,
    now: dt.datetime | None = None,
) -> FindingStep:
    """``actor`` takes step ``kind`` on ``finding``, signed with their password.

    Issue needs a provision, the rectification and a deadline not in the past; an answer
    needs the rectification done (evidence optional but checked); a reopen may set a new
    deadline. Raises FindingError with the reason.
    """
    from content.regulations.models import Provision

    if kind not in StepKind.values:
        raise FindingError(f"未知的办理步骤：{kind}。")
    step_kind = StepKind(kind)
    now = now or timezone.now()
    today = timezone.localdate(now)
    text = (text or "").strip()
    capacity = _capacity(actor, finding, step_kind)
    if step_kind == StepKind.ISSUED:
        rectification = (rectification or "").strip()
        if not provision_id:
            raise FindingError("请选择该问题违反的法规条款（可点“推荐条款”由知识库检索）。")
        if not rectification:
            raise FindingError("请填写整改要求。")
        if deadline is None or deadline < today:
            raise FindingError("请填写整改期限，且不早于今天。")
        text = text or "下达整改"
    elif step_kind == StepKind.REOPENED:
        if not text:
            raise FindingError("复查退回须写明未整改到位的情况。")
        if deadline is not None and deadline < today:
            raise FindingError("新的整改期限不能早于今天。")
    elif not text:
        raise FindingError(
            {
                StepKind.ANSWERED: "请填写整改情况。",
                StepKind.CLOSED: "请填写复查意见。",
                StepKind.DISMISSED: "请写明不列入问题清单的理由。",
            }[step_kind]
        )
    if uploads and step_kind != StepKind.ANSWERED:
        raise FindingError("只有整改答复可以附佐证材料。")
    uploads = _evidence_files(uploads)
    provision = None
    if provision_id:
        provision = Provision.objects.select_related("page").filter(pk=provision_id).first()
        if provision is None:
            raise FindingError("所选法规条款不存在，请重新选择。")
    try:
        checked = check_signing_password(actor, password, request)
    except ValidationError as refusal:
        raise FindingError("；".join(refusal.messages)) from None

    with transaction.atomic():
        finding = (
            Finding.objects.select_for_update().select_related("inspection").get(pk=finding.pk)
        )
        state = FindingState(finding.state)
        if step_kind not in state.allowed_steps():
            raise FindingError(f"该问题当前为“{state.label}”，不能{step_kind.label}。")
        if step_kind == StepKind.ISSUED:
            assert provision is not None
            finding.provision = provision
            finding.provision_citation = f"{provision.page.title}{provision.label}"
            finding.rectification, finding.deadline = rectification, deadline
        elif step_kind == StepKind.REOPENED and deadline is not None:
            finding.deadline = deadline
        step = FindingStep.objects.create(
            finding=finding,
            kind=step_kind,
            actor=actor,
            at=now,
            text=text,
            deadline=deadline if step_kind in (StepKind.ISSUED, StepKind.REOPENED) else None,
        )
        evidence = [_store_evidence(step, upload) for upload in uploads]
        before = state.label
        finding.state = step_kind.target
        finding.closed_at = now if step_kind == StepKind.CLOSED else None
        finding.save()
        try:
            sign(
                step,
                user=actor,
                password=checked,
                capacity=capacity,
                content=step_content(finding, step_kind, text, step.deadline, evidence),
                now=now,
            )
        except ValidationError as refusal:
            raise FindingError("；".join(refusal.messages)) from None
        audit(
            AuditKind.FINDING_STEP,
            actor=actor,
            staff=finding.staff,
            enterprise_id=finding.enterprise_id,
            from_status=before,
            to_status=finding.get_state_display(),
            inspection_id=finding.inspection_id,
            finding_id=finding.pk,
            step=step_kind.value,
            step_id=step.pk,
        )
    return step


def _store_evidence(step: FindingStep, upload: Upload) -> FindingEvidence:
    ext = os.path.splitext(upload.name)[1].lower()
    evidence = FindingEvidence(
        step=step,
        name=os.path.basename(upload.name)[:200],
        size=len(upload.content),
        sha256=hashlib.sha256(upload.content).hexdigest(),
    )
    # An unguessable name: media files are served to whoever has the URL.
    evidence.file = ContentFile(upload.content, name=f"{secrets.token_hex(16)}{ext}")
    evidence.save()
    return evidence


def step_signature(step: FindingStep) -> Signature | None:
    return Signature.objects.for_object(step).select_related("signer").first()


# --- the provision suggestion --------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    provision_id: int
    citation: str
    text: str
    url: str

    def as_json(self) -> dict[str, Any]:
        return {
            "provision_id": self.provision_id,
            "citation": self.citation,
            "text": self.text,
            "url": self.url,
        }


def suggest_provisions(text: str, *, limit: int = 5) -> list[Suggestion]:
    """Regulation provisions the knowledge base finds for a finding's text. Asked for by
    the inspector (a button), never while saving: the model may be slow or absent, and
    search then answers by keywords alone."""
    from content.search.models import SourceType
    from content.search.querying import SearchFilters, search
    from content.search.segment import EmptyQueryError

    try:
        results = search(
            text,
            limit=limit,
            filters=SearchFilters(source_types=(SourceType.REGULATION,)),
        )
    except EmptyQueryError:
        return []
    return [
        Suggestion(hit.provision_id, f"{hit.document}{hit.provision}", hit.text[:200], hit.url)
        for hit in results.hits
        if hit.provision_id is not None
    ]
