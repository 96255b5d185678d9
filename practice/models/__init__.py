"""Practice's tables, one module per concern (imported here so Django finds them)."""

from practice.models.cards import (
    AnswerSource,
    ExamHarvest,
    PracticeAnswer,
    PracticeCard,
    PracticeSettings,
)

__all__ = ["AnswerSource", "ExamHarvest", "PracticeAnswer", "PracticeCard", "PracticeSettings"]
