from django.core.management.base import BaseCommand

from content.search.indexing import reindex_all, stale_chunk_count
from content.search.vectors import active_embedder


class Command(BaseCommand):
    help = (
        "重建检索索引：按当前内容重新切分所有已发布的法规、目录和文章，只为新的或变化的片段计算向量"
        "（更换向量模型后会全部重算）。--all 连未变化的片段也重算向量。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="全部重新计算向量")
        parser.add_argument("--no-progress", action="store_true", help="不显示进度条")

    def handle(self, *args, **options):
        embedder = active_embedder()
        stale = stale_chunk_count(embedder.name)
        self.stdout.write(
            f"向量模型：{embedder.name}（{embedder.dimension} 维）；待更新片段：{stale}"
        )
        outcome = reindex_all(
            force=options["all"], progress=not options["no_progress"], embedder=embedder
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"✓ 索引完成：{outcome.sources} 个来源，{outcome.chunks} 个片段，"
                f"新计算向量 {outcome.embedded} 个，清除过期片段 {outcome.removed} 个"
                + (
                    f"，{outcome.skipped} 个来源在此期间被修改、将由其发布任务更新"
                    if outcome.skipped
                    else ""
                )
            )
        )
