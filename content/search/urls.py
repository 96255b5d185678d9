from django.urls import path

from . import views

app_name = "kbsearch"
urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("api/search/", views.search_api, name="api"),
    path("search/open/<int:log_id>/<int:rank>/", views.open_result, name="open"),
    path("search/related/<str:kind>/<int:pk>/", views.related, name="related"),
]
