from django.urls import path

from training import views

app_name = "training"

# Under /exams/ (where they have always been): a person's record and their off-post training.
urlpatterns = [
    path("exams/staff/<int:pk>/", views.staff_record, name="staff"),
    path("exams/programmes/<int:pk>/training/", views.record_training, name="record_training"),
    path("exams/programmes/<int:pk>/sign-back/", views.sign_back, name="sign_back"),
]
