"""After-commit work that runs once per transaction, however often it is asked for."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction


def on_commit_once(callback: Callable[[], object]) -> None:
    """Run ``callback`` after the current transaction commits, unless it is already
    pending: an import that saves hundreds of rows enqueues one task, not hundreds.

    ``callback`` must be the same object each time (a module-level function)."""
    pending = transaction.get_connection().run_on_commit
    if not any(pending_callback is callback for _, pending_callback, _ in pending):
        transaction.on_commit(callback)
