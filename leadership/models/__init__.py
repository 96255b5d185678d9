"""Leadership's tables, one module per concern (imported here so Django finds them)."""

from .checks import (  # noqa: F401
    CheckEvidence,
    CheckKind,
    CheckStatus,
    LeadershipCheck,
    ReviewerScore,
    Rubric,
    RubricItem,
)
