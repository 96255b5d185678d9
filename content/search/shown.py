"""What the page shows for each ranked chunk, and what the re-score reads of it.

A sentence piece is shown as the whole chunk of its provision that contains it (else the
first); any other chunk as itself. One query fetches, for the re-score's ~50 candidates,
the shown text, its law's scope terms and the question's cosine with it; the page's rows
are then read without another.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
from django.db import connection
from pgvector import Vector

from .models import Chunk, SourceType

# Fields the page never shows: left unread.
HEAVY_FIELDS = ("embedding", "lexical_text", "lexical_context", "lexical_title", "search_vector")

# Pieces exist so one sentence of a long provision can rank on its own; the reader (and
# the API's `text`) wants the provision around it, and the re-score reads that wording too.
_SHOWN_AS = """
SELECT c.id, COALESCE(whole.id, c.id), COALESCE(whole.text, c.text),
       COALESCE(page.scope_terms, ''),
       CASE WHEN COALESCE(whole.model_name, c.model_name) = %s
            THEN 1 - (COALESCE(whole.embedding, c.embedding) <=> %s::vector) END
FROM kbsearch_chunk c
LEFT JOIN regulations_regulationpage page
    ON c.source_type = %s AND page.page_ptr_id = c.object_id
LEFT JOIN LATERAL (
    SELECT w.id, w.text, w.embedding, w.model_name FROM kbsearch_chunk w
    WHERE c.piece AND NOT w.piece AND w.content_type_id = c.content_type_id
      AND w.object_id = c.object_id AND w.anchor = c.anchor
    ORDER BY strpos(w.text, c.text) = 0, w.ordinal
    LIMIT 1
) whole ON true
WHERE c.id = ANY(%s)
"""


class ShownAs(dict[int, tuple[int, str, str, float | None]]):
    """Chunk id → (the id of the chunk shown for it, that chunk's text, its document's
    scope terms, the question's cosine with that text), filled on demand: one query for the
    re-score's ~50 candidates, none again for the page's rows.

    The cosine is None without a query vector or where the text's vector is another
    model's (an index being rebuilt)."""

    def __init__(self, vector: np.ndarray | None = None, model_name: str = "") -> None:
        super().__init__()
        self._vector = None if vector is None else Vector(vector).to_text()
        self._model_name = model_name

    def texts(self, pks: Sequence[int]) -> dict[int, str]:
        self._fill(pks)
        return {pk: self[pk][1] for pk in pks if pk in self}

    def scopes(self, pks: Sequence[int]) -> dict[int, str]:
        self._fill(pks)
        return {pk: self[pk][2] for pk in pks if pk in self}

    def similarities(self, pks: Sequence[int]) -> dict[int, float | None]:
        self._fill(pks)
        return {pk: self[pk][3] for pk in pks if pk in self}

    def rows(self, pks: Iterable[int]) -> dict[int, Chunk]:
        ids = list(pks)
        self._fill(ids)
        shown = Chunk.objects.defer(*HEAVY_FIELDS).in_bulk(
            {self[pk][0] for pk in ids if pk in self}
        )
        return {pk: shown[self[pk][0]] for pk in ids if pk in self and self[pk][0] in shown}

    def _fill(self, pks: Sequence[int]) -> None:
        missing = [pk for pk in pks if pk not in self]
        if missing:
            with connection.cursor() as cursor:
                cursor.execute(
                    _SHOWN_AS,
                    [self._model_name, self._vector, SourceType.REGULATION, missing],
                )
                for pk, shown_id, text, scope_terms, similarity in cursor.fetchall():
                    self[pk] = (
                        shown_id,
                        text,
                        scope_terms,
                        None if similarity is None else float(similarity),
                    )
