from django.urls import path

from oversight.views import exams, people

app_name = "oversight"

# The paths are where these pages have always been (bookmarks keep working).
urlpatterns = [
    path("accounts/me/", people.my_home, name="my_home"),
    path("accounts/enterprise/", people.enterprise_dashboard, name="enterprise_dashboard"),
    path("accounts/jurisdiction/", people.jurisdiction_dashboard, name="jurisdiction_dashboard"),
    path("accounts/enterprises/<int:pk>/", people.enterprise_detail, name="enterprise_detail"),
    path("exams/jurisdiction/", exams.jurisdiction, name="jurisdiction"),
    path("exams/enterprises/<int:pk>/", exams.enterprise_dashboard, name="enterprise"),
    path("exams/enterprises/<int:pk>/schedules/", exams.schedules, name="schedules"),
    path("exams/assessments/<int:pk>/", exams.assessment_detail, name="assessment"),
]
