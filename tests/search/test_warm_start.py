"""Warm start: only server processes and the task worker load the model at start."""

import pytest

from content.search import warmup
from content.search.models import SearchLog

SERVE = {"RUN_MAIN": "true"}


@pytest.mark.parametrize(
    ("argv", "environ", "expected"),
    [
        (["manage.py", "runserver", "127.0.0.1:8000"], SERVE, True),  # the serving child
        (["manage.py", "runserver", "127.0.0.1:8000"], {}, False),  # the reloader's watcher
        (["manage.py", "runserver", "--noreload"], {}, True),
        (["/srv/.venv/bin/gunicorn", "safetykb.wsgi"], {}, True),
        (["uvicorn", "safetykb.asgi:application"], {}, True),
        (["manage.py", "db_worker", "--queue-name", "*"], {}, True),
        (["manage.py", "migrate", "--noinput"], SERVE, False),
        (["manage.py", "test"], {}, False),
        (["manage.py", "shell"], {}, False),
        (["manage.py", "kb_search", "动火"], {}, False),
        (["manage.py", "tick"], {}, False),
        (["/usr/bin/pytest", "-q", "tests/search"], {}, False),
        ([], {}, False),
        (["manage.py", "runserver"], {**SERVE, "SAFETYKB_WARM_START": "0"}, False),
        (["manage.py", "shell"], {"SAFETYKB_WARM_START": "1"}, True),
    ],
)
def test_who_warms_up(argv, environ, expected) -> None:
    assert warmup.should_warm_up(argv, environ) is expected


def test_this_test_run_did_not_warm_up() -> None:
    assert not warmup._started.is_set()


@pytest.mark.django_db(transaction=True)
def test_the_warm_up_searches_once_and_writes_nothing(fake_embedder, page_tree) -> None:
    from content.search import indexing

    from .builders import make_regulation

    page = make_regulation("中华人民共和国安全生产法")
    indexing.index_regulation(page.pk)
    fake_embedder.encoded.clear()

    assert warmup.warm_up() >= 0
    assert fake_embedder.encoded == []  # the query goes through encode_query, not encode
    assert not SearchLog.objects.exists()  # a warm-up is not a user's search


def test_a_broken_model_or_database_never_stops_the_server(monkeypatch) -> None:
    def broken():
        raise OSError("no model here")

    monkeypatch.setattr("content.search.vectors.active_embedder", broken)
    monkeypatch.setattr("content.search.selectors.index_progress", broken)

    assert warmup.warm_up() >= 0
