from django.urls import path

from practice import mock_views, progress_views, views

app_name = "practice"

urlpatterns = [
    path("", views.daily, name="daily"),
    path("answer/", views.answer, name="answer"),
    path("sync/", views.sync, name="sync"),
    path("answers/<uuid:client_id>/", views.feedback, name="feedback"),
    path("book/", views.book, name="book"),
    path("book/<int:pk>/", views.redo, name="redo"),
    path("favourite/<int:question_id>/", views.favourite, name="favourite"),
    path("mock/", mock_views.mock_home, name="mock"),
    path("mock/start/", mock_views.mock_start, name="mock_start"),
    path("mock/<int:pk>/", mock_views.mock_take, name="mock_take"),
    path("mock/<int:pk>/save/", mock_views.mock_save, name="mock_save"),
    path("mock/<int:pk>/state/", mock_views.mock_state, name="mock_state"),
    path("mock/<int:pk>/submit/", mock_views.mock_submit, name="mock_submit"),
    path("mock/<int:pk>/result/", mock_views.mock_result, name="mock_result"),
    path("progress/", progress_views.my_progress, name="progress"),
    path("leaderboard/", progress_views.leaderboard, name="leaderboard"),
    path("settings/", progress_views.practice_settings, name="settings"),
]
