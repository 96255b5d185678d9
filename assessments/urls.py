from django.urls import path

from .views import absence, dashboards, launching, people, taking

app_name = "assessments"

urlpatterns = [
    path("", taking.exams_home, name="home"),
    # The examinee
    path("mine/", taking.my_exams, name="my_exams"),
    path("assignments/<int:pk>/start/", taking.start, name="start"),
    path("attempts/<int:pk>/", taking.take, name="take"),
    path("attempts/<int:pk>/answers/", taking.save, name="save"),
    path("attempts/<int:pk>/state/", taking.state, name="state"),
    path("attempts/<int:pk>/submit/", taking.submit, name="submit"),
    path("attempts/<int:pk>/result/", taking.result, name="result"),
    # Oversight
    path("jurisdiction/", dashboards.jurisdiction, name="jurisdiction"),
    path("enterprises/<int:pk>/", dashboards.enterprise_dashboard, name="enterprise"),
    path("enterprises/<int:pk>/schedules/", dashboards.schedules, name="schedules"),
    path("enterprises/<int:pk>/surprise/", launching.prepare, name="prepare_surprise"),
    path("assessments/<int:pk>/", dashboards.assessment_detail, name="assessment"),
    path("assessments/<int:pk>/launch/", launching.launch, name="launch"),
    path("absences/<int:pk>/excuse/", absence.excuse, name="excuse_absence"),
    path("staff/<int:pk>/", people.staff_record, name="staff"),
    path("programmes/<int:pk>/training/", people.record_training, name="record_training"),
    path("programmes/<int:pk>/sign-back/", people.sign_back, name="sign_back"),
]
