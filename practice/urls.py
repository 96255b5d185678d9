from django.urls import path

from practice import progress_views, views

app_name = "practice"

urlpatterns = [
    path("", views.daily, name="daily"),
    path("answer/", views.answer, name="answer"),
    path("sync/", views.sync, name="sync"),
    path("answers/<uuid:client_id>/", views.feedback, name="feedback"),
    path("book/", views.book, name="book"),
    path("book/<int:pk>/", views.redo, name="redo"),
    path("favourite/<int:question_id>/", views.favourite, name="favourite"),
    path("progress/", progress_views.my_progress, name="progress"),
    path("leaderboard/", progress_views.leaderboard, name="leaderboard"),
    path("settings/", progress_views.practice_settings, name="settings"),
]
