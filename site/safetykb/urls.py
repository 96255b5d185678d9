import re

from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from safetykb.admin_guards import bureau_staff_only

urlpatterns = [
    # Wagtail's site-wide history lists every logged object unscoped; enterprise users of
    # the admin (question-bank managers) must not read other enterprises' entries there.
    re_path(r"^admin/reports/site-history/", bureau_staff_only),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("accounts.urls")),
    path("exams/", include("assessments.urls")),
    path("", include("content.search.urls")),
]

# Static files come through WhiteNoise (settings MIDDLEWARE). Uploaded media on a
# developer's machine and under `make run` (DEBUG on or off); production serves them from
# its web server. django.conf.urls.static.static() would do nothing with DEBUG off.
if settings.DEBUG or getattr(settings, "SERVE_MEDIA", False):
    from django.views.static import serve

    urlpatterns += [
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

# Wagtail's page serving catches everything else, so it goes last.
urlpatterns += [path("", include(wagtail_urls))]
