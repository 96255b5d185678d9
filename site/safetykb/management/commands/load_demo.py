from importlib import import_module

from django.core.management import call_command
from django.core.management.base import BaseCommand

from importers.catalogue import parse_catalogue_csv, save_catalogue
from importers.regulation_loader import find_existing, save_regulation
from importers.regulations import import_regulation_file
from importers.statutes import SAFETY_LAWS, list_laws, read_law, statute_db_path
from safetykb.demo.pages import (
    CATALOGUE_SAMPLE,
    SEED_NOTICE,
    ensure_culture_articles,
    ensure_page_tree,
    seed_notice_loaded,
)

DOMAIN_DEMOS = (
    ("safetykb.demo.exam_statistics", "load_demo_exam_statistics"),
    ("safetykb.demo.training_certificates", "load_demo_certificates"),
    ("safetykb.demo.training_ledger", "load_demo_ledger"),
    ("safetykb.demo.training_plans", "load_demo_plans"),
    ("safetykb.demo.inspections", "load_demo_inspections"),
    ("safetykb.demo.inspection_record", "load_demo_inspection_record"),
    ("safetykb.demo.leadership", "load_demo_leadership"),
    ("safetykb.demo.leadership_checks", "load_demo_checks"),
    ("safetykb.demo.practice", "load_demo_practice"),
    ("safetykb.demo.practice_progress", "load_demo_practice_progress"),
)


class Command(BaseCommand):
    help = "加载演示数据（可重复运行：已存在的内容不会重复创建）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--skip-statutes", action="store_true", help="不导入国家法律（测试用，更快）"
        )

    def handle(self, *args, skip_statutes: bool = False, **options):
        say = self.stdout.write
        ensure_page_tree()
        say("✓ 页面结构：首页、法规标准、淘汰目录、安全文化")

        if seed_notice_loaded():
            say("✓ 工作要点通知已存在，跳过")
        else:
            outcome = import_regulation_file(
                SEED_NOTICE.name, SEED_NOTICE.read_bytes(), publish=True
            )
            say(f"✓ 导入《{outcome.title}》：{outcome.provision_count} 条款")

        if not skip_statutes:
            db_path = statute_db_path()
            for law in list_laws(db_path, SAFETY_LAWS):
                record = read_law(db_path, law.law_id)
                if find_existing(record):
                    continue
                save_regulation(record, publish=True)
                say(f"✓ 导入《{law.name}》：{law.article_count} 条")

        created, updated = save_catalogue(parse_catalogue_csv(CATALOGUE_SAMPLE.read_bytes()))
        say(f"✓ 淘汰目录示例：新建 {created} 项，更新 {updated} 项")
        say(f"✓ 安全文化文章：新建 {ensure_culture_articles()} 篇")

        from accounts.demo import load_demo_people

        logins = load_demo_people()
        say(f"✓ 演示企业与人员，{len(logins)} 个演示账号")

        from assessments.demo import ensure_bank_manager_group, ensure_regulator_group
        from safetykb.demo.exams import load_demo_bank, load_demo_exams

        ensure_bank_manager_group()
        ensure_regulator_group()

        for line in load_demo_bank():
            say(f"✓ 题库 {line}")
        for line in load_demo_exams():
            say(f"✓ {line}")

        # The later domains, in dependency order: each loader is idempotent and yields what
        # it made (the inspection and the leadership check read the training records).
        for module, loader in DOMAIN_DEMOS:
            for line in getattr(import_module(module), loader)():
                say(f"✓ {line}")

        # Serve first: every chunk is written now, without computing vectors (a few
        # seconds; keyword search works the moment the server starts), and the task worker
        # embeds the rest (minutes on 2 cores) while the search page shows its progress.
        # Unchanged chunks keep their stored vectors, so a reload leaves nothing to embed.
        from content.search.indexing import reindex_all
        from content.search.tasks import embed_missing_task

        outcome = reindex_all(progress=options["verbosity"] > 1, embed=False)
        say(f"✓ 检索索引：{outcome.chunks} 个片段，关键词检索已可用")
        if outcome.pending:
            embed_missing_task.enqueue()
            say(f"  另有 {outcome.pending} 个片段的语义向量交给任务队列计算，搜索页显示进度")
        if options["verbosity"] > 1:
            call_command("demo_logins")
