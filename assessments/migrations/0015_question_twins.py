import django.db.models.deletion
import pgvector.django.vector
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0014_basis_review"),
        ("regulations", "0003_first_effective_date"),
        ("safetykb", "0001_vector_extension"),
    ]

    operations = [
        migrations.CreateModel(
            name="QuestionEmbedding",
            fields=[
                (
                    "question",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="embedding",
                        serialize=False,
                        to="assessments.question",
                    ),
                ),
                ("text_hash", models.CharField(max_length=64)),
                ("vector", pgvector.django.vector.VectorField(dimensions=512)),
                (
                    "provision",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="regulations.provision",
                    ),
                ),
            ],
            options={
                "verbose_name": "试题语义向量",
                "verbose_name_plural": "试题语义向量",
            },
        ),
        migrations.CreateModel(
            name="QuestionTwin",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("cosine", models.FloatField(verbose_name="语义相似度")),
                (
                    "first",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="assessments.question",
                    ),
                ),
                (
                    "second",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="assessments.question",
                    ),
                ),
            ],
            options={
                "verbose_name": "同一考点试题",
                "verbose_name_plural": "同一考点试题",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("first", "second"), name="question_twin_unique_pair"
                    )
                ],
            },
        ),
    ]
