"""Uploaded files waiting between preview and confirmation, kept per user in the session.

Files live under MEDIA_ROOT/import-staging with a random token; the session maps the
token to the file, so one user can never confirm another user's upload. A file not
confirmed within ``STAGING_TTL`` is expired: ``load`` no longer returns it (``expired``
says why) and ``purge_expired`` (run by ``tick`` every minute) deletes it.
"""

from __future__ import annotations

import secrets
import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings

SESSION_KEY = "import_staging"
#: How long an unconfirmed upload is kept: a working day's break, not forever.
STAGING_TTL = timedelta(hours=24)
EXPIRED_MESSAGE = (
    "预览已过期：上传的文件超过 24 小时未确认，已被清理，没有导入任何内容。请重新上传文件。"
)


def _staging_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "import-staging"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _path(token: str) -> Path | None:
    """The token's file, or None for a token that is not one of ours (no path tricks)."""
    if not token or not token.replace("-", "").replace("_", "").isalnum():
        return None
    return _staging_dir() / token


def _is_stale(path: Path, now: float | None = None) -> bool:
    try:
        age = (now or time.time()) - path.stat().st_mtime
    except FileNotFoundError:
        return True
    return age > STAGING_TTL.total_seconds()


def stage(session, filename: str, data: bytes, extra: dict | None = None) -> str:
    token = secrets.token_urlsafe(16)
    (_staging_dir() / token).write_bytes(data)
    staged = session.get(SESSION_KEY, {})
    staged[token] = {"filename": filename, **(extra or {})}
    session[SESSION_KEY] = staged
    return token


def load(session, token: str) -> tuple[dict, bytes] | None:
    """(info, data) of the session's staged upload; None if unknown, spent or expired."""
    info = session.get(SESSION_KEY, {}).get(token)
    path = _path(token)
    if info is None or path is None or _is_stale(path):
        return None
    return info, path.read_bytes()


def holds(session, token: str) -> bool:
    """Whether ``load`` would return the upload (without reading the file)."""
    path = _path(token)
    return token in session.get(SESSION_KEY, {}) and path is not None and not _is_stale(path)


def read(token: str) -> bytes | None:
    """The staged file without a session: for the task worker, given a token a view
    staged for its user. None if it has expired or is gone."""
    path = _path(token)
    if path is None or _is_stale(path):
        return None
    return path.read_bytes()


def expired(session, token: str) -> bool:
    """Whether ``token`` is this session's upload that ``load`` refuses only for its age."""
    path = _path(token)
    return token in session.get(SESSION_KEY, {}) and path is not None and _is_stale(path)


def discard(session, token: str) -> None:
    """Forget and delete the session's upload (another session's token does nothing)."""
    staged = session.get(SESSION_KEY, {})
    if staged.pop(token, None) is None:
        return
    session[SESSION_KEY] = staged
    if (path := _path(token)) is not None:
        path.unlink(missing_ok=True)


def purge_expired(now: float | None = None) -> int:
    """Delete every staged file older than ``STAGING_TTL``; how many were deleted."""
    deleted = 0
    for path in _staging_dir().iterdir():
        if path.is_file() and _is_stale(path, now):
            path.unlink(missing_ok=True)
            deleted += 1
    return deleted
