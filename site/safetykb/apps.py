from django.apps import AppConfig


class SafetyKBConfig(AppConfig):
    name = "safetykb"
    verbose_name = "安全知识库"
