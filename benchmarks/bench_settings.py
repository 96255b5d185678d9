"""Settings for `benchmarks/exam_load.py`: the dev settings, served as in production
(DEBUG off), plus a trivial view to compare against."""

from safetykb.settings.dev import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = "benchmarks.bench_urls"
LOGGING["root"]["level"] = "ERROR"  # noqa: F405 — a 409 or 404 is not news under load

# `compliance_rollup.py`'s baseline page (a plain staff list) has its template here.
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "benchmarks" / "templates"]  # noqa: F405
