from django.db import migrations

# Entries as shipped before, and their worker terms now: 义务消防队 got its own entry
# (志愿消防队, not 专职消防队); 跑了 and 失联 join 逃匿.
_RENAMED = {
    ("消防员 消防队 义务消防队", "专职消防队 消防队员"): "消防员 消防队",
    ("逃跑 躲起来 溜了 跑路", "逃匿 擅离职守"): "逃跑 躲起来 溜了 跑路 跑了 人跑了 失联",
}


def seed(apps, schema_editor):
    from content.search.glossary_store import seed_rows

    terms = apps.get_model("kbsearch", "GlossaryTerm")
    # Only a row no editor has changed; one that has is theirs to keep.
    for (worker, regulation), renamed in _RENAMED.items():
        terms.objects.filter(worker_terms=worker, regulation_terms=regulation).update(
            worker_terms=renamed
        )
    seed_rows(terms)


class Migration(migrations.Migration):
    """The six laws' duties in the words people use for them (厂规, 双预控, 警示牌, 维保,
    烟感, 报检, 发大水, 注安师, 负总责, 字据, 按天罚 …) added to the glossary; 义务消防队 now
    means 志愿消防队.

    Segmentation depends on the glossary: a database indexed before this is re-segmented
    in the background after `migrate` (``resegments``).
    """

    dependencies = [("kbsearch", "0012_search_log_number_unstated")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
    resegments = True  # signal_handlers.on_migrated: an existing index is re-segmented
