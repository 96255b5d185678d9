import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Enterprise, Jurisdiction
from assessments.bank.importing import QuestionImportError, preview_question_file
from assessments.bank.services import import_questions
from importers.questions import FileFormatError, parse_question_file, report_to_json


class Command(BaseCommand):
    help = "导入题库文件（.docx/.xlsx/.csv/Moodle XML/GIFT/Aiken）；有问题的题目不导入并列出原因。"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--enterprise", help="企业名称或统一社会信用代码；不填则导入辖区共享题库"
        )
        parser.add_argument("--jurisdiction", help="辖区名称（只有一个辖区时可不填）")
        parser.add_argument("--dry-run", action="store_true", help="只解析和检查，不写入")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出解析结果（不写入）")

    def handle(self, *args, file: Path, enterprise, jurisdiction, dry_run, json: bool, **options):
        if not file.exists():
            raise CommandError(f"文件不存在：{file}")
        data = file.read_bytes()
        if json:
            self._print_json(file, data)
            return
        owner_enterprise = self._enterprise(enterprise)
        owner_jurisdiction = (
            owner_enterprise.jurisdiction if owner_enterprise else self._jurisdiction(jurisdiction)
        )
        enterprise_id = owner_enterprise.pk if owner_enterprise else None
        try:
            preview = preview_question_file(
                file.name, data, jurisdiction_id=owner_jurisdiction.pk, enterprise_id=enterprise_id
            )
        except QuestionImportError as exc:
            raise CommandError(str(exc)) from exc
        for item in preview.items:
            if not item.is_valid:
                self.stdout.write(f"✗ 第{item.number}题：" + "；".join(item.problems))
        for message in (*preview.skipped, *preview.errors):
            self.stdout.write(f"✗ {message}")
        linked = sum(1 for item in preview.items if item.provision_id)
        summary = f"共 {len(preview.items)} 题，可导入 {preview.valid_count} 题，其中 {linked} 题已关联依据条款"
        if dry_run:
            self.stdout.write(self.style.WARNING(f"{summary}（试运行，未写入）"))
            return
        try:
            batch = import_questions(
                preview, jurisdiction_id=owner_jurisdiction.pk, enterprise_id=enterprise_id
            )
        except QuestionImportError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"{summary}；已导入 {batch.question_count} 题"))

    def _print_json(self, file: Path, data: bytes) -> None:
        try:
            report = parse_question_file(file.name, data)
        except FileFormatError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(json.dumps(report_to_json(report), ensure_ascii=False, indent=2))

    def _enterprise(self, key: str | None):
        if not key:
            return None
        found = (
            Enterprise.objects.filter(name=key).first()
            or Enterprise.objects.filter(credit_code=key).first()
        )
        if found is None:
            raise CommandError(f"没有找到企业“{key}”")
        return found

    def _jurisdiction(self, key: str | None):
        if key:
            found = Jurisdiction.objects.filter(name=key).first()
            if found is None:
                raise CommandError(f"没有找到辖区“{key}”")
            return found
        jurisdictions = list(Jurisdiction.objects.all()[:2])
        if len(jurisdictions) != 1:
            raise CommandError("请用 --jurisdiction 指定辖区（当前有多个或没有辖区）")
        return jurisdictions[0]
