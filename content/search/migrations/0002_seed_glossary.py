from django.db import migrations


def seed(apps, schema_editor):
    from content.search.glossary_store import seed_rows

    seed_rows(apps.get_model("kbsearch", "GlossaryTerm"))


class Migration(migrations.Migration):
    """The default worker→regulation glossary, editable afterwards in the admin."""

    dependencies = [("kbsearch", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
    resegments = True  # signal_handlers.on_migrated: an existing index is re-segmented
