"""Which embedder this process uses for indexing and queries (settings.EMBEDDING_MODEL).

The search index embeds with the sentence model and e5 joined (`ensemble.py`);
`sentence_embedder()` is the sentence model alone (question twins).
`active_model_name()` reads only the model's config.json, so pages that need the name
(related provisions, filtering chunks by model) never load the model. Tests and
benchmarks swap the embedder with `use_embedder`.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings

from .embedder import MODEL_ENV, TextEmbedder, default_model_path, get_embedder, model_name
from .ensemble import EnsembleEmbedder, companion, ensemble_name
from .models import EMBEDDING_DIMENSIONS, SENTENCE_DIMENSIONS


class DimensionMismatch(RuntimeError):
    """The model's vectors don't fit the chunk table's column."""


_override: TextEmbedder | None = None


def active_embedder() -> TextEmbedder:
    """The process-wide search embedder (loads the models on first use, ~5 s)."""
    if _override is not None:
        return _override
    return search_embedder(_configured_path())


def active_model_name() -> str:
    """Name of the active search embedder without loading it."""
    if _override is not None:
        return _override.name
    return ensemble_name(_configured_model_name(_configured_path()))


def search_embedder(model_path: str) -> EnsembleEmbedder:
    """The sentence model at `model_path` joined with e5 (one per model and process)."""
    return _search_embedder(str(model_path))


def sentence_embedder() -> TextEmbedder:
    """The sentence model alone, whatever `use_embedder` set (question twins)."""
    embedder = get_embedder(_configured_path())
    check_dimension(embedder, SENTENCE_DIMENSIONS)
    return embedder


def sentence_model_name() -> str:
    return _configured_model_name(_configured_path())


def check_dimension(embedder: TextEmbedder, expected: int = EMBEDDING_DIMENSIONS) -> None:
    if embedder.dimension != expected:
        raise DimensionMismatch(
            f"向量模型 {embedder.name} 的维度是 {embedder.dimension}，向量列是 "
            f"{expected} 维：请先修改 content/search/models.py 中的 "
            "SENTENCE_DIMENSIONS 并生成迁移，再运行 `manage.py reindex --all`。"
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
    return settings.EMBEDDING_MODEL or _default_path(os.environ.get(MODEL_ENV, ""))


@functools.lru_cache(maxsize=4)
def _default_path(environment_value: str) -> str:
    """`default_model_path()`, looked up once per value of the variable: its package
    lookup (find_spec and file checks) cost ~0.4 ms, three times a search."""
    return default_model_path()


@functools.lru_cache(maxsize=8)
def _configured_model_name(path: str) -> str:
    return model_name(path)


@functools.lru_cache(maxsize=4)
def _search_embedder(path: str) -> EnsembleEmbedder:
    sentence = get_embedder(path)
    check_dimension(sentence, SENTENCE_DIMENSIONS)
    return EnsembleEmbedder(sentence, companion())
