class AssessmentError(ValueError):
    """A refused exam action; the message is for the user (Chinese)."""
