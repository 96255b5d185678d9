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

# The annual training plan (年度安全培训计划).
from training import plan_views  # noqa: E402
from training.exports import views as export_views  # noqa: E402

urlpatterns += [
    path("training/plans/", plan_views.plan_list, name="plans"),
    path("training/plans/new/", plan_views.plan_create, name="plan_create"),
    path("training/plans/<int:pk>/", plan_views.plan_detail, name="plan"),
    path("training/plans/<int:pk>/lines/", plan_views.line_add, name="plan_line_add"),
    path(
        "training/plans/<int:pk>/lines/<int:line_pk>/",
        plan_views.line_edit,
        name="plan_line_edit",
    ),
    path(
        "training/plans/<int:pk>/lines/<int:line_pk>/delete/",
        plan_views.line_delete,
        name="plan_line_delete",
    ),
    path("training/plans/<int:pk>/approve/", plan_views.plan_approve, name="plan_approve"),
    path("training/plans/<int:pk>/revise/", plan_views.plan_revise, name="plan_revise"),
    path("training/plans/<int:pk>/plan.xlsx", export_views.plan_xlsx, name="plan_xlsx"),
    path("training/plans/<int:pk>/plan.docx", export_views.plan_docx, name="plan_docx"),
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

# 一人一档 and the enterprise's exports (issue 12 §5).
from training import archive_views  # noqa: E402

urlpatterns += [
    path("training/archive/<int:pk>/", archive_views.person_archive, name="archive"),
    path(
        "training/archive/<int:pk>/card.docx",
        archive_views.person_archive_docx,
        name="archive_docx",
    ),
    path(
        "training/enterprises/<int:pk>/exports/",
        archive_views.enterprise_exports,
        name="exports",
    ),
    path(
        "training/enterprises/<int:pk>/archive.xlsx",
        archive_views.enterprise_archive_xlsx,
        name="archive_xlsx",
    ),
    path(
        "training/enterprises/<int:pk>/ledger.xlsx", archive_views.ledger_xlsx, name="ledger_xlsx"
    ),
    path(
        "training/enterprises/<int:pk>/compliance.xlsx",
        archive_views.compliance_xlsx,
        name="compliance_xlsx",
    ),
    path(
        "training/enterprises/<int:pk>/certificates.xlsx",
        archive_views.certificates_xlsx,
        name="certificates_xlsx",
    ),
]
