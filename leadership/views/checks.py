"""Leadership check pages: the list, starting a check, the scorecard with scoring, signing,
acknowledging and evidence, and the .docx export. Every check is read through
``visible_checks`` (out of scope is a 404); the services refuse the wrong role."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_POST

from accounts.permissions import role_required
from accounts.scoping import get_staff_in_scope_or_404, profile_of, role_of, visible_staff
from accounts.vocab import SITE_ROLES, Level, Role, StaffStatus
from leadership import checks as services
from leadership.exports import scorecard_docx
from leadership.models import CheckEvidence, CheckKind, CheckStatus, LeadershipCheck
from leadership.scoring import ItemStatus
from safetykb.signatures.forms import SignForm
from safetykb.signatures.selectors import signature_rows


def _check_or_404(user, pk: int) -> LeadershipCheck:
    return get_object_or_404(services.visible_checks(user), pk=pk)


def _refused(request: HttpRequest, refusal: services.CheckRefused) -> HttpResponse:
    return render(request, "leadership/checks/refused.html", {"message": str(refusal)}, status=403)


def _errors(refusal: ValidationError) -> list[str]:
    if hasattr(refusal, "error_dict"):
        return [m for messages_ in refusal.message_dict.values() for m in messages_]
    return list(refusal.messages)


def startable_subjects(user):
    """The people this user may start a check of (the form's choices)."""
    role, staff = role_of(user), visible_staff(user)
    if role == Role.REGULATOR:
        return staff.filter(level=Level.PRINCIPAL).exclude(status=StaffStatus.LEFT)
    profile = profile_of(user)
    leaders = services.leaders_of(profile.enterprise_id) if profile.enterprise_id else staff.none()
    if role in (Role.PRINCIPAL, Role.SAFETY_MANAGER):
        return leaders
    return leaders.filter(user=user)


@require_GET
@role_required(*SITE_ROLES)
def check_list(request: HttpRequest) -> HttpResponse:
    checks = services.visible_checks(request.user)
    subject = None
    if request.GET.get("subject", "").isdigit():
        subject = get_staff_in_scope_or_404(request.user, int(request.GET["subject"]))
        checks = checks.filter(subject=subject)
    kinds = services.kinds_for(request.user)
    return render(
        request,
        "leadership/checks/list.html",
        {
            "checks": checks[:200],
            "subject": subject,
            "kinds": [(k.value, k.label) for k in kinds],
            "subjects": startable_subjects(request.user).select_related("user") if kinds else [],
            "this_year": timezone.localdate().year,
        },
    )


@require_POST
@role_required(*SITE_ROLES)
def check_start(request: HttpRequest) -> HttpResponse:
    raw_subject, raw_year = request.POST.get("subject", ""), request.POST.get("year", "")
    if not raw_subject.isdigit() or not raw_year.isdigit():
        messages.error(request, "请选择被评估人并填写年度（如 2026）。")
        return redirect("leadership:check_list")
    subject = get_staff_in_scope_or_404(request.user, int(raw_subject))
    year = int(raw_year)
    if not 2000 <= year <= timezone.localdate().year + 1:
        messages.error(request, f"年度 {year} 不在可评估的范围内。")
        return redirect("leadership:check_list")
    try:
        check = services.start_check(
            subject, reviewer=request.user, kind=request.POST.get("kind", ""), year=year
        )
    except services.CheckRefused as refusal:
        return _refused(request, refusal)
    except ValidationError as refusal:
        for message in _errors(refusal):
            messages.error(request, message)
        return redirect("leadership:check_list")
    return redirect("leadership:check_detail", check.pk)


def _detail_context(request: HttpRequest, check: LeadershipCheck, **extra) -> dict:
    card = services.scorecard_of(check)
    content = services.signed_content(check, card)
    evidence = services.evidence_of(check)
    is_reviewer = check.reviewer_id == request.user.pk
    is_subject = check.subject.user_id == request.user.pk
    return {
        "check": check,
        "card": card,
        "rows": [
            {
                "result": result,
                "evidence": evidence.get(result.item.key, []),
                "pending": result.status is ItemStatus.PENDING,
                "no_data": result.status is ItemStatus.NO_DATA,
            }
            for result in card.items
        ],
        "scores": {s.item_key: s for s in check.scores.all()},
        "reviewed_items": [r for r in card.items if not r.item.sort.is_measured],
        "signatures": signature_rows(check, content),
        "can_score": is_reviewer and check.is_scoring,
        "can_sign": is_reviewer and check.is_scoring and card.complete,
        "can_upload": is_subject and check.is_scoring,
        "can_acknowledge": is_subject and check.status == CheckStatus.SIGNED,
        "sign_form": extra.pop("sign_form", None) or SignForm(),
        "history": services.visible_checks(request.user)
        .filter(subject=check.subject)
        .exclude(pk=check.pk)[:20],
        **extra,
    }


@require_GET
@role_required(*SITE_ROLES)
def check_detail(request: HttpRequest, pk: int) -> HttpResponse:
    check = _check_or_404(request.user, pk)
    return render(request, "leadership/checks/detail.html", _detail_context(request, check))


@require_POST
@role_required(*SITE_ROLES)
def check_scores(request: HttpRequest, pk: int) -> HttpResponse:
    check = _check_or_404(request.user, pk)
    scores: dict[str, tuple[Decimal, str]] = {}
    errors = []
    for item in services.rubric_items(check):
        if item.sort.is_measured:
            continue
        raw = request.POST.get(f"points-{item.key}", "").strip()
        note = request.POST.get(f"note-{item.key}", "")
        if not raw and not note.strip():
            continue  # left for later
        try:
            scores[item.key] = (services.parse_points(raw, item.title), note)
        except ValidationError as refusal:
            errors.extend(refusal.messages)
    try:
        if errors:
            raise ValidationError(errors)
        services.save_scores(check, user=request.user, scores=scores)
    except services.CheckRefused as refusal:
        return _refused(request, refusal)
    except ValidationError as refusal:
        context = _detail_context(
            request, check, score_errors=_errors(refusal), posted=request.POST
        )
        return render(request, "leadership/checks/detail.html", context, status=400)
    messages.success(request, "评分已保存。")
    return redirect("leadership:check_detail", check.pk)


@require_POST
@role_required(*SITE_ROLES)
def check_refresh(request: HttpRequest, pk: int) -> HttpResponse:
    check = _check_or_404(request.user, pk)
    try:
        services.refresh_facts(check, user=request.user)
    except services.CheckRefused as refusal:
        return _refused(request, refusal)
    messages.success(request, "已重新取数。")
    return redirect("leadership:check_detail", check.pk)


def _signing(request: HttpRequest, pk: int, action, done: str) -> HttpResponse:
    check = _check_or_404(request.user, pk)
    form = SignForm(request.POST)
    if form.is_valid():
        try:
            action(
                check, user=request.user, password=form.cleaned_data["password"], request=request
            )
        except services.CheckRefused as refusal:
            return _refused(request, refusal)
        except ValidationError as refusal:
            for field, texts in getattr(refusal, "message_dict", {"": refusal.messages}).items():
                form.add_error("password" if field == "password" else None, texts)
        else:
            messages.success(request, done)
            return redirect("leadership:check_detail", check.pk)
    context = _detail_context(request, check, sign_form=form)
    return render(request, "leadership/checks/detail.html", context, status=400)


@require_POST
@role_required(*SITE_ROLES)
def check_sign(request: HttpRequest, pk: int) -> HttpResponse:
    return _signing(request, pk, services.sign_check, "已签名，评估结果已提交被评估人确认。")


@require_POST
@role_required(*SITE_ROLES)
def check_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    return _signing(request, pk, services.acknowledge_check, "已签名确认评估结果。")


@require_POST
@role_required(*SITE_ROLES)
def evidence_upload(request: HttpRequest, pk: int) -> HttpResponse:
    check = _check_or_404(request.user, pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "请选择要上传的证明材料文件。")
        return redirect("leadership:check_detail", check.pk)
    try:
        services.add_evidence(
            check,
            user=request.user,
            item_key=request.POST.get("item", ""),
            title=request.POST.get("title", ""),
            upload=upload,
        )
    except services.CheckRefused as refusal:
        return _refused(request, refusal)
    except ValidationError as refusal:
        for message in _errors(refusal):
            messages.error(request, message)
    else:
        messages.success(request, "证明材料已上传。")
    return redirect("leadership:check_detail", check.pk)


@require_GET
@role_required(*SITE_ROLES)
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    doc = get_object_or_404(
        CheckEvidence.objects.filter(check_record__in=services.visible_checks(request.user)), pk=pk
    )
    try:
        handle = doc.file.open("rb")
    except FileNotFoundError:
        raise Http404("文件不存在。") from None
    suffix = doc.file.name.rsplit(".", 1)[-1]
    return FileResponse(handle, as_attachment=True, filename=f"{doc.title}.{suffix}")


@require_GET
@role_required(*SITE_ROLES)
def check_export(request: HttpRequest, pk: int) -> HttpResponse:
    check = _check_or_404(request.user, pk)
    card = services.scorecard_of(check)
    rows = signature_rows(check, services.signed_content(check, card))
    response = HttpResponse(
        scorecard_docx(check, card, rows),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    name = check.subject.user.get_full_name() or check.subject.user.get_username()
    filename = f"{check.year}年安全领导力评估-{name}-{CheckKind(check.kind).label}.docx"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
