"""Fill the per-person yearly totals from the entries already recorded."""

from django.db import migrations
from django.db.models import Sum
from django.db.models.functions import ExtractYear


def fill(apps, schema_editor):
    Entry = apps.get_model("training", "HoursEntry")
    Total = apps.get_model("training", "HoursTotal")
    rows = (
        Entry.objects.filter(correction__isnull=True, hours__gt=0)
        .annotate(year=ExtractYear("on"))
        .values_list("staff_id", "year", "kind")
        .annotate(total=Sum("hours"))
    )
    Total.objects.bulk_create(
        Total(staff_id=staff_id, year=year, kind=kind, hours=total)
        for staff_id, year, kind, total in rows
    )


class Migration(migrations.Migration):
    dependencies = [("training", "0004_hours_totals")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
