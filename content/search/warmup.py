"""Warm start: load the model and the search caches when a server process starts.

Without it the first search after `make run` loads m3e-small, jieba's dictionary, the
glossary and the lexeme statistics (seconds on 2 cores) while the user waits. A server
process (runserver's serving child, a gunicorn/uvicorn worker) and the task worker run
one search in a background thread at start, so the server answers at once and the first
user's query is as fast as the tenth. Migrations, tests, shell and other commands never
do: `should_warm_up` decides from the command line alone.

While the worker is still embedding the index, search answers with keywords only
(`views._mode`); the warm-up then searches in that mode too but still loads the model,
in the background, so the switch to hybrid search costs the user nothing.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Mapping, Sequence

logger = logging.getLogger("safetykb.search")

WARM_UP_QUERY = "没经过培训能不能直接上岗作业"
# Explicit override: "0" never warms (e.g. a one-off runserver for debugging), "1" always.
ENV_SWITCH = "SAFETYKB_WARM_START"
_SERVER_PROGRAMS = ("gunicorn", "uvicorn", "daphne", "hypercorn")
_WORKER_COMMANDS = ("db_worker",)

_started = threading.Event()


def should_warm_up(argv: Sequence[str], environ: Mapping[str, str]) -> bool:
    """Whether this process serves searches (or runs index tasks) and should warm up.

    - runserver: only the child that serves (autoreload sets RUN_MAIN=true in it), or the
      one process of `runserver --noreload`; never the reloader's watcher.
    - gunicorn/uvicorn/daphne/hypercorn: every worker (`ready()` runs in each; with
      gunicorn --preload it runs once in the master, whose thread does not survive the
      fork: leave --preload off).
    - `manage.py db_worker`: the task worker embeds the index and new content.
    - anything else (migrate, test runs, shell, kb_search, pytest): never.
    """
    switch = environ.get(ENV_SWITCH, "")
    if switch in ("0", "1"):
        return switch == "1"
    if not argv:
        return False
    program = os.path.basename(argv[0])
    if any(name in program for name in _SERVER_PROGRAMS):
        return True
    command = argv[1] if len(argv) > 1 else ""
    if command == "runserver":
        return environ.get("RUN_MAIN") == "true" or "--noreload" in argv[2:]
    return command in _WORKER_COMMANDS


def start_warm_up() -> threading.Thread | None:
    """Warm up once per process in a daemon thread; returns it (None if already started)."""
    if _started.is_set():
        return None
    _started.set()
    thread = threading.Thread(target=warm_up, name="search-warm-up", daemon=True)
    thread.start()
    return thread


def warm_up() -> float:
    """Load the model, jieba, the glossary and the lexeme statistics; returns the seconds.

    Never raises: a server without a database or a model yet still starts (search then
    loads what it can on first use, and falls back to keywords as before).
    """
    from django.db import connection

    from . import querying
    from .everyday import everyday_similarity
    from .everyday_store import active_everyday_questions
    from .selectors import index_progress
    from .standards import nearest_standard
    from .standards_store import active_standards
    from .vectors import active_embedder

    started = time.perf_counter()
    vector = None
    try:
        embedder = active_embedder()
        vector = embedder.encode_query(WARM_UP_QUERY)
    except Exception:  # no model on this machine: search says so and uses keywords
        logger.warning("检索预热：向量模型未能加载，首次检索时再试", exc_info=True)
    if vector is not None:
        try:
            # The yardsticks of "not found" are embedded on first use, like a query (the
            # search below skips them while indexing runs).
            everyday_similarity(embedder, vector, active_everyday_questions())
            nearest_standard(embedder, vector, active_standards())
        except Exception:
            logger.warning("检索预热：日常问题或未收录标准的提问未能预先计算", exc_info=True)
    try:
        mode = "hybrid" if index_progress().ready else "lexical"
        querying.search(WARM_UP_QUERY, limit=5, mode=mode)
    except Exception:
        logger.warning("检索预热：数据库或索引尚未就绪", exc_info=True)
    finally:
        connection.close()  # this thread's own connection
    elapsed = time.perf_counter() - started
    logger.info("检索预热完成，用时 %.1f 秒", elapsed)
    return elapsed
