from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "content.search"
    label = "kbsearch"
    verbose_name = "知识库检索"

    def ready(self) -> None:
        from . import signal_handlers

        signal_handlers.connect()
