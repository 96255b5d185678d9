from django.urls import path

from leadership.views import action_plans, checks, commitments, hazards, principal

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
    # Hazard register and the enterprise's leadership overview.
    path("enterprises/<int:pk>/", hazards.enterprise_overview, name="enterprise"),
    path("enterprises/<int:pk>/hazards/new/", hazards.edit_source, name="source_new"),
    path(
        "enterprises/<int:pk>/hazards/<int:source_pk>/",
        hazards.edit_source,
        name="source_edit",
    ),
    path("enterprises/<int:pk>/places/new/", hazards.edit_place, name="place_new"),
    path("enterprises/<int:pk>/places/<int:place_pk>/", hazards.edit_place, name="place_edit"),
    path("enterprises/<int:pk>/processes/new/", hazards.add_process, name="process_new"),
    # Commitments.
    path("enterprises/<int:pk>/commitments/", commitments.enterprise_list, name="commitments"),
    path("enterprises/<int:pk>/commitments/issue/", commitments.issue, name="issue_commitments"),
    path("commitments/<int:pk>/", commitments.detail, name="commitment"),
    path("commitments/<int:pk>/notice.docx", commitments.notice, name="commitment_notice"),
    # Action plans, activities and problems.
    path("me/", action_plans.my_page, name="me"),
    path("leaders/<int:pk>/", action_plans.leader_page, name="leader"),
    path("leaders/<int:pk>/plan/", action_plans.open_plan, name="open_plan"),
    path("plans/<int:pk>/items/", action_plans.add_item, name="add_item"),
    path("plan-items/<int:pk>/remove/", action_plans.remove_item, name="remove_item"),
    path("plans/<int:pk>/submit/", action_plans.submit_plan, name="submit_plan"),
    path("plans/<int:pk>/approve/", action_plans.approve_plan, name="approve_plan"),
    path("plans/<int:pk>/record/", action_plans.record_activity, name="record"),
    path("activities/<int:pk>/", action_plans.activity_detail, name="activity"),
    path("problems/<int:pk>/", action_plans.problem_detail, name="problem"),
    path("problems/<int:pk>/<str:kind>/", action_plans.problem_step, name="problem_step"),
]
