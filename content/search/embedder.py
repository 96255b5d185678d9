"""Sentence embeddings with a local sentence-transformers model (m3e-small by default).

Loading takes seconds and ~100 MB, so there is one `Embedder` per model per process
(`get_embedder`). torch and sentence-transformers are imported only when a model loads.
Offline only: HF_HUB_OFFLINE/TRANSFORMERS_OFFLINE are set before loading.

Gotcha: torch uses every available core by default; with several worker processes on
this 2-core machine set EMBEDDING_THREADS=1 so they don't oversubscribe.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

MODEL_ENV = "EMBEDDING_MODEL"
THREADS_ENV = "EMBEDDING_THREADS"
DEFAULT_MODEL_DIR = "m3e-small"
MAX_SEQ_LENGTH = 512
# How vectors are made from the model's outputs; part of `Embedder.name`, so changing it
# marks every stored vector stale.
PIPELINE = "mean-pooling/normalised/max512"
# Written into a fine-tuned model's folder by benchmarks/tune_embedder.py (its base, data
# and run). Fine-tuning changes the weights, not config.json, so the name hashes this too:
# a retrained model in the same folder gets a new name and every stored vector goes stale.
TUNING_FILE = "safetykb-tuning.json"


class TextEmbedder(Protocol):
    """What indexing and querying need from an embedder (`Embedder`, the joined
    `ensemble.EnsembleEmbedder`, e5's `ensemble.Companion`, the tests' fakes)."""

    name: str
    dimension: int

    def encode(
        self, texts: Sequence[str], batch_size: int = 64, show_progress: bool = False
    ) -> np.ndarray: ...

    def encode_query(self, text: str) -> np.ndarray: ...


class EmbeddingModelNotFound(RuntimeError):
    """No usable model folder: set EMBEDDING_MODEL or install the `embedding` package."""


def default_model_path() -> str:
    """EMBEDDING_MODEL if set, else the m3e-small folder shipped in the `embedding` package.

    The package is located with `find_spec` and never imported: its __init__ loads a model
    and a large dependency tree.
    """
    configured = os.environ.get(MODEL_ENV, "").strip()
    if configured:
        if not (Path(configured) / "config.json").is_file():
            raise EmbeddingModelNotFound(f"{MODEL_ENV}={configured!r} has no config.json")
        return configured
    spec = importlib.util.find_spec("embedding")
    for location in (spec.submodule_search_locations or []) if spec else []:
        candidate = Path(location) / DEFAULT_MODEL_DIR
        if (candidate / "config.json").is_file():
            return str(candidate)
    raise EmbeddingModelNotFound(
        f"No embedding model: set {MODEL_ENV} to a sentence-transformers model folder, "
        f"or install the `embedding` package that ships {DEFAULT_MODEL_DIR}."
    )


def model_name(model_path: str) -> str:
    """Stable name of a model: folder name plus a short hash of its config.json, PIPELINE
    and, for a fine-tuned model, its TUNING_FILE."""
    path = Path(model_path).resolve()
    config = path / "config.json"
    if not config.is_file():
        raise EmbeddingModelNotFound(f"{path} is not a model folder: no config.json")
    digest = hashlib.sha256(config.read_bytes())
    digest.update(PIPELINE.encode())
    tuning = path / TUNING_FILE
    if tuning.is_file():
        digest.update(tuning.read_bytes())
    return f"{path.name}-{digest.hexdigest()[:8]}"


class Embedder:
    """A loaded model. `encode` gives float32 unit vectors; calls are serialised."""

    def __init__(self, model_path: str) -> None:
        self.path = str(Path(model_path).resolve())
        self.name = model_name(self.path)
        self._model = _load_model(self.path)
        # sentence-transformers 6 renamed get_sentence_embedding_dimension.
        dimension = getattr(self._model, "get_embedding_dimension", None)
        self.dimension = int((dimension or self._model.get_sentence_embedding_dimension)())
        self._lock = threading.Lock()

    def encode(
        self, texts: Sequence[str], batch_size: int = 64, show_progress: bool = False
    ) -> np.ndarray:
        """Embed texts into an (n, dimension) float32 array of L2-normalised rows."""
        if isinstance(texts, str):
            raise TypeError("encode takes a sequence of texts; use encode_query for one")
        if not texts:
            return np.empty((0, self.dimension), dtype=np.float32)
        with self._lock:
            vectors = self._model.encode(
                list(texts),
                batch_size=batch_size,
                show_progress_bar=show_progress,
                convert_to_numpy=True,
                normalize_embeddings=True,
            )
        return np.asarray(vectors, dtype=np.float32)

    def encode_query(self, text: str) -> np.ndarray:
        """Embed one query into a (dimension,) float32 unit vector."""
        return self.encode([text])[0]


_embedders: dict[str, Embedder] = {}
_embedders_lock = threading.Lock()


def get_embedder(model_path: str | None = None) -> Embedder:
    """The process-wide Embedder for a model (default: `default_model_path()`); thread-safe."""
    path = str(Path(model_path or default_model_path()).resolve())
    embedder = _embedders.get(path)
    if embedder is None:
        with _embedders_lock:
            embedder = _embedders.get(path)
            if embedder is None:
                embedder = _embedders[path] = Embedder(path)
    return embedder


def _load_model(path: str) -> SentenceTransformer:
    """Load path on CPU, offline, quietly, without oversubscribing cores.

    m3e ships no modules.json, so sentence-transformers adds mean pooling, which is
    m3e's own "last_mean" strategy.
    """
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    # The Rust tokenizer would start its own thread pool next to torch's.
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    import torch
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    torch.set_num_threads(_thread_count())
    bar_was_enabled = transformers_logging.is_progress_bar_enabled()
    transformers_logging.disable_progress_bar()  # "Loading weights" would go to stderr
    try:
        model = SentenceTransformer(path, device="cpu")
    finally:
        if bar_was_enabled:
            transformers_logging.enable_progress_bar()
    model.max_seq_length = MAX_SEQ_LENGTH
    return model.eval()


def _thread_count() -> int:
    configured = os.environ.get(THREADS_ENV, "").strip()
    if configured:
        return max(1, int(configured))
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)
