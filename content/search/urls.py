app_name = "kbsearch"
urlpatterns: list = []
