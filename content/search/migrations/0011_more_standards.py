from django.db import migrations


def seed(apps, schema_editor):
    from content.search.standards_store import seed_rows

    seed_rows(apps.get_model("kbsearch", "TechnicalStandard"))


class Migration(migrations.Migration):
    """The fireworks standards and rule, and chemical labels, added to the defaults
    (standards.DEFAULT_STANDARDS): entries missing by code are added, editors' rows are
    left as they are."""

    dependencies = [
        ("kbsearch", "0010_technical_standards"),
    ]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
