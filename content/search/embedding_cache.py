"""An on-disk cache of text embeddings, for benchmarks and the model tests (pure numpy).

Embedding 50k statute chunks takes most of an hour on two cores; the cache keeps them
between runs under var/, keyed by sha256(model name + text), in one folder per model:
`vectors.npy` (float32 rows) and `keys.txt` (one key per row). Appends are saved every
`SAVE_EVERY` rows, so an interrupted run keeps most of its work.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

SAVE_EVERY = 2048


class EmbeddingCache:
    def __init__(self, folder: Path, model_name: str, dimension: int) -> None:
        self.folder = Path(folder) / model_name
        self.model_name = model_name
        self.dimension = dimension
        self._keys: list[str] = []
        self._index: dict[str, int] = {}
        self._vectors = np.empty((0, dimension), dtype=np.float32)
        self._pending: list[np.ndarray] = []
        self._load()

    def __len__(self) -> int:
        return len(self._keys)

    def key(self, text: str) -> str:
        return hashlib.sha256(f"{self.model_name}\x00{text}".encode()).hexdigest()

    def missing(self, texts: Sequence[str]) -> list[str]:
        """Distinct texts not in the cache, in first-seen order."""
        seen: dict[str, None] = {}
        for text in texts:
            if self.key(text) not in self._index:
                seen.setdefault(text)
        return list(seen)

    def fill(
        self,
        texts: Sequence[str],
        encode: Callable[[list[str]], np.ndarray],
        batch: int = 256,
        progress: Callable[[int], None] | None = None,
    ) -> int:
        """Embed and store the texts not cached yet; returns how many were embedded."""
        todo = self.missing(texts)
        since_save = 0
        for start in range(0, len(todo), batch):
            part = todo[start : start + batch]
            self._add(part, np.asarray(encode(part), dtype=np.float32))
            since_save += len(part)
            if since_save >= SAVE_EVERY:
                self.save()
                since_save = 0
            if progress:
                progress(len(part))
        self.save()
        return len(todo)

    def get(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors of cached texts, in order (KeyError for a text not cached)."""
        self._flush()
        rows = [self._index[self.key(text)] for text in texts]
        return self._vectors[rows] if rows else np.empty((0, self.dimension), np.float32)

    def save(self) -> None:
        self._flush()
        self.folder.mkdir(parents=True, exist_ok=True)
        np.save(self.folder / "vectors.tmp.npy", self._vectors)
        (self.folder / "keys.tmp.txt").write_text("\n".join(self._keys))
        (self.folder / "vectors.tmp.npy").replace(self.folder / "vectors.npy")
        (self.folder / "keys.tmp.txt").replace(self.folder / "keys.txt")

    def _add(self, texts: list[str], vectors: np.ndarray) -> None:
        for text in texts:
            self._index[self.key(text)] = len(self._keys)
            self._keys.append(self.key(text))
        self._pending.append(vectors)

    def _flush(self) -> None:
        if self._pending:
            self._vectors = np.concatenate([self._vectors, *self._pending])
            self._pending = []

    def _load(self) -> None:
        vectors, keys = self.folder / "vectors.npy", self.folder / "keys.txt"
        if not (vectors.is_file() and keys.is_file()):
            return
        loaded = np.load(vectors)
        names = keys.read_text().split("\n") if keys.stat().st_size else []
        if loaded.shape != (len(names), self.dimension):
            return  # a torn or foreign cache: start afresh
        self._vectors = loaded.astype(np.float32, copy=False)
        self._keys = names
        self._index = {key: row for row, key in enumerate(names)}


class CachedEmbedder:
    """An embedder that serves `encode` from the cache (filling it first); queries are live."""

    def __init__(self, embedder, cache: EmbeddingCache) -> None:
        self._embedder = embedder
        self.cache = cache
        self.name = embedder.name
        self.dimension = embedder.dimension

    def encode(self, texts: Sequence[str], batch_size: int = 32, show_progress: bool = False):
        texts = list(texts)
        self.cache.fill(texts, lambda part: self._embedder.encode(part, batch_size=batch_size))
        return self.cache.get(texts)

    def encode_query(self, text: str):
        return self._embedder.encode_query(text)
