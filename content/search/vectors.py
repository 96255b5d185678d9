"""Which embedder this process uses for indexing and queries (settings.EMBEDDING_MODEL).

`active_model_name()` reads only the model's config.json, so pages that need the name
(related provisions, filtering chunks by model) never load the model. Tests and
benchmarks swap the embedder with `use_embedder`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Protocol

import numpy as np
from django.conf import settings

from .embedder import default_model_path, get_embedder, model_name
from .models import EMBEDDING_DIMENSIONS


class TextEmbedder(Protocol):
    """What indexing and querying need from an embedder (content.search.embedder.Embedder)."""

    name: str
    dimension: int

    def encode(
        self, texts: Sequence[str], batch_size: int = 64, show_progress: bool = False
    ) -> np.ndarray: ...

    def encode_query(self, text: str) -> np.ndarray: ...


class DimensionMismatch(RuntimeError):
    """The model's vectors don't fit the chunk table's column."""


_override: TextEmbedder | None = None


def active_embedder() -> TextEmbedder:
    """The process-wide embedder (loads the model on first use, ~5 s)."""
    if _override is not None:
        return _override
    embedder = get_embedder(_configured_path())
    check_dimension(embedder)
    return embedder


def active_model_name() -> str:
    """Name of the active model without loading it."""
    if _override is not None:
        return _override.name
    return _configured_model_name(_configured_path())


def check_dimension(embedder: TextEmbedder) -> None:
    if embedder.dimension != EMBEDDING_DIMENSIONS:
        raise DimensionMismatch(
            f"向量模型 {embedder.name} 的维度是 {embedder.dimension}，检索表的向量列是 "
            f"{EMBEDDING_DIMENSIONS} 维：请先修改 content/search/models.py 中的 "
            "EMBEDDING_DIMENSIONS 并生成迁移，再运行 `manage.py reindex --all`。"
        )


@contextmanager
def use_embedder(embedder: TextEmbedder) -> Iterator[TextEmbedder]:
    """Use `embedder` in this process for the duration (tests, benchmarks)."""
    global _override
    previous, _override = _override, embedder
    try:
        yield embedder
    finally:
        _override = previous


def _configured_path() -> str:
    return default_model_path() if not settings.EMBEDDING_MODEL else settings.EMBEDDING_MODEL


@functools.lru_cache(maxsize=8)
def _configured_model_name(path: str) -> str:
    return model_name(path)
