"""on_commit_once: after-commit work asked for many times in a transaction runs once."""

import pytest
from django.db import transaction

from safetykb.transactions import on_commit_once

pytestmark = pytest.mark.django_db

ran: list[str] = []


def _refresh() -> None:
    ran.append("refresh")


def _other() -> None:
    ran.append("other")


def test_asked_for_many_times_it_runs_once_after_commit(django_capture_on_commit_callbacks):
    ran.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            on_commit_once(_refresh)
        on_commit_once(_other)
        assert ran == []  # nothing before the commit
    assert ran == ["refresh", "other"]


def test_a_rolled_back_transaction_runs_nothing(django_capture_on_commit_callbacks):
    ran.clear()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        on_commit_once(_refresh)
        raise RuntimeError
    assert ran == []
