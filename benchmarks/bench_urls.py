"""The site's URLs plus `/bench/ping/`, the trivial baseline view of `exam_load.py`."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def ping(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/ping/", ping), path("", include("safetykb.urls"))]


def staff_list(request: HttpRequest, pk: int) -> HttpResponse:
    """A plain list of an enterprise's staff, the baseline of `compliance_rollup.py`."""
    from django.shortcuts import render

    from accounts.models import StaffProfile

    staff = StaffProfile.objects.filter(enterprise_id=pk).select_related("user", "department")
    return render(request, "bench/staff_list.html", {"staff": staff})


urlpatterns.insert(0, path("bench/enterprises/<int:pk>/staff/", staff_list))
