from __future__ import annotations

from django.core.management.base import BaseCommand

from accounts.demo import load_demo_people


class Command(BaseCommand):
    help = "加载（或更新）演示用的辖区、企业、人员和各角色登录账号；可重复运行。"

    def handle(self, *args, **options) -> None:
        logins = load_demo_people()
        self.stdout.write(self.style.SUCCESS(f"演示人员已就绪，共 {len(logins)} 个登录账号。"))
        self.stdout.write("运行 `manage.py demo_logins` 查看账号和密码。")
