"""The real m3e-small model: shape, normalisation, meaning, one load per process."""

import threading
from collections.abc import Iterator

import numpy as np
import pytest

from content.search import embedder
from content.search.embedder import Embedder, get_embedder

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def loads() -> Iterator[list[str]]:
    """Count real model loads while four threads race for a fresh singleton."""
    calls: list[str] = []
    real_load = embedder._load_model

    def counting_load(path: str):  # type: ignore[no-untyped-def]
        calls.append(path)
        return real_load(path)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(embedder, "_load_model", counting_load)
        patch.setattr(embedder, "_embedders", {})
        got: list[Embedder] = []
        threads = [threading.Thread(target=lambda: got.append(get_embedder())) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(got) == 4 and all(e is got[0] for e in got)
        yield calls


@pytest.fixture(scope="module")
def model(loads: list[str]) -> Embedder:
    return get_embedder()


def test_singleton_loads_once(loads: list[str], model: Embedder) -> None:
    assert get_embedder() is model
    assert get_embedder(model.path) is model
    assert len(loads) == 1


def test_dimension_and_name(model: Embedder) -> None:
    assert model.dimension == 512
    assert model.name.startswith("m3e-small-")


def test_vectors_are_normalised_float32(model: Embedder) -> None:
    vectors = model.encode(["企业主要负责人必须认真履责。", "烟花爆竹", "HAZOP"], batch_size=2)

    assert vectors.shape == (3, 512)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)


def test_encode_empty_and_query(model: Embedder) -> None:
    assert model.encode([]).shape == (0, 512)
    query = model.encode_query("动火作业审批")
    assert query.shape == (512,)
    np.testing.assert_allclose(query, model.encode(["动火作业审批"])[0], rtol=1e-5, atol=1e-6)


def test_encode_refuses_a_bare_string(model: Embedder) -> None:
    with pytest.raises(TypeError):
        model.encode("动火作业审批")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("anchor", "paraphrase", "unrelated"),
    [
        ("企业主要负责人必须参加安全培训", "老板要参加安全生产培训", "烟花爆竹仓库要安装防雷设施"),
        (
            "考核不合格的员工要脱产培训",
            "员工没考过要回去重新上课",
            "油气储存企业要配备视频监控系统",
        ),
        ("发生火灾怎么办", "着火了如何处置", "新建企业半年内完成标准化创建"),
    ],
)
def test_paraphrases_are_closer_than_unrelated_text(
    model: Embedder, anchor: str, paraphrase: str, unrelated: str
) -> None:
    a, p, u = model.encode([anchor, paraphrase, unrelated])

    assert float(a @ p) > float(a @ u) + 0.05
