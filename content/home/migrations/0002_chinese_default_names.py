"""Wagtail's initial data is in English (the root page "Root", the groups "Moderators" and
"Editors", the workflow and task "Moderators approval"); the admin shows these names, so
they get Chinese ones. Only names still at Wagtail's default are changed, both ways."""

from django.db import migrations

RENAMES = (
    # (app label, model, field, Wagtail's name, ours)
    ("wagtailcore", "Page", "title", "Root", "根目录"),
    ("auth", "Group", "name", "Moderators", "审核员"),
    ("auth", "Group", "name", "Editors", "页面编辑者"),
    ("wagtailcore", "Workflow", "name", "Moderators approval", "审核员审批"),
    ("wagtailcore", "Task", "name", "Moderators approval", "审核员审批"),
)


def _rename(apps, forward: bool) -> None:
    for app_label, model_name, field, english, chinese in RENAMES:
        model = apps.get_model(app_label, model_name)
        old, new = (english, chinese) if forward else (chinese, english)
        rows = model.objects.filter(**{field: old})
        changes = {field: new}
        if model_name == "Page":
            # The admin shows draft_title, which Wagtail keeps beside the title.
            rows = rows.filter(depth=1)
            changes["draft_title"] = new
        if model_name == "Group" and model.objects.filter(name=new).exists():
            continue  # someone already made a group of that name; leave both alone
        rows.update(**changes)


def to_chinese(apps, schema_editor):
    _rename(apps, forward=True)


def to_english(apps, schema_editor):
    _rename(apps, forward=False)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(to_chinese, to_english)]
