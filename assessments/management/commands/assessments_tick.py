from django.core.management.base import BaseCommand

from assessments.import_jobs import purge_expired_jobs
from assessments.services.answering import expire_overdue_attempts
from assessments.services.launching import run_due_schedules
from importers import staging


class Command(BaseCommand):
    help = (
        "定时任务：开启到期的常态化考核轮次，为超时未交卷的答卷自动交卷评分，"
        "并清理超过 24 小时未确认的导入文件。"
    )

    def handle(self, *args, **options):
        rounds = run_due_schedules()
        expired = expire_overdue_attempts()
        purged = staging.purge_expired()
        purge_expired_jobs()
        if options["verbosity"] > 1 or rounds or expired or purged:
            self.stdout.write(
                f"新开常态化考核 {rounds} 轮，自动交卷 {expired} 份，清理过期导入文件 {purged} 个"
            )
