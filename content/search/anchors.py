"""Fixed questions a query is measured against (everyday.py, standards.py).

Each text is embedded once per process and model, as queries are, and each list is kept
as one matrix of unit rows, so a search pays one product, not a re-stacking per query.
A list that changes (an editor's new ask) embeds only its new texts.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # vectors imports the models, which import standards.py, which uses this
    from .vectors import TextEmbedder

_lock = threading.Lock()
_vectors: dict[tuple[str, str], np.ndarray] = {}
# Per model, the latest matrix of each list: (texts, rows).
_matrices: dict[tuple[str, str], tuple[tuple[str, ...], np.ndarray]] = {}


def cosines(
    embedder: TextEmbedder, list_name: str, texts: tuple[str, ...], vector: np.ndarray
) -> np.ndarray:
    """The query vector's cosine to each of ``texts`` (in order)."""
    key = (embedder.name, list_name)
    cached = _matrices.get(key)
    if cached is None or cached[0] != texts:
        rows = np.stack([_unit_vector(embedder, text) for text in texts])
        cached = (texts, rows)
        with _lock:
            _matrices[key] = cached
    query = np.asarray(vector, dtype=np.float32)
    return cached[1] @ (query / (np.linalg.norm(query) or 1.0))


def _unit_vector(embedder: TextEmbedder, text: str) -> np.ndarray:
    key = (embedder.name, text)
    vector = _vectors.get(key)
    if vector is None:
        raw = np.asarray(embedder.encode_query(text), dtype=np.float32)
        vector = raw / (np.linalg.norm(raw) or 1.0)
        with _lock:
            _vectors[key] = vector
    return vector
