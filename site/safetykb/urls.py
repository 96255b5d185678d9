import re

from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from safetykb.admin_guards import (
    bulk_action_in_scope,
    bureau_staff_only,
    document_choosers_only,
    visible_pages_only,
)

urlpatterns = [
    # Wagtail's site-wide history lists every logged object unscoped; enterprise users of
    # the admin (question-bank managers) must not read other enterprises' entries there.
    re_path(r"^admin/reports/site-history/", bureau_staff_only),
    # Page screens and the page chooser name the pages in their URL; drafts are editors'.
    re_path(
        r"^admin/pages/(?:workflow/[\w-]+/)?(?P<page_id>\d+)/(?:move/(?P<destination_id>\d+)/)?",
        visible_pages_only,
    ),
    path("admin/choose-page/<int:parent_page_id>/", visible_pages_only),
    path("admin/choose-page/chosen-multiple/", visible_pages_only),
    re_path(r"^admin/api/main/documents/", document_choosers_only),
    # Bulk actions' confirmation screens name every id in the query string.
    path("admin/bulk/<str:app_label>/<str:model_name>/<str:action>/", bulk_action_in_scope),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("accounts.urls")),
    path("exams/", include("assessments.urls")),
    path("", include("training.urls")),
    path("leadership/", include("leadership.urls")),
    path("practice/", include("practice.urls")),
    path("", include("oversight.urls")),
    path("", include("content.search.urls")),
]

# Static files come through WhiteNoise (settings MIDDLEWARE). Uploaded media on a
# developer's machine and under `make run` (DEBUG on or off); production serves them from
# its web server. Images only: documents are served by /documents/ (drafts' files to
# editors only).
if settings.DEBUG or getattr(settings, "SERVE_MEDIA", False):
    from django.views.static import serve

    urlpatterns += [
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?!documents/)(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

# Wagtail's page serving catches everything else, so it goes last.
urlpatterns += [path("", include(wagtail_urls))]
