"""Uploaded files waiting between preview and confirmation, kept per user in the session.

Files live under MEDIA_ROOT/import-staging with a random token; the session maps the
token to the file, so one user can never confirm another user's upload.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from django.conf import settings

SESSION_KEY = "import_staging"


def _staging_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "import-staging"
    path.mkdir(parents=True, exist_ok=True)
    return path


def stage(session, filename: str, data: bytes, extra: dict | None = None) -> str:
    token = secrets.token_urlsafe(16)
    (_staging_dir() / token).write_bytes(data)
    staged = session.get(SESSION_KEY, {})
    staged[token] = {"filename": filename, **(extra or {})}
    session[SESSION_KEY] = staged
    return token


def load(session, token: str) -> tuple[dict, bytes] | None:
    info = session.get(SESSION_KEY, {}).get(token)
    path = _staging_dir() / token
    if info is None or not token.replace("-", "").replace("_", "").isalnum() or not path.exists():
        return None
    return info, path.read_bytes()


def discard(session, token: str) -> None:
    staged = session.get(SESSION_KEY, {})
    staged.pop(token, None)
    session[SESSION_KEY] = staged
    (_staging_dir() / token).unlink(missing_ok=True)
