from .bank import (
    Difficulty,
    Question,
    QuestionImport,
    QuestionStatus,
    QuestionType,
    QuestionVersion,
)

__all__ = [
    "Difficulty",
    "Question",
    "QuestionImport",
    "QuestionStatus",
    "QuestionType",
    "QuestionVersion",
]
