"""The site's URLs plus `/bench/ping/`, the trivial baseline view of `exam_load.py`."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def ping(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/ping/", ping), path("", include("safetykb.urls"))]
