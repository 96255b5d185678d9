"""Wait until the web server answers, so `make run` prints the demo logins last."""

from __future__ import annotations

import time
import urllib.error
import urllib.request

from django.core.management.base import BaseCommand, CommandError


def answers(url: str) -> bool:
    """True once the server sends any HTTP response (a 404 or 500 is an answer too)."""
    try:
        with urllib.request.urlopen(url, timeout=10):
            return True
    except urllib.error.HTTPError:
        return True
    except OSError:  # refused, reset or timed out: not up yet
        return False


class Command(BaseCommand):
    help = "等待网站启动并响应（任何 HTTP 状态都算），超时则报错退出。"

    def add_arguments(self, parser):
        parser.add_argument("url", nargs="?", default="http://127.0.0.1:8000/")
        parser.add_argument("--timeout", type=float, default=180, help="最多等待的秒数")

    def handle(self, *args, url: str, timeout: float, **options):
        started = time.monotonic()
        while not answers(url):
            if time.monotonic() - started > timeout:
                raise CommandError(f"网站在 {timeout:.0f} 秒内没有响应：{url}")
            time.sleep(0.5)
        if options["verbosity"] > 1:
            self.stdout.write(f"网站已响应（等待 {time.monotonic() - started:.1f} 秒）：{url}")
