from django.apps import AppConfig


class RegulationsConfig(AppConfig):
    name = "content.regulations"
    label = "regulations"
    verbose_name = "法规标准"
