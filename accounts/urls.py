from django.urls import path

from accounts import people_views, views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("", views.home, name="home"),
    path("staff/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("staff/add/", people_views.person_add, name="person_add"),
    path("staff/<int:pk>/edit/", people_views.person_edit, name="person_edit"),
    path("staff/<int:pk>/move/", people_views.person_move, name="person_move"),
    path("staff/<int:pk>/leave/", people_views.person_leave, name="person_leave"),
    path("staff/<int:pk>/away/", people_views.person_away, name="person_away"),
    path("staff/<int:pk>/return/", people_views.person_return, name="person_return"),
    path(
        "staff/<int:pk>/reset-password/",
        people_views.person_reset_password,
        name="person_reset_password",
    ),
    path("staff/<int:pk>/unlock/", people_views.person_unlock, name="person_unlock"),
    path("staff/import/", people_views.roster_upload, name="roster_upload"),
    path("staff/import/confirm/", people_views.roster_confirm, name="roster_confirm"),
    path("staff/import/template.xlsx", people_views.roster_template, name="roster_template"),
]
