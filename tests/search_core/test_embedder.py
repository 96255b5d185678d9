"""Locating and naming the embedding model, without loading it."""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from content.search import embedder
from content.search.embedder import EmbeddingModelNotFound, default_model_path, model_name


@pytest.fixture
def model_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "tiny-model"
    folder.mkdir()
    (folder / "config.json").write_text('{"hidden_size": 8}')
    return folder


def test_env_variable_wins(monkeypatch: pytest.MonkeyPatch, model_dir: Path) -> None:
    monkeypatch.setenv("EMBEDDING_MODEL", str(model_dir))

    assert default_model_path() == str(model_dir)


def test_env_variable_pointing_nowhere_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("EMBEDDING_MODEL", str(tmp_path / "missing"))

    with pytest.raises(EmbeddingModelNotFound, match="EMBEDDING_MODEL"):
        default_model_path()


def test_falls_back_to_m3e_small_without_importing_the_package(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("EMBEDDING_MODEL", raising=False)

    path = Path(default_model_path())

    assert path.name == "m3e-small"
    assert (path / "config.json").is_file()
    assert "embedding" not in sys.modules


def test_no_env_and_no_package_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EMBEDDING_MODEL", raising=False)
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)

    with pytest.raises(EmbeddingModelNotFound, match="set EMBEDDING_MODEL"):
        default_model_path()


def test_model_name_is_folder_and_config_hash(model_dir: Path) -> None:
    name = model_name(str(model_dir))

    assert name.startswith("tiny-model-")
    assert len(name) == len("tiny-model-") + 8
    assert model_name(str(model_dir) + "/") == name  # trailing slash, same model


def test_model_name_of_a_folder_without_config_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(EmbeddingModelNotFound, match=r"no config\.json"):
        model_name(str(tmp_path))


def test_model_name_changes_with_config(model_dir: Path) -> None:
    before = model_name(str(model_dir))
    (model_dir / "config.json").write_text('{"hidden_size": 16}')

    assert model_name(str(model_dir)) != before


def test_a_retrained_model_in_the_same_folder_gets_a_new_name(model_dir: Path) -> None:
    """Fine-tuning leaves config.json as it was: the tuning record tells the runs apart,
    so vectors of the previous run count as stale."""
    base = model_name(str(model_dir))
    (model_dir / embedder.TUNING_FILE).write_text('{"run": "a"}')
    first = model_name(str(model_dir))
    (model_dir / embedder.TUNING_FILE).write_text('{"run": "b"}')

    assert len({base, first, model_name(str(model_dir))}) == 3


def test_thread_count_honours_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EMBEDDING_THREADS", "1")
    assert embedder._thread_count() == 1

    monkeypatch.delenv("EMBEDDING_THREADS")
    assert 1 <= embedder._thread_count() <= (os.cpu_count() or 1)


def test_search_core_imports_neither_django_nor_torch() -> None:
    script = (
        "import sys\n"
        "import content.search.chunking, content.search.fusion, content.search.segment\n"
        "import content.search.glossary, content.search.embedder\n"
        "heavy = {'django', 'torch', 'sentence_transformers', 'embedding'} & set(sys.modules)\n"
        "print(sorted(heavy))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )

    assert result.stdout.strip() == "[]"


def test_the_configured_model_follows_the_variable(
    monkeypatch: pytest.MonkeyPatch, model_dir: Path
) -> None:
    from django.conf import settings

    from content.search import vectors

    monkeypatch.setattr(settings, "EMBEDDING_MODEL", "")
    monkeypatch.delenv("EMBEDDING_MODEL", raising=False)
    assert Path(vectors._configured_path()).name == "m3e-small"

    monkeypatch.setenv("EMBEDDING_MODEL", str(model_dir))
    assert vectors._configured_path() == str(model_dir)
