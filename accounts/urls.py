from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("", views.home, name="home"),
    path("me/", views.my_home, name="my_home"),
    path("enterprise/", views.enterprise_dashboard, name="enterprise_dashboard"),
    path("jurisdiction/", views.jurisdiction_dashboard, name="jurisdiction_dashboard"),
    path("enterprises/<int:pk>/", views.enterprise_detail, name="enterprise_detail"),
    path("staff/<int:pk>/", views.staff_detail, name="staff_detail"),
]
