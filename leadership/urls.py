from django.urls import path

from leadership.views import checks, principal

app_name = "leadership"

urlpatterns: list = [
    path("checks/", checks.check_list, name="check_list"),
    path("checks/start/", checks.check_start, name="check_start"),
    path("checks/<int:pk>/", checks.check_detail, name="check_detail"),
    path("checks/<int:pk>/scores/", checks.check_scores, name="check_scores"),
    path("checks/<int:pk>/refresh/", checks.check_refresh, name="check_refresh"),
    path("checks/<int:pk>/sign/", checks.check_sign, name="check_sign"),
    path("checks/<int:pk>/acknowledge/", checks.check_acknowledge, name="check_acknowledge"),
    path("checks/<int:pk>/evidence/", checks.evidence_upload, name="evidence_upload"),
    path("checks/<int:pk>/scorecard.docx", checks.check_export, name="check_export"),
    path("evidence/<int:pk>/", checks.evidence_download, name="evidence_download"),
    path("principal/", principal.principal_home, name="principal_home"),
    path("principal/people/", principal.principal_people, name="principal_people"),
]
