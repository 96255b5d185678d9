"""The worker's progress page, the 班组 leaderboard and the managers' practice settings:
thin views over `practice.progress`, `practice.leaderboard` and `practice.preferences`.

Everything is the logged-in person's own: their progress, their own department's
ranking (404 while their enterprise has not switched it on), their own enterprise's
settings. No view takes an id, so there is nothing of anyone else's to ask for.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from accounts.permissions import role_required
from accounts.scoping import profile_of
from accounts.vocab import ENTERPRISE_MANAGER_ROLES, ENTERPRISE_ROLES
from practice.charts import progress_chart
from practice.leaderboard import leaderboard_enabled, team_leaderboard
from practice.preferences import PracticeSettingsForm, settings_of, update_practice_settings
from practice.progress import progress_report
from practice.ranking import Period


@never_cache
@require_GET
@role_required(*ENTERPRISE_ROLES)
def my_progress(request: HttpRequest) -> HttpResponse:
    staff = profile_of(request.user)
    report = progress_report(staff)
    return render(
        request,
        "practice/progress.html",
        {
            "report": report,
            "topic_chart": progress_chart("按知识点", report.by_topic),
            "regulation_chart": progress_chart("按法规", report.by_regulation),
            "leaderboard_on": leaderboard_enabled(staff.enterprise_id),
        },
    )


@never_cache
@require_GET
@role_required(*ENTERPRISE_ROLES)
def leaderboard(request: HttpRequest) -> HttpResponse:
    staff = profile_of(request.user)
    if not leaderboard_enabled(staff.enterprise_id):
        raise Http404("本企业未开启班组排行榜。")
    period = Period.parse(request.GET.get("period"))
    return render(
        request,
        "practice/leaderboard.html",
        {
            "board": team_leaderboard(staff, period),
            "period": period,
            "periods": list(Period),
            "me": staff.pk,
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
@role_required(*ENTERPRISE_MANAGER_ROLES)
def practice_settings(request: HttpRequest) -> HttpResponse:
    """每日一练题数 and the leaderboard switch of the manager's own enterprise."""
    enterprise = profile_of(request.user).enterprise
    current = settings_of(enterprise)
    form = PracticeSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        update_practice_settings(
            enterprise,
            daily_count=form.cleaned_data["daily_count"],
            leaderboard_enabled=form.cleaned_data["leaderboard_enabled"],
            actor=request.user,
        )
        messages.success(request, "每日一练设置已保存。")
        return redirect("practice:settings")
    return render(
        request,
        "practice/settings.html",
        {"form": form, "enterprise": enterprise},
        status=400 if form.errors else 200,
    )
