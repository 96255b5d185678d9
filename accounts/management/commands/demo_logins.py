"""Print the demo logins as a table. Reads only: it never creates or changes a row."""

from __future__ import annotations

import unicodedata

from django.core.management.base import BaseCommand

from accounts.demo import read_demo_logins
from accounts.demo_specs import JURISDICTION


def display_width(text: str) -> int:
    """Terminal columns: CJK and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def render_table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(display_width(r[i]) for r in [headers, *rows]) for i in range(len(headers))]
    rule = "+".join("-" * (w + 2) for w in widths)
    lines = [f"+{rule}+"]
    for i, row in enumerate([headers, *rows]):
        lines.append("| " + " | ".join(pad(c, w) for c, w in zip(row, widths, strict=True)) + " |")
        if i == 0:
            lines.append(f"+{rule.replace('-', '=')}+")
    lines.append(f"+{rule}+")
    return "\n".join(lines)


class Command(BaseCommand):
    help = "列出演示账号（角色、用户名、密码、所属企业）；不会创建任何数据。"

    def handle(self, *args, **options) -> None:
        logins = read_demo_logins()
        if not logins:
            self.stdout.write(
                self.style.WARNING(
                    "尚未加载演示数据，没有演示账号。请先运行 `make demo`"
                    "（或 `manage.py load_demo_people`）。"
                )
            )
            return
        rows = [
            [
                login.role_label,
                login.username,
                login.password or "（已被修改）",
                login.enterprise or JURISDICTION[1],  # bureau staff: regulators, editors
            ]
            for login in logins
        ]
        self.stdout.write("演示账号（登录地址 /accounts/login/）：")
        self.stdout.write(render_table(["角色", "用户名", "密码", "所属单位"], rows))
