from django.core.management.base import BaseCommand

from assessments.bank.import_jobs import purge_expired_jobs
from assessments.exams.services.absence import record_absences
from assessments.exams.services.answering import expire_overdue_attempts
from assessments.exams.services.launching import run_due_schedules
from content.search.search_log import purge_old_logs
from importers import staging
from oversight.spot_tests import close_due_spot_tests
from practice.mock_exams import hand_in_expired_mocks
from practice.services import harvest_exam_mistakes
from training.notices import build_daily_notices
from training.services import apply_missing_outcomes


class Command(BaseCommand):
    help = (
        "定时任务：开启到期的常态化考核轮次，为超时未交卷的答卷自动交卷评分，"
        "为已截止抽考中未参加的人员记缺考，把可查看解析的考试错题加入错题本，为超时的模拟考试交卷，清理超过 24 小时未确认的导入文件和超过 180 天的检索日志。"
    )

    def handle(self, *args, **options):
        rounds = run_due_schedules()
        expired = expire_overdue_attempts()
        # Consequences lost between a grade's commit and the training receiver.
        apply_missing_outcomes()
        # After the expiry: a paper started before the close is submitted, not an absence.
        # On-site spot tests whose window ran out record their absent through the same path.
        absent = close_due_spot_tests() + record_absences()
        # Exam mistakes go to each person's 错题本 once the exam's review is visible.
        harvest_exam_mistakes()
        hand_in_expired_mocks()  # a mock left at its time limit is scored as saved
        purged = staging.purge_expired()
        purge_expired_jobs()
        purge_old_logs()  # search log retention (content.search.search_log)
        build_daily_notices()  # once a day: reminders for enterprise managers (training.notices)
        if options["verbosity"] > 1 or rounds or expired or absent or purged:
            self.stdout.write(
                f"新开常态化考核 {rounds} 轮，自动交卷 {expired} 份，缺考 {absent} 人，"
                f"清理过期导入文件 {purged} 个"
            )
