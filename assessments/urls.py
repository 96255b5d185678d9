from django.urls import path

from assessments.exams.views import absence, launching, taking

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
    # Launching and absences
    path("enterprises/<int:pk>/surprise/", launching.prepare, name="prepare_surprise"),
    path("assessments/<int:pk>/launch/", launching.launch, name="launch"),
    path("absences/<int:pk>/excuse/", absence.excuse, name="excuse_absence"),
]
