"""What every exam view shares: the role groups, scoped lookups and JSON replies.

Objects are always fetched through a queryset already narrowed to the viewer
(`accounts.scoping`), so an id outside one's scope is a 404, never a 403.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse

from accounts.scoping import profile_of, role_of, visible_enterprises, visible_staff
from accounts.vocab import ENTERPRISE_ROLES, OVERSEER_ROLES, SITE_ROLES, Role
from assessments.exams.services.launching import secrecy_filter
from assessments.models import Assessment, Attempt

#: People who sit exams (managers and principals are staff too).
EXAMINEES = ENTERPRISE_ROLES
#: People who oversee an enterprise's exams; regulators read only (and launch surprises).
OVERSEERS = OVERSEER_ROLES
EVERYONE = SITE_ROLES


def json_error(message: str, status: int, **extra) -> JsonResponse:
    return JsonResponse(
        {"ok": False, "error": message, **extra},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


def json_role_required(*roles: Role) -> Callable:
    """`role_required` for JSON endpoints: a JSON 401/403 instead of a login page."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return json_error("登录已失效，请重新登录后继续作答。", 401)
            if role_of(request.user) not in roles:
                return json_error("您的账号不能作答考试。", 403)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def own_attempt_or_404(request: HttpRequest, pk: int) -> Attempt:
    """An attempt of the logged-in person; anyone else's is a 404."""
    attempt = (
        Attempt.objects.select_related("assignment__assessment__blueprint")
        .filter(pk=pk, assignment__staff=profile_of(request.user))
        .first()
    )
    if attempt is None:
        raise Http404("答卷不存在。")
    return attempt


def visible_attempts(user) -> QuerySet[Attempt]:
    return Attempt.objects.filter(assignment__staff__in=visible_staff(user)).select_related(
        "assignment__assessment__blueprint", "assignment__staff__user"
    )


def visible_assessments(user) -> QuerySet[Assessment]:
    """Assessments of the user's enterprises; a surprise draft only for the side that
    prepared it (anyone else gets a 404, as for any id out of scope)."""
    return (
        Assessment.objects.filter(enterprise__in=visible_enterprises(user))
        .filter(secrecy_filter(user))
        .select_related("blueprint", "enterprise__jurisdiction", "launched_by")
    )


def get_in_scope_or_404(queryset: QuerySet, pk: int, message: str):
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise Http404(message)
    return obj
