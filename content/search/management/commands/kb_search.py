import json

from django.core.management.base import BaseCommand, CommandError

from content.search.models import SourceType
from content.search.payload import (
    NEAREST_WHEN_NOT_FOUND,
    NOT_FOUND_MESSAGE,
    number_note,
    results_payload,
    standard_hint,
    vague_hint,
)
from content.search.querying import IN_FORCE, MODES, SearchFilters, clamp_limit, search
from content.search.segment import EmptyQueryError


class Command(BaseCommand):
    help = '在终端里搜索知识库，例如：manage.py kb_search "没经过培训能不能直接上岗干活"'

    def add_arguments(self, parser):
        parser.add_argument("query", help="要搜索的问题或关键词")
        parser.add_argument(
            "--json", action="store_true", help="输出 JSON（与 /api/search/ 相同的结构）"
        )
        parser.add_argument("--limit", type=int, default=10, help="结果条数（1–50）")
        parser.add_argument("--type", choices=SourceType.values, help="只搜某类来源")
        parser.add_argument("--mode", choices=MODES, default="hybrid", help="检索方式（调试用）")
        parser.add_argument("--all-statuses", action="store_true", help="包括已修订、已废止的内容")

    def handle(self, *args, **options):
        filters = SearchFilters(
            source_types=(options["type"],) if options["type"] else (),
            statuses=() if options["all_statuses"] else (IN_FORCE,),
        )
        try:
            results = search(
                options["query"],
                limit=clamp_limit(options["limit"]),
                filters=filters,
                mode=options["mode"],
            )
        except EmptyQueryError as error:
            raise CommandError(str(error)) from error
        if options["json"]:
            payload = results_payload(results, explain=True)
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        if results.added_terms:
            self.stdout.write(f"补充法规用语：{'、'.join(results.added_terms)}")
        if results.reference_note:
            self.stdout.write(results.reference_note)
        if not results.hits:
            self.stdout.write("没有找到相关内容。")
        hits = results.hits
        if hits and not results.found:
            hits = hits[:NEAREST_WHEN_NOT_FOUND]
            self.stdout.write(
                self.style.WARNING(NOT_FOUND_MESSAGE) + "以下是最接近的几条，未必回答了问题："
            )
        if hint := vague_hint(results):
            self.stdout.write(hint)
        if note := number_note(results):
            self.stdout.write(note)
        if hint := standard_hint(results):
            self.stdout.write(hint)
        for number, hit in enumerate(hits, start=1):
            ranks = f"关键词 {hit.lexical_rank or '—'} · 语义 {hit.vector_rank or '—'}"
            self.stdout.write(self.style.SUCCESS(f"{number}. {hit.path}") + f"  [{ranks}]")
            self.stdout.write(f"   {hit.text[:160]}{'…' if len(hit.text) > 160 else ''}")
            self.stdout.write(f"   {hit.url}")
