from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "人员与企业"
    default_auto_field = "django.db.models.BigAutoField"
