from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "content.search"
    label = "kbsearch"
    verbose_name = "知识库检索"

    def ready(self) -> None:
        import os
        import sys

        from . import signal_handlers, warmup

        signal_handlers.connect()
        if warmup.should_warm_up(sys.argv, os.environ):
            warmup.start_warm_up()
