"""Errors the exam engine raises; messages are Chinese because admins and workers read them.

All subclass ``ValueError`` so generic input-validation handlers still catch them.
"""


class EngineError(ValueError):
    """Base class for every error the exam engine raises on purpose."""


class BlueprintError(EngineError):
    """A paper blueprint (组卷规则) is inconsistent; raised when it is built."""


class IllegalTransitionError(EngineError):
    """An attempt was asked to move to a state its current state does not lead to."""


class DrawError(EngineError):
    """A paper cannot be drawn from the given question bank."""


class InsufficientQuestionsError(DrawError):
    """A draw rule cannot be filled; ``rule_number`` is 1-based as shown to admins."""

    def __init__(self, message: str, *, rule_number: int, required: int, available: int) -> None:
        super().__init__(message)
        self.rule_number = rule_number
        self.required = required
        self.available = available


class SamplingError(EngineError):
    """A surprise-assessment (不定期抽考) sample request is invalid."""
