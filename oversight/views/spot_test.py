"""The on-site spot test: the inspector's console and live list, the examinee's join page.

The console, its writes and the live JSON are the inspectors' only (others: 404). The
join pages are for the enterprise's own people; a QR that is forged or names another
enterprise's test is a 404, a wrong code or a code out of its window a clear message.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import StaffProfile
from accounts.permissions import role_required
from accounts.vocab import ENTERPRISE_ROLES, Role, StaffStatus
from oversight import spot_joining
from oversight import spot_tests as service
from oversight.inspections import InspectionError, get_inspection_to_edit_or_404
from oversight.models import InspectionState, SpotExaminee, SpotTest
from safetykb.qr import qr_svg


def _spot_of(inspection) -> SpotTest | None:
    return SpotTest.objects.filter(inspection=inspection).first()


@require_GET
@never_cache
@role_required(Role.REGULATOR)
def console(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_inspection_to_edit_or_404(request.user, pk)
    spot = _spot_of(inspection)
    now = timezone.now()
    listed = set(spot.examinees.values_list("staff_id", flat=True)) if spot else set()
    context = {
        "inspection": inspection,
        "spot": spot,
        "on_site": inspection.state == InspectionState.ON_SITE,
        "window": spot.window_state(now) if spot else "未开始",
        "rows": service.examinee_rows(spot) if spot else [],
        "candidates": StaffProfile.objects.filter(
            enterprise=inspection.enterprise, status=StaffStatus.ON_POST, role__in=ENTERPRISE_ROLES
        )
        .exclude(pk__in=listed)
        .select_related("user")
        .order_by("post", "user__first_name"),
    }
    if spot and spot.window_state(now) == "进行中":
        url = request.build_absolute_uri(
            reverse("oversight:spot_join_qr", args=[spot_joining.qr_token(spot)])
        )
        context.update(qr=qr_svg(url, title="扫码参加现场抽考", scale=5), join_url=url)
    return render(request, "oversight/inspections/spot_console.html", context)


def _act(request: HttpRequest, pk: int, action) -> HttpResponse:
    inspection = get_inspection_to_edit_or_404(request.user, pk)
    try:
        message = action(inspection)
    except InspectionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, message)
    return redirect("oversight:spot_console", pk)


@require_POST
@role_required(Role.REGULATOR)
def sample(request: HttpRequest, pk: int) -> HttpResponse:
    def action(inspection):
        added = service.draw_sample(
            inspection,
            actor=request.user,
            count=request.POST.get("count"),
            percent=request.POST.get("percent"),
        )
        return f"已按岗位分层随机抽取 {len(added)} 人（抽样种子已保存）。"

    return _act(request, pk, action)


@require_POST
@role_required(Role.REGULATOR)
def named(request: HttpRequest, pk: int) -> HttpResponse:
    def action(inspection):
        staff_id = request.POST.get("staff", "")
        if not staff_id.isdigit():
            raise InspectionError("请选择要加入名单的人员。")
        examinee = service.add_named(inspection, actor=request.user, staff_id=int(staff_id))
        return f"已将{examinee.name}加入抽考名单。"

    return _act(request, pk, action)


@require_POST
@role_required(Role.REGULATOR)
def open_window(request: HttpRequest, pk: int) -> HttpResponse:
    def action(inspection):
        spot = service.open_window(
            inspection, actor=request.user, minutes=request.POST.get("minutes", "")
        )
        return f"现场抽考已开始，抽考码 {spot.join_code}，{spot.window_minutes} 分钟内有效。"

    return _act(request, pk, action)


@require_POST
@role_required(Role.REGULATOR)
def close(request: HttpRequest, pk: int) -> HttpResponse:
    def action(inspection):
        spot = _spot_of(inspection)
        if spot is None or spot.opens_at is None:
            raise InspectionError("现场抽考尚未开始。")
        absent = service.close_spot_test(spot, actor=request.user)
        return f"现场抽考已结束，未参加的 {absent} 人记为缺考。"

    return _act(request, pk, action)


@require_POST
@role_required(Role.REGULATOR)
def verify(request: HttpRequest, pk: int, examinee: int) -> HttpResponse:
    inspection = get_inspection_to_edit_or_404(request.user, pk)
    row = get_object_or_404(SpotExaminee, pk=examinee, spot_test__inspection=inspection)
    try:
        service.verify_in_person(row, actor=request.user)
    except InspectionError as exc:
        if request.headers.get("Accept") == "application/json":
            return JsonResponse({"error": str(exc)}, status=400)
        messages.error(request, str(exc))
    if request.headers.get("Accept") == "application/json":
        return JsonResponse({"ok": True})
    return redirect("oversight:spot_console", pk)


@require_GET
@never_cache
@role_required(Role.REGULATOR)
def live(request: HttpRequest, pk: int) -> JsonResponse:
    inspection = get_inspection_to_edit_or_404(request.user, pk)
    spot = _spot_of(inspection)
    now = timezone.now()
    if spot is None:
        return JsonResponse({"window": "未开始", "rows": []})
    remaining = (
        max(0, int((spot.closes_at - now).total_seconds()))
        if spot.window_state(now) == "进行中"
        else 0
    )
    return JsonResponse(
        {
            "window": spot.window_state(now),
            "remaining_seconds": remaining,
            "rows": [row.as_json() for row in service.examinee_rows(spot)],
        }
    )


def _join(request: HttpRequest, *, via: SpotTest | None, token: str = "") -> HttpResponse:
    error = ""
    code = via.join_code if via else request.POST.get("code", "").strip()
    if request.method == "POST":
        try:
            attempt = spot_joining.join(
                request.user, code=code, last4=request.POST.get("last4", ""), via=via
            )
        except InspectionError as exc:
            error = str(exc)
        else:
            return redirect("assessments:take", attempt.pk)
    context = {"via": via, "code": code, "error": error, "token": token}
    return render(request, "oversight/inspections/join.html", context, status=400 if error else 200)


@require_http_methods(["GET", "POST"])
@never_cache
@role_required(*ENTERPRISE_ROLES)
def join(request: HttpRequest) -> HttpResponse:
    return _join(request, via=None)


@require_http_methods(["GET", "POST"])
@never_cache
@role_required(*ENTERPRISE_ROLES)
def join_qr(request: HttpRequest, token: str) -> HttpResponse:
    spot = spot_joining.spot_from_token(token, request.user)
    if spot is None:
        raise Http404("二维码无效或不属于您所在企业的检查。")
    return _join(request, via=spot, token=token)
