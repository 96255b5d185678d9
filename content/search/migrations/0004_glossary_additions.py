from django.db import migrations


def seed(apps, schema_editor):
    from content.search.glossary_store import seed_rows

    seed_rows(apps.get_model("kbsearch", "GlossaryTerm"))


class Migration(migrations.Migration):
    """Glossary entries added after 0002 (抽烟→吸烟 明火, 体检→职业健康检查 …)."""

    dependencies = [("kbsearch", "0003_chunk_piece_lexemestat")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
    resegments = True  # signal_handlers.on_migrated: an existing index is re-segmented
