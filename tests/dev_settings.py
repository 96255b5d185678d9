"""Run `make run`'s settings (safetykb.settings.dev) in a subprocess against the test database."""

from __future__ import annotations

import os
from urllib.parse import quote

from django.db import connection

UNWANTED = ("DEBUG", "DJANGO_SETTINGS_MODULE", "SAFETYKB_TASK_LOG_LEVEL", "DATABASE_URL")


def dev_settings_env(**extra: str) -> dict[str, str]:
    """The environment for a subprocess with the dev settings on this session's test
    database (what the test has committed, migrations at least, is what it sees)."""
    db = connection.settings_dict
    user = quote(db["USER"], safe="")
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    host = quote(db["HOST"] or "localhost", safe="")  # a socket directory is a path
    port = f":{db['PORT']}" if db["PORT"] else ""
    env = {k: v for k, v in os.environ.items() if k not in UNWANTED}
    env.update(
        DJANGO_SETTINGS_MODULE="safetykb.settings.dev",
        DATABASE_URL=f"postgres://{user}{password}@{host}{port}/{db['NAME']}",
        **extra,
    )
    return env
