from django.db import migrations
from pgvector.django import VectorExtension


class Migration(migrations.Migration):
    """pgvector first: the search index's embeddings need it."""

    initial = True
    dependencies: list = []
    operations = [VectorExtension()]
