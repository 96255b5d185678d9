from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from content.regulations.models import RegulationLevel
from importers.regulations import RegulationImportError, import_regulation_file


class Command(BaseCommand):
    help = "从 .docx 导入一部法规/文件；同一文号再次导入时生成新修订版本。"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help=".docx 文件路径")
        parser.add_argument("--publish", action="store_true", help="导入后立即发布")
        parser.add_argument(
            "--level", choices=RegulationLevel.values, help="效力级别（默认按标题推断）"
        )

    def handle(self, *args, file: Path, publish: bool, level: str | None, **options):
        if not file.exists():
            raise CommandError(f"文件不存在：{file}")
        try:
            outcome = import_regulation_file(
                file.name, file.read_bytes(), publish=publish, level=level
            )
        except RegulationImportError as exc:
            raise CommandError(f"{file.name}：{exc}") from exc
        verb = "新建" if outcome.created else "更新"
        state = "并已发布" if outcome.published else "（草稿，未发布）"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb}《{outcome.title}》{state}：{outcome.provision_count} 条款，页面 ID {outcome.page_id}"
            )
        )
