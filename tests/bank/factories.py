"""Moved: question builders live in tests/factories.py (import ``QuestionFactory`` from there)."""

from tests.factories import QuestionFactory

__all__ = ["QuestionFactory"]
