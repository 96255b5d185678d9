"""Pre-fill the rules table from 《生产经营单位安全培训规定》 (``DEFAULT_HOURS_RULES``) and
carry the off-post programmes' hours already recorded into the ledger (kind 脱产培训)."""

from django.db import migrations


def fill_rules(apps, schema_editor):
    from training.rules.hours import DEFAULT_HOURS_RULES

    Rule = apps.get_model("training", "StatutoryHoursRule")
    for rule in DEFAULT_HOURS_RULES:
        units = "all" if rule.high_risk is None else ("high_risk" if rule.high_risk else "other")
        Rule.objects.get_or_create(
            code=rule.code,
            defaults={
                "title": rule.title,
                "source": rule.source,
                "levels": sorted(level.value for level in rule.levels),
                "trigger": rule.trigger.value,
                "kinds": sorted(kind.value for kind in rule.kinds),
                "hours": rule.hours,
                "units": units,
                "before_post": rule.before_post,
            },
        )


def copy_offpost_records(apps, schema_editor):
    Record = apps.get_model("training", "TrainingRecord")
    Session = apps.get_model("training", "TrainingSession")
    Entry = apps.get_model("training", "HoursEntry")
    records = Record.objects.select_related("programme__staff").exclude(entered_by=None)
    for record in records.order_by("pk"):
        staff = record.programme.staff
        session = Session.objects.create(
            enterprise_id=staff.enterprise_id,
            kind="off_post",
            title=record.content,
            content=record.content,
            starts_on=record.date,
            ends_on=record.date,
            trainer_name=record.trainer,
            hours_per_day=record.hours,
            programme_id=record.programme_id,
            recorded_by_id=record.entered_by_id,
        )
        Entry.objects.create(
            session=session,
            staff=staff,
            on=record.date,
            kind="off_post",
            hours=record.hours,
            recorded_by_id=record.entered_by_id,
        )


class Migration(migrations.Migration):
    dependencies = [("training", "0002_ledger")]

    operations = [
        migrations.RunPython(fill_rules, migrations.RunPython.noop),
        migrations.RunPython(copy_offpost_records, migrations.RunPython.noop),
    ]
