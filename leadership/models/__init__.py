"""Leadership's tables, one module per concern (imported here so Django finds them)."""
from .checks import CheckEvidence, CheckKind, CheckStatus, LeadershipCheck, ReviewerScore, Rubric, RubricItem  # noqa: F401
