import pgvector.django.vector
from django.db import migrations


def drop_vectors(apps, schema_editor):
    """A 512-dimension vector cannot become an 896-dimension one: the worker re-embeds."""
    apps.get_model("kbsearch", "Chunk").objects.update(embedding=None)


class Migration(migrations.Migration):
    dependencies = [
        ("kbsearch", "0006_glossary_additions"),
    ]

    operations = [
        migrations.RunPython(drop_vectors, drop_vectors),
        migrations.AlterField(
            model_name="chunk",
            name="embedding",
            field=pgvector.django.vector.VectorField(blank=True, dimensions=896, null=True),
        ),
    ]
