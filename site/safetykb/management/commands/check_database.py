from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.utils import OperationalError


class Command(BaseCommand):
    help = (
        "Connects to the configured database (starting the embedded one if needed) and reports it."
    )

    def handle(self, *args, **options):
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT version()")
                version = cursor.fetchone()[0].split(",")[0]
                cursor.execute(
                    "SELECT default_version FROM pg_available_extensions WHERE name = 'vector'"
                )
                row = cursor.fetchone()
        except OperationalError as exc:
            raise CommandError(f"无法连接数据库：{exc}") from exc
        if row is None:
            raise CommandError("数据库缺少 pgvector 扩展（vector），请在服务器上安装 pgvector。")
        settings = connection.settings_dict
        where = settings["HOST"] or "localhost"
        self.stdout.write(f"数据库就绪：{version}，pgvector {row[0]}，{settings['NAME']} @ {where}")
