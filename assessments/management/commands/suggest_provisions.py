from django.core.management.base import BaseCommand
from tqdm import tqdm

from assessments.bank.provision_suggestions import store_suggestions
from assessments.models import Question


class Command(BaseCommand):
    help = "用知识库检索为未关联依据的试题推荐依据条款（编辑在后台确认）。"

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="也为已关联依据的试题重新计算建议")

    def handle(self, *args, all: bool, **options):
        questions = (
            Question.objects.all()
            if all
            else Question.objects.filter(source_provision__isnull=True)
        )
        questions = list(questions.order_by("pk"))
        updated = 0
        for start in tqdm(
            range(0, len(questions), 20),
            desc="推荐依据",
            unit="批",
            disable=options["verbosity"] == 0,
        ):
            updated += store_suggestions(questions[start : start + 20])
        self.stdout.write(
            self.style.SUCCESS(f"已处理 {len(questions)} 道试题，更新建议 {updated} 条")
        )
