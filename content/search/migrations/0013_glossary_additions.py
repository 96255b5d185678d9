from django.db import migrations

# The entry as shipped before 义务消防队 got its own (志愿消防队, not 专职消防队).
_OLD_FIREFIGHTERS = ("消防员 消防队 义务消防队", "专职消防队 消防队员")


def seed(apps, schema_editor):
    from content.search.glossary_store import seed_rows

    terms = apps.get_model("kbsearch", "GlossaryTerm")
    old_worker, old_regulation = _OLD_FIREFIGHTERS
    # Only a row no editor has changed; one that has is theirs to keep.
    terms.objects.filter(worker_terms=old_worker, regulation_terms=old_regulation).update(
        worker_terms="消防员 消防队"
    )
    seed_rows(terms)


class Migration(migrations.Migration):
    """The six laws' duties in the words people use for them (厂规, 双预控, 警示牌, 维保,
    烟感, 报检, 发大水, 注安师, 负总责 …) added to the glossary; 义务消防队 now means 志愿消防队.

    Segmentation depends on the glossary: run `manage.py reindex` (or edit any glossary
    entry, which re-segments in the background) on a database indexed before this.
    """

    dependencies = [("kbsearch", "0012_search_log_number_unstated")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
