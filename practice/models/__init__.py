"""Practice's tables, one module per concern (imported here so Django finds them)."""

from practice.models.cards import (
    AnswerSource,
    ExamHarvest,
    PracticeAnswer,
    PracticeCard,
    PracticeSettings,
)
from practice.models.mock import MockPaper, MockSlot

__all__ = [
    "AnswerSource",
    "ExamHarvest",
    "MockPaper",
    "MockSlot",
    "PracticeAnswer",
    "PracticeCard",
    "PracticeSettings",
]
