"""The production web server: `gunicorn -c gunicorn.conf.py` (`make serve` runs it locally).

Sync workers, (2 × cores) + 1 of them: measured with `benchmarks/exam_load.py` on the
2-core machine (benchmarks/README.md, "Exam capacity"): every request of a sitting is
short (a save is one statement), so a worker per request in flight and no threads, which
would only fight over the GIL. Each worker's database pool holds at most
SAFETYKB_DB_POOL_SIZE connections (1 here, a sync worker serves one request at a time,
+1 for the search warm-up thread): 5 workers use ≤ 10 of the embedded server's 100.

Environment (all optional):
- WEB_CONCURRENCY: workers (default 2 × cores + 1); GUNICORN_THREADS: threads per worker
  (default 1; with more, the gthread worker and a pool that size);
- BIND: address (default 127.0.0.1:8000; behind a load balancer e.g. 0.0.0.0:8000);
- DJANGO_SETTINGS_MODULE: safetykb.settings.production in production (secrets and hosts
  from the environment), safetykb.settings.dev for `make serve` on one machine.
"""

import multiprocessing
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
# `site/` is a source folder, not a package (see README "What is where").
sys.path[:0] = [str(ROOT / "site"), str(ROOT)]

wsgi_app = "safetykb.wsgi:application"
bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
# A sync worker holds one connection for its request; the warm-up thread may take another.
os.environ.setdefault("SAFETYKB_DB_POOL_SIZE", str(threads + 1))
# A sitting's 开始 arrives in a burst: let the kernel queue it rather than refuse it.
backlog = 2048
timeout = 60
graceful_timeout = 30
# Behind a load balancer every node sees its X-Forwarded-* headers; only trust them from it.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Recycle workers now and then (jittered, not all at once) so no leak grows unbounded.
max_requests = 20000
max_requests_jitter = 2000
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "warning")
