from django.db import migrations


def seed(apps, schema_editor):
    from content.search.glossary_store import seed_rows

    seed_rows(apps.get_model("kbsearch", "GlossaryTerm"))


class Migration(migrations.Migration):
    """Five more workers' phrasings (工作证, 拉闸, 魂不守舍, 各干各的, 没见过的机器) reach the
    wording of the provisions they ask about; a database indexed before this is
    re-segmented in the background after `migrate` (``resegments``)."""

    dependencies = [("kbsearch", "0014_glossary_exclusions")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
    resegments = True  # seed_rows may add entries: signal_handlers.on_migrated
