from django.db import migrations


def seed(apps, schema_editor):
    from content.search.standards_store import seed_rows

    seed_rows(apps.get_model("kbsearch", "TechnicalStandard"))


class Migration(migrations.Migration):
    """Two rules left out added to the seeded standards (the registered safety engineer's
    examination, the province's own regulations); editors' rows are left as they are."""

    dependencies = [
        ("kbsearch", "0017_more_outside_questions"),
    ]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
