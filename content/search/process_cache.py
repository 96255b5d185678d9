"""A value read on every search and loaded from the database, kept per process.

Glossary, standards, everyday questions and corpus statistics change rarely and are read
by every query. Each is loaded at most once per CACHE_SECONDS per process; an edit clears
this process's copy at once (signal_handlers.py), and the other processes (web, worker)
load theirs again within that time.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

CACHE_SECONDS = 60.0

T = TypeVar("T")


class ProcessCache(Generic[T]):
    def __init__(self, load: Callable[[], T], seconds: float = CACHE_SECONDS) -> None:
        self._load = load
        self._seconds = seconds
        self._lock = threading.Lock()
        self._cached: tuple[float, T] | None = None

    def get(self) -> T:
        now = time.monotonic()
        cached = self._cached
        if cached is not None and now - cached[0] < self._seconds:
            return cached[1]
        value = self._load()
        with self._lock:
            self._cached = (now, value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._cached = None
