"""Serve first: the index is written without vectors, search answers by keywords and says
how far the task worker has got (索引建立中（已完成 X / Y）) until every chunk has one."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django_tasks import default_task_backend

from content.search import indexing, tasks
from content.search.models import Chunk
from content.search.selectors import index_progress

from .builders import FakeEmbedder, make_regulation

pytestmark = pytest.mark.django_db

TRAINING = "未经安全生产教育和培训合格的从业人员，不得上岗作业。"
PENALTY = "生产经营单位未按照规定对从业人员进行安全生产教育和培训的，处十万元以下的罚款。"
HOT_WORK = "进行动火作业前，应当办理动火审批手续，落实现场监护措施。"


@pytest.fixture
def unembedded(page_tree, fake_embedder):
    """The demo loader's state: every chunk written, none embedded yet."""
    make_regulation(
        "中华人民共和国安全生产法",
        [("第二十八条", "", TRAINING), ("第九十七条", "", PENALTY), ("第四十条", "", HOT_WORK)],
    )
    outcome = indexing.reindex_all(embed=False)
    assert fake_embedder.encoded == []  # nothing embedded, the model not even asked
    return outcome


def test_without_vectors_search_answers_by_keywords_and_shows_progress(
    client, unembedded, monkeypatch
):
    from content.search import querying

    def no_model():
        raise AssertionError("the web process must not load the model while the worker embeds")

    monkeypatch.setattr(querying, "active_embedder", no_model)
    total = Chunk.objects.count()
    assert unembedded.pending == total > 0

    body = client.get("/api/search/", {"q": "动火作业审批", "explain": "1"}).json()
    assert body["indexing"] == {"done": 0, "total": total}
    assert body["results"][0]["provision"] == "第四十条"
    assert body["results"][0]["lexical_rank"] == 1 and body["results"][0]["vector_rank"] is None

    html = client.get("/search/", {"q": "动火作业审批"}).content.decode()
    assert f"索引建立中（已完成 0 / {total}）" in html
    assert "第四十条" in html and "语义检索暂不可用" not in html
    assert f"索引建立中（已完成 0 / {total}）" in client.get("/search/").content.decode()


def test_the_worker_task_fills_the_vectors_and_the_notice_goes(client, unembedded):
    tasks.embed_missing_task.enqueue()  # the immediate backend runs it, as the worker would

    assert index_progress().ready
    body = client.get("/api/search/", {"q": "动火作业审批", "explain": "1"}).json()
    assert "indexing" not in body
    assert body["results"][0]["vector_rank"] is not None
    assert "索引建立中" not in client.get("/search/", {"q": "动火"}).content.decode()


def test_progress_moves_batch_by_batch(unembedded):
    total = Chunk.objects.count()
    seen: list[int] = []

    class Watching(FakeEmbedder):
        def encode(self, texts, batch_size=32, show_progress=False):
            seen.append(index_progress().done)  # what a search page would show now
            return super().encode(texts, batch_size, show_progress)

    assert indexing.embed_missing(embedder=Watching(), batch_size=1) == total
    assert seen == list(range(total))
    assert index_progress().done == total


def test_reindex_without_embedding_keeps_stored_vectors(unembedded):
    indexing.embed_missing()
    again = indexing.reindex_all(embed=False)

    assert again.pending == 0 and index_progress().ready


def test_load_demo_leaves_the_embedding_to_the_worker(page_tree, fake_embedder):
    # A backend that only records what is enqueued, like the database queue before the
    # worker picks it up.
    dummy = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with override_settings(TASKS=dummy):
        out = StringIO()
        call_command("load_demo", "--skip-statutes", stdout=out)
        queued = [result.task.name for result in default_task_backend.results]

    assert fake_embedder.encoded == []
    progress = index_progress()
    assert progress.total > 0 and progress.done == 0
    assert "embed_missing_task" in queued
    assert "关键词检索已可用" in out.getvalue()
