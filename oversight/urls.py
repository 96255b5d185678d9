from django.urls import path

from oversight.views import (
    exams,
    exports,
    findings,
    inspection_overview,
    inspections,
    knowledge_gaps,
    people,
    spot_test,
)

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
    # 知识薄弱点: the heat map (?enterprise=&axis=&period=&format=xlsx) and one cell
    path("exams/gaps/", knowledge_gaps.grid, name="gaps"),
    path("exams/gaps/<int:provision>/", knowledge_gaps.cell, name="gap_cell"),
    # 执法检查 and its on-site spot test
    path("inspections/", inspections.inspection_list, name="inspections"),
    path("inspections/new/", inspections.new, name="inspection_new"),
    path("inspections/overview/", inspection_overview.overview, name="inspection_overview"),
    path(
        "inspections/overview/list/",
        inspection_overview.overview_list,
        name="inspection_overview_list",
    ),
    path("inspections/<int:pk>/", inspections.detail, name="inspection"),
    path("inspections/<int:pk>/move/", inspections.move, name="inspection_move"),
    path(
        "inspections/<int:pk>/checks/<str:kind>/", inspections.record_check, name="inspection_check"
    ),
    path("inspections/<int:pk>/sign/", inspections.sign, name="inspection_sign"),
    path("inspections/<int:pk>/correct/", inspections.correct, name="inspection_correct"),
    path("inspections/<int:pk>/spot/", spot_test.console, name="spot_console"),
    path("inspections/<int:pk>/spot/sample/", spot_test.sample, name="spot_sample"),
    path("inspections/<int:pk>/spot/named/", spot_test.named, name="spot_named"),
    path("inspections/<int:pk>/spot/open/", spot_test.open_window, name="spot_open"),
    path("inspections/<int:pk>/spot/close/", spot_test.close, name="spot_close"),
    path("inspections/<int:pk>/spot/live/", spot_test.live, name="spot_live"),
    path(
        "inspections/<int:pk>/spot/examinees/<int:examinee>/verify/",
        spot_test.verify,
        name="spot_verify",
    ),
    path("inspections/<int:pk>/record.docx", exports.record, name="inspection_docx"),
    path("inspections/<int:pk>/scores.xlsx", exports.score_sheet, name="spot_xlsx"),
    # 问题清单 and its follow-up
    path("inspections/<int:pk>/findings/", findings.for_inspection, name="inspection_findings"),
    path("inspections/<int:pk>/findings/propose/", findings.propose, name="findings_propose"),
    path("inspections/<int:pk>/findings/add/", findings.add, name="finding_add"),
    path("findings/", findings.finding_list, name="findings"),
    path("findings/<int:pk>/", findings.detail, name="finding"),
    path("findings/<int:pk>/step/", findings.step, name="finding_step"),
    path("findings/<int:pk>/suggest/", findings.suggest, name="finding_suggest"),
    path("findings/evidence/<int:pk>/", findings.evidence, name="finding_evidence"),
    path("spot/", spot_test.join, name="spot_join"),
    path("spot/q/<str:token>/", spot_test.join_qr, name="spot_join_qr"),
]
