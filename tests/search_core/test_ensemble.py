"""The joined embedder: its cosine is the models' cosines weighted by their shares."""

import numpy as np
import pytest

from content.search.ensemble import (
    COMPANION_DIMENSIONS,
    COMPANION_NAME,
    Companion,
    EnsembleEmbedder,
    ensemble_name,
)


class Table:
    """An encoder that looks texts up in a table of vectors."""

    def __init__(self, name: str, vectors: dict[str, list[float]]) -> None:
        self.name = name
        self.vectors = {
            k: np.asarray(v, dtype=np.float32) / np.linalg.norm(v) for k, v in vectors.items()
        }
        self.dimension = len(next(iter(vectors.values())))

    def encode(self, texts, batch_size=64, show_progress=False):
        return np.stack([self.vectors[t] for t in texts])

    def encode_query(self, text):
        return self.vectors[text]


FIRST = Table("first", {"q": [1, 0, 0], "a": [1, 1, 0], "b": [0, 0, 1]})
SECOND = Table("second", {"q": [1, 0], "a": [0, 1], "b": [1, 0.2]})


def test_joined_cosine_is_the_share_weighted_sum() -> None:
    joined = EnsembleEmbedder(FIRST, SECOND, shares=(0.375, 0.625))
    query = joined.encode_query("q")
    passages = joined.encode(["a", "b"])

    assert joined.dimension == 5
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0)
    assert np.isclose(np.linalg.norm(query), 1.0)
    for i, text in enumerate(["a", "b"]):
        expected = 0.375 * FIRST.vectors["q"] @ FIRST.vectors[text] + 0.625 * (
            SECOND.vectors["q"] @ SECOND.vectors[text]
        )
        assert passages[i] @ query == pytest.approx(expected, abs=1e-6)


def test_either_model_can_decide_the_order() -> None:
    """The first model prefers a, the second b: the shares settle it."""
    first_heavy = EnsembleEmbedder(FIRST, SECOND, shares=(0.9, 0.1))
    second_heavy = EnsembleEmbedder(FIRST, SECOND, shares=(0.1, 0.9))

    def order(embedder):
        scores = embedder.encode(["a", "b"]) @ embedder.encode_query("q")
        return ["a", "b"][int(np.argmax(scores))]

    assert (order(first_heavy), order(second_heavy)) == ("a", "b")


def test_the_name_changes_with_either_model_or_the_shares() -> None:
    names = {
        ensemble_name("m3e-small-1"),
        ensemble_name("m3e-small-2"),
        ensemble_name("m3e-small-1", "other"),
        ensemble_name("m3e-small-1", COMPANION_NAME, (0.5, 0.5)),
    }
    assert len(names) == 4
    assert EnsembleEmbedder(FIRST, SECOND).name == ensemble_name("first", "second")


def test_e5_ranks_the_answering_provision_first() -> None:
    """The bundled model, for real (it loads in a fraction of a second)."""
    e5 = Companion()
    passages = e5.encode(
        [
            "生产经营单位应当对从业人员进行安全生产教育和培训",
            "特种设备使用单位应当在检验合格有效期届满前一个月提出定期检验要求",
            "今天晚上的电影很好看",
        ]
    )
    query = e5.encode_query("新来的工人要不要先培训")

    assert passages.shape == (3, COMPANION_DIMENSIONS)
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0)
    assert int(np.argmax(passages @ query)) == 0
    assert e5.encode([]).shape == (0, COMPANION_DIMENSIONS)
