from django.db import migrations


def seed(apps, schema_editor):
    from content.search.glossary_store import seed_rows

    seed_rows(apps.get_model("kbsearch", "GlossaryTerm"))


class Migration(migrations.Migration):
    """Six glossary entries no longer fire inside longer words (体检 in 气体检测, 法人 in
    执法人员, 联网 in 互联网, 外包 in 外包装, 管制 in 保管制度, 证 in 身份证): their default
    exclusions are added to rows that lack them, an editor's own exclusions kept."""

    dependencies = [("kbsearch", "0013_glossary_additions")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
    resegments = True  # seed_rows may add entries: signal_handlers.on_migrated
