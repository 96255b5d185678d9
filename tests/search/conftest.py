"""Search fixtures: a fake embedder for everything but the @model tests, and content."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import transaction

from content.search import everyday_store, glossary_store, lexemes, standards_store
from content.search.vectors import use_embedder

from .builders import FakeEmbedder

SEED_NOTICE = Path(__file__).resolve().parents[2] / "demo" / "files" / "seed-notice.docx"


@pytest.fixture(scope="package", autouse=True)
def fresh_jieba_afterwards():
    """Glossary words loaded into jieba here must not leak into other packages' tests."""
    yield
    from content.search import segment

    segment._tokenizer = None
    segment._user_words.clear()


@pytest.fixture(autouse=True)
def fake_embedder(request):
    """Every test indexes and queries with FakeEmbedder unless marked `model`."""
    glossary_store.clear_glossary_cache()
    lexemes.clear_cache()
    standards_store.clear_standards_cache()
    everyday_store.clear_everyday_cache()
    if request.node.get_closest_marker("model"):
        yield None
        return
    embedder = FakeEmbedder()
    with use_embedder(embedder):
        yield embedder
    glossary_store.clear_glossary_cache()
    lexemes.clear_cache()


@pytest.fixture
def page_tree(db):
    from safetykb.demo.pages import ensure_page_tree

    return ensure_page_tree()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed(): …` runs the block's on_commit callbacks (index tasks) at its end,
    as a real commit would; the test's own transaction stays open. Like a commit, it leaves
    them no longer pending, so a handler that schedules once per transaction schedules
    again in the next block."""

    @contextmanager
    def commit():
        pending = transaction.get_connection().run_on_commit
        start = len(pending)
        with django_capture_on_commit_callbacks(execute=True):
            yield
        del pending[start:]

    return commit


@pytest.fixture
def seed_notice(page_tree, django_capture_on_commit_callbacks):
    """The work-points notice, imported, published and indexed (through the publish signal)."""
    from content.regulations.models import RegulationPage
    from importers.regulations import import_regulation_file

    with django_capture_on_commit_callbacks(execute=True):
        outcome = import_regulation_file(SEED_NOTICE.name, SEED_NOTICE.read_bytes(), publish=True)
    lexemes.clear_cache()
    return RegulationPage.objects.get(pk=outcome.page_id)
