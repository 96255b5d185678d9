class AssessmentError(ValueError):
    """A refused exam action; the message is for the user (Chinese)."""


class AttemptNotFound(AssessmentError):
    """No such attempt, or not the asker's: a 404 for the caller."""
