"""Probes for a load balancer or an orchestrator, answered before any other middleware.

- ``/healthz``: liveness. The process answers; no database, no session, no host check
  (a probe comes by the node's address, which ALLOWED_HOSTS need not list, and over
  plain HTTP, which production would redirect to HTTPS).
- ``/readyz``: readiness. The database answers a query through this process's pool; 503
  otherwise, so the balancer sends no one here while PostgreSQL is out of reach.

First in MIDDLEWARE, so no other middleware sees (or slows) a probe.
"""

from __future__ import annotations

import logging

import psycopg
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from psycopg_pool import PoolTimeout

logger = logging.getLogger(__name__)

LIVENESS_PATH = "/healthz"
READINESS_PATH = "/readyz"
#: Seconds /readyz waits for a database connection: a balancer's probe gives up sooner
#: than a request, and a database out of reach (or a pool held by slow requests) means
#: "send no one here" either way.
READY_TIMEOUT = 3.0


def liveness() -> HttpResponse:
    return JsonResponse({"status": "ok"})


def readiness() -> HttpResponse:
    try:
        _query_database()
    except (DatabaseError, PoolTimeout, psycopg.Error) as exc:
        logger.warning("readyz: the database does not answer: %s", exc)
        return JsonResponse({"status": "unavailable", "database": "数据库无法连接"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def _query_database() -> None:
    """SELECT 1 on a connection of this process's pool, waiting at most READY_TIMEOUT
    for one (a request would wait the pool's own, much longer, timeout)."""
    pool = getattr(connection, "pool", None)
    if pool is None:  # no pool configured (SAFETYKB_DB_POOL_SIZE=0)
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return
    pool.open()
    with pool.connection(timeout=READY_TIMEOUT) as conn:
        conn.execute("SELECT 1")


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info.rstrip("/")
        if request.method in ("GET", "HEAD"):
            if path == LIVENESS_PATH:
                return liveness()
            if path == READINESS_PATH:
                return readiness()
        return self.get_response(request)
