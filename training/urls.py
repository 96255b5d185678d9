from django.urls import path

from training import views

app_name = "training"

# Under /exams/ (where they have always been): a person's record and their off-post training.
urlpatterns = [
    path("exams/staff/<int:pk>/", views.staff_record, name="staff"),
    path("exams/programmes/<int:pk>/training/", views.record_training, name="record_training"),
    path("exams/programmes/<int:pk>/sign-back/", views.sign_back, name="sign_back"),
]

from training import certificate_views  # noqa: E402  (the certificate pages, appended)

urlpatterns += [
    path("certificates/mine/", certificate_views.my_certificates, name="my_certificates"),
    path(
        "certificates/enterprise/<int:pk>/",
        certificate_views.enterprise_certificates,
        name="enterprise_certificates",
    ),
    path(
        "certificates/enterprise/<int:pk>/export.xlsx",
        certificate_views.export_certificates,
        name="export_certificates",
    ),
    path(
        "certificates/staff/<int:pk>/",
        certificate_views.person_certificates,
        name="person_certificates",
    ),
    path(
        "certificates/staff/<int:pk>/add/",
        certificate_views.add_certificate,
        name="add_certificate",
    ),
    path("certificates/staff/<int:pk>/duties/", certificate_views.set_duties, name="set_duties"),
    path("certificates/import/", certificate_views.import_upload, name="certificate_import"),
    path(
        "certificates/import/template.xlsx",
        certificate_views.import_template,
        name="certificate_import_template",
    ),
    path(
        "certificates/import/confirm/",
        certificate_views.import_confirm,
        name="certificate_import_confirm",
    ),
    path("notices/", certificate_views.notice_list, name="notices"),
    path("verify/<str:token>/", certificate_views.verify, name="verify"),
]
