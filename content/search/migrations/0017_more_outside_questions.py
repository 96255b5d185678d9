from django.db import migrations


def seed(apps, schema_editor):
    from content.search import everyday_store, standards_store

    standards_store.seed_rows(apps.get_model("kbsearch", "TechnicalStandard"))
    everyday_store.seed_rows(apps.get_model("kbsearch", "EverydayQuestion"))


class Migration(migrations.Migration):
    """Three standards (helmets, respirators, extinguisher choice) and six everyday
    questions (claims, traffic, loans, workplace life) added to the seeded lists; rows
    editors already have are left as they are."""

    dependencies = [
        ("kbsearch", "0016_everyday_questions"),
    ]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
