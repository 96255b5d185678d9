from django.db import migrations


def seed(apps, schema_editor):
    from content.search.glossary_store import seed_rows

    seed_rows(apps.get_model("kbsearch", "GlossaryTerm"))


class Migration(migrations.Migration):
    """A workers' lexicon added to the glossary (二把手, 安全科, 押车, 台账, 安责险, 尘肺 …).

    Segmentation depends on the glossary: a database indexed before this is re-segmented
    in the background after `migrate` (``resegments``).
    """

    dependencies = [("kbsearch", "0005_search_log")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
    resegments = True  # signal_handlers.on_migrated: an existing index is re-segmented
