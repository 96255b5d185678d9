from django.urls import path

from training import views

app_name = "training"

# Under /exams/ (where they have always been): a person's record and their off-post training.
urlpatterns = [
    path("exams/staff/<int:pk>/", views.staff_record, name="staff"),
    path("exams/programmes/<int:pk>/training/", views.record_training, name="record_training"),
    path("exams/programmes/<int:pk>/sign-back/", views.sign_back, name="sign_back"),
]

# The hours ledger (学时台账) and what each person owes (issue 12 §1–2).
from training import views_ledger  # noqa: E402

urlpatterns += [
    path("training/ledger/", views_ledger.session_list, name="ledger"),
    path("training/ledger/new/", views_ledger.session_new, name="session_new"),
    path("training/ledger/import/", views_ledger.session_import, name="session_import"),
    path(
        "training/ledger/import/confirm/",
        views_ledger.session_import_confirm,
        name="session_import_confirm",
    ),
    path(
        "training/ledger/import/template.xlsx",
        views_ledger.signin_template,
        name="signin_template",
    ),
    path("training/ledger/sessions/<int:pk>/", views_ledger.session_detail, name="session"),
    path("training/ledger/sessions/<int:pk>/sign/", views_ledger.session_sign, name="session_sign"),
    path(
        "training/ledger/sessions/<int:pk>/evidence/",
        views_ledger.session_evidence,
        name="session_evidence",
    ),
    path(
        "training/ledger/entries/<int:pk>/correct/",
        views_ledger.entry_correct,
        name="entry_correct",
    ),
    path("training/hours/", views_ledger.my_hours, name="my_hours"),
    path("training/hours/<int:pk>/", views_ledger.person_hours, name="person_hours"),
    path(
        "training/enterprises/<int:pk>/compliance/",
        views_ledger.enterprise_compliance,
        name="compliance",
    ),
]
