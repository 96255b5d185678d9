from django.core.management.base import BaseCommand, CommandError

from safetykb.wagtail_translations import DOMAINS, as_po, missing_msgids, project_catalog


class Command(BaseCommand):
    help = (
        "Lists the msgids of Wagtail's en catalogs that its zh_Hans catalogs and ours "
        "(site/safetykb/locale) leave untranslated, as PO entries ready to translate."
    )

    def add_arguments(self, parser):
        parser.add_argument("--domain", choices=DOMAINS, action="append", help="default: both")
        parser.add_argument(
            "--wagtail-only",
            action="store_true",
            help="ignore our catalog: list every gap in Wagtail's own zh_Hans catalogs",
        )
        parser.add_argument(
            "--check", action="store_true", help="exit with an error if anything is missing"
        )

    def handle(self, *args, domain, wagtail_only, check, **options):
        total = 0
        for name in domain or DOMAINS:
            ours = [] if wagtail_only else [project_catalog(name)]
            missing = missing_msgids(name, [path for path in ours if path.exists()])
            total += len(missing)
            self.stderr.write(f"{name}: {len(missing)} untranslated msgid(s)")
            if missing:
                self.stdout.write(f"# domain: {name}\n{as_po(missing)}")
        if check and total:
            raise CommandError(f"{total} Wagtail msgid(s) have no zh_Hans translation")
