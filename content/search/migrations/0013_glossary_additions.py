from django.db import migrations


def seed(apps, schema_editor):
    from content.search.glossary_store import seed_rows

    seed_rows(apps.get_model("kbsearch", "GlossaryTerm"))


class Migration(migrations.Migration):
    """The six laws' duties in the words people use for them (厂规, 双预控, 警示牌, 维保,
    烟感, 报检, 发大水 …) added to the glossary.

    Segmentation depends on the glossary: run `manage.py reindex` (or edit any glossary
    entry, which re-segments in the background) on a database indexed before this.
    """

    dependencies = [("kbsearch", "0012_search_log_number_unstated")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
