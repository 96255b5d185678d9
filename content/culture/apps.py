from django.apps import AppConfig


class CultureConfig(AppConfig):
    name = "content.culture"
    label = "culture"
    verbose_name = "安全文化"
