"""The hours ledger's pages: sessions, recording (by roster or sign-in sheet), signatures,
corrections, a person's hours and the enterprise's compliance roll-up.

Who sees what (issue 12 §6): workers their own hours and the sessions they attended;
safety managers record and import for their enterprise; principals read everything in
their enterprise; regulators read their jurisdiction. Anything else is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from accounts.models import StaffProfile
from accounts.permissions import role_required
from accounts.scoping import (
    get_enterprise_in_scope_or_404,
    get_staff_in_scope_or_404,
    profile_of,
    role_of,
    visible_enterprises,
    visible_staff,
)
from accounts.vocab import OVERSEER_ROLES, SITE_ROLES, Role, StaffStatus
from importers import staging
from safetykb.signatures.forms import SignForm
from training import compliance, ledger, signin_sheet
from training.ledger_forms import (
    AttendeesForm,
    CorrectionForm,
    EvidenceForm,
    PasswordForm,
    RosterFilterForm,
    SessionForm,
    SheetUploadForm,
)
from training.models import HoursEntry, TrainingSession

RECORDERS = (Role.SAFETY_MANAGER,)
#: The roll-up lists the shortest people first; a long tail is one click away (?short=all).
SHORT_LISTED = 100


def visible_sessions(user) -> QuerySet[TrainingSession]:
    """Sessions of the enterprises the user oversees; a worker's, those they attended or
    trained (to sign them)."""
    sessions = TrainingSession.objects.select_related("enterprise", "recorded_by", "trainer")
    if role_of(user) == Role.WORKER:
        mine = TrainingSession.objects.filter(
            Q(entries__staff=profile_of(user)) | Q(trainer=user)
        ).values("pk")
        return sessions.filter(pk__in=mine)
    return sessions.filter(enterprise__in=visible_enterprises(user))


def _year(request: HttpRequest) -> int:
    value = request.GET.get("year", "")
    today = timezone.localdate()
    return int(value) if value.isdigit() and 2000 <= int(value) <= today.year + 1 else today.year


def _roster(enterprise) -> QuerySet[StaffProfile]:
    return (
        StaffProfile.objects.filter(enterprise=enterprise)
        .exclude(status=StaffStatus.LEFT)
        .select_related("user", "department")
        .order_by("department__name", "employee_no", "pk")
    )


@require_GET
@role_required(*OVERSEER_ROLES)
def session_list(request: HttpRequest) -> HttpResponse:
    sessions = visible_sessions(request.user).annotate(
        people=Count("entries__staff", distinct=True)
    )
    enterprise = None
    if request.GET.get("enterprise", "").isdigit():
        enterprise = get_enterprise_in_scope_or_404(request.user, int(request.GET["enterprise"]))
        sessions = sessions.filter(enterprise=enterprise)
    return render(
        request,
        "training/ledger/session_list.html",
        {
            "sessions": sessions.order_by("-starts_on", "-pk")[:200],
            "enterprise": enterprise,
            "can_record": role_of(request.user) in RECORDERS,
        },
    )


@role_required(*RECORDERS)
def session_new(request: HttpRequest) -> HttpResponse:
    """GET: the form and the roster (filtered by department, level, post). POST: record."""
    enterprise = profile_of(request.user).enterprise
    filters = RosterFilterForm(request.GET or None, enterprise=enterprise)
    roster = filters.apply(_roster(enterprise))
    post = request.POST if request.method == "POST" else None
    form = SessionForm(post, enterprise=enterprise)
    # Ticked people stay ticked whatever the filter shows: the POST checks the whole roster.
    attendees = AttendeesForm(post, roster=_roster(enterprise))
    password = PasswordForm(post)
    evidence = EvidenceForm(post, request.FILES or None)
    status = 200
    if post is not None:
        status = 400
        if all(f.is_valid() for f in (form, attendees, password, evidence)):
            try:
                session = ledger.record_session(
                    enterprise,
                    form.to_input(),
                    list(attendees.cleaned_data["attendees"]),
                    actor=request.user,
                    password=password.cleaned_data["password"],
                    request=request,
                    evidence=evidence.cleaned_data.get("evidence"),
                )
            except ledger.LedgerError as exc:
                for problem in exc.problems:
                    form.add_error(None, problem)
            else:
                count = len(attendees.cleaned_data["attendees"])
                messages.success(request, f"已登记《{session.title}》，{count} 人，录入人已签名。")
                return redirect("training:session", session.pk)
    return render(
        request,
        "training/ledger/session_new.html",
        {
            "form": form,
            "filters": filters,
            "roster": roster,
            "attendees": attendees,
            "ticked": {str(v) for v in (post.getlist("attendees") if post else ())},
            "password_form": password,
            "evidence_form": evidence,
            "enterprise": enterprise,
        },
        status=status,
    )


def _session_or_404(request, pk: int) -> TrainingSession:
    session = visible_sessions(request.user).filter(pk=pk).first()
    if session is None:
        raise Http404("培训活动不存在或不在您的查看范围内。")
    return session


@require_GET
@role_required(*SITE_ROLES)
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session_or_404(request, pk)
    return _render_session(request, session)


def _render_session(request, session, *, sign_form=None, status=200) -> HttpResponse:
    entries = session.entries.select_related("staff__user", "recorded_by", "corrects")
    if role_of(request.user) == Role.WORKER:
        entries = entries.filter(staff=profile_of(request.user))
    capacity = ledger.signing_capacity(session, request.user)
    is_recorder = (
        role_of(request.user) in RECORDERS
        and profile_of(request.user).enterprise_id == session.enterprise_id
    )
    return render(
        request,
        "training/ledger/session_detail.html",
        {
            "session": session,
            "entries": entries.order_by("staff__employee_no", "staff_id", "on", "pk"),
            "content": ledger.session_content(session),
            "materials": session.materials.all(),
            "evidence": session.evidence.all(),
            "capacity": capacity,
            "sign_form": sign_form or (SignForm() if capacity else None),
            "is_recorder": is_recorder,
            "evidence_form": EvidenceForm() if is_recorder else None,
            "total_people": session.entries.values("staff").distinct().count(),
        },
        status=status,
    )


@require_POST
@role_required(*SITE_ROLES)
def session_sign(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session_or_404(request, pk)
    capacity = ledger.signing_capacity(session, request.user)
    if capacity is None:
        messages.error(request, "您不是这次培训的培训人或本企业安全管理员，或已经签过名。")
        return redirect("training:session", session.pk)
    form = SignForm(request.POST)
    signature = form.sign_or_error(
        session, request=request, capacity=capacity, content=ledger.session_content(session)
    )
    if signature is None:
        return _render_session(request, session, sign_form=form, status=400)
    messages.success(request, f"已以“{signature.get_capacity_display()}”身份签名。")
    return redirect("training:session", session.pk)


@require_POST
@role_required(*RECORDERS)
def session_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session_or_404(request, pk)
    form = EvidenceForm(request.POST, request.FILES)
    upload = form.cleaned_data.get("evidence") if form.is_valid() else None
    if upload is None:
        messages.error(request, "请选择签到表扫描件或照片。")
    else:
        try:
            ledger.attach_evidence(session, upload, actor=request.user)
        except ledger.LedgerError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "签到表已附上。")
    return redirect("training:session", session.pk)


@role_required(*RECORDERS)
def entry_correct(request: HttpRequest, pk: int) -> HttpResponse:
    entry = (
        HoursEntry.objects.filter(session__in=visible_sessions(request.user), pk=pk)
        .select_related("session", "staff__user")
        .first()
    )
    if entry is None:
        raise Http404("学时记录不存在或不在您的查看范围内。")
    initial = {"on": entry.on, "hours": entry.hours}
    form = CorrectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            ledger.correct_entry(
                entry,
                actor=request.user,
                hours=form.cleaned_data["hours"],
                on=form.cleaned_data["on"],
                reason=form.cleaned_data["reason"],
            )
        except ledger.LedgerError as exc:
            for problem in exc.problems:
                form.add_error(None, problem)
        else:
            messages.success(request, f"已更正 {entry.staff.display_name} 的学时，原记录保留。")
            return redirect("training:person_hours", entry.staff_id)
    return render(
        request,
        "training/ledger/entry_correct.html",
        {"entry": entry, "form": form},
        status=400 if form.errors else 200,
    )


@require_GET
@role_required(*SITE_ROLES)
def my_hours(request: HttpRequest) -> HttpResponse:
    profile = profile_of(request.user)
    if profile is None or profile.enterprise_id is None:
        raise Http404("您没有培训台账。")
    return redirect("training:person_hours", profile.pk)


@require_GET
@role_required(*SITE_ROLES)
def person_hours(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_staff_in_scope_or_404(request.user, pk)
    if member.enterprise_id is None:
        raise Http404("人员不存在或不在您的查看范围内。")
    year = _year(request)
    hours = compliance.person_hours(member, year)
    entries = (
        HoursEntry.objects.filter(staff=member)
        .select_related("session", "recorded_by", "corrects")
        .annotate(replaced=Count("correction"))
        .order_by("-on", "-pk")
    )
    return render(
        request,
        "training/ledger/person_hours.html",
        {
            "member": member,
            "hours": hours,
            "year": year,
            "years": range(timezone.localdate().year, timezone.localdate().year - 5, -1),
            "entries": entries,
            "is_own": member.user_id == request.user.pk,
            "can_correct": role_of(request.user) in RECORDERS
            and profile_of(request.user).enterprise_id == member.enterprise_id,
        },
    )


@require_GET
@role_required(*OVERSEER_ROLES)
def enterprise_compliance(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = get_enterprise_in_scope_or_404(request.user, pk)
    year = _year(request)
    rollup = compliance.enterprise_rollup(enterprise, year, visible_staff(request.user))
    show_all = request.GET.get("short") == "all"
    return render(
        request,
        "training/ledger/compliance.html",
        {
            "enterprise": enterprise,
            "rollup": rollup,
            "year": year,
            "years": range(timezone.localdate().year, timezone.localdate().year - 5, -1),
            "hours_total": sum((p.done for p in rollup.people), 0),
            "short": rollup.short if show_all else rollup.short[:SHORT_LISTED],
        },
    )


# -- the sign-in sheet: upload → preview → confirm ---------------------------------------


@require_GET
@role_required(*RECORDERS)
def signin_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        signin_sheet.build_template_xlsx(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = content_disposition_header(True, "培训签到表模板.xlsx")
    return response


def _people_of(enterprise) -> list[signin_sheet.Person]:
    return [
        signin_sheet.Person(s.pk, s.employee_no, s.display_name, s.id_number_last4)
        for s in _roster(enterprise)
    ]


def _matched(enterprise, data: bytes) -> list[signin_sheet.SheetRow]:
    return signin_sheet.match_rows(signin_sheet.read_sheet(data), _people_of(enterprise))


@role_required(*RECORDERS)
def session_import(request: HttpRequest) -> HttpResponse:
    """GET: session fields and the sheet. POST: check both and preview; write nothing."""
    enterprise = profile_of(request.user).enterprise
    post = request.POST if request.method == "POST" else None
    form = SessionForm(post, enterprise=enterprise)
    upload = SheetUploadForm(post, request.FILES or None)
    valid = post is not None and all([form.is_valid(), upload.is_valid()])
    if valid:
        data = upload.cleaned_data["sheet"].read()
        try:
            rows = _matched(enterprise, data)
        except signin_sheet.SheetError as exc:
            upload.add_error("sheet", str(exc))
        else:
            if not rows:
                upload.add_error("sheet", "签到表中没有人员（表头下面是空的）。")
            else:
                token = staging.stage(
                    request.session,
                    upload.cleaned_data["sheet"].name,
                    data,
                    {"kind": "signin", "enterprise_id": enterprise.pk, "fields": form.to_json()},
                )
                return _import_preview(request, enterprise, form, rows, token)
    return render(
        request,
        "training/ledger/session_import.html",
        {"form": form, "upload": upload, "columns": signin_sheet.COLUMNS},
        status=400 if post is not None else 200,
    )


def _import_preview(request, enterprise, form, rows, token, password=None, status=200):
    matched = [r for r in rows if r.staff_id is not None]
    names = dict(
        StaffProfile.objects.filter(pk__in=[r.staff_id for r in matched]).values_list(
            "pk", "user__first_name"
        )
    )
    return render(
        request,
        "training/ledger/session_import_preview.html",
        {
            "form": form,
            "data": form.cleaned_data,
            "matched": [(r, names.get(r.staff_id, "")) for r in matched],
            "problems": [r for r in rows if r.problem],
            "token": token,
            "password_form": password or PasswordForm(),
        },
        status=status,
    )


@never_cache
@require_POST
@role_required(*RECORDERS)
def session_import_confirm(request: HttpRequest) -> HttpResponse:
    enterprise = profile_of(request.user).enterprise
    token = request.POST.get("token", "")
    loaded = staging.load(request.session, token)
    if (
        loaded is None
        or loaded[0].get("kind") != "signin"
        or loaded[0].get("enterprise_id") != enterprise.pk
    ):
        message = (
            staging.EXPIRED_MESSAGE
            if staging.expired(request.session, token)
            else ("预览已过期或无效，没有登记任何学时。请重新上传签到表。")
        )
        messages.error(request, message)
        return redirect("training:session_import")
    info, data = loaded
    form = SessionForm(info["fields"], enterprise=enterprise)
    if not form.is_valid():  # e.g. the trainer left meanwhile
        messages.error(request, "培训信息已失效，没有登记任何学时。请重新填写并上传。")
        return redirect("training:session_import")
    rows = _matched(enterprise, data)
    password = PasswordForm(request.POST)
    people = list(_roster(enterprise).filter(pk__in=[r.staff_id for r in rows if r.staff_id]))
    if password.is_valid():
        try:
            session = ledger.record_session(
                enterprise,
                form.to_input(),
                people,
                actor=request.user,
                password=password.cleaned_data["password"],
                request=request,
            )
        except ledger.LedgerError as exc:
            for problem in exc.problems:
                password.add_error(None, problem)
        else:
            staging.discard(request.session, token)
            messages.success(
                request,
                f"已按签到表登记《{session.title}》，{len(people)} 人，录入人已签名。"
                "可在下方附上签到表扫描件。",
            )
            return redirect("training:session", session.pk)
    return _import_preview(request, enterprise, form, rows, token, password, status=400)
