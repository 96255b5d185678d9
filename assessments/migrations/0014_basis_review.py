import django.db.models.deletion
from django.db import migrations, models


def snapshot_current_bases(apps, schema_editor):
    """Questions already citing a provision were written against its text as it is now."""
    Question = apps.get_model("assessments", "Question")
    BasisSnapshot = apps.get_model("assessments", "BasisSnapshot")
    from django.utils import timezone

    now = timezone.now()
    rows = Question.objects.filter(source_provision__isnull=False).values_list(
        "pk",
        "source_provision_id",
        "source_provision__page_id",
        "source_provision__label",
        "source_provision__text",
    )
    BasisSnapshot.objects.bulk_create(
        BasisSnapshot(
            question_id=pk,
            provision_id=provision_id,
            page_id=page_id,
            label=label,
            text=text,
            checked_at=now,
        )
        for pk, provision_id, page_id, label, text in rows.iterator()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0013_prepared_paper"),
        ("regulations", "0003_first_effective_date"),
    ]

    operations = [
        migrations.AddField(
            model_name="question",
            name="basis_amended_at",
            field=models.DateTimeField(
                blank=True,
                db_index=True,
                editable=False,
                null=True,
                verbose_name="依据已修订，待复核",
            ),
        ),
        migrations.CreateModel(
            name="BasisSnapshot",
            fields=[
                (
                    "question",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="basis_snapshot",
                        serialize=False,
                        to="assessments.question",
                    ),
                ),
                ("provision_id", models.PositiveIntegerField(verbose_name="条款编号")),
                ("label", models.CharField(max_length=40, verbose_name="条款")),
                ("text", models.TextField(verbose_name="核对时的条款原文")),
                ("checked_at", models.DateTimeField(verbose_name="核对时间")),
                (
                    "page",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="regulations.regulationpage",
                    ),
                ),
            ],
            options={
                "verbose_name": "依据原文快照",
                "verbose_name_plural": "依据原文快照",
            },
        ),
        migrations.RunPython(snapshot_current_bases, migrations.RunPython.noop),
    ]
