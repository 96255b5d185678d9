"""Training's tables, one module per concern: ``offpost`` (脱产培训 after a failed assessment)."""

from training.models import certificates, notices  # noqa: F401  (their tables)
from training.models.ledger import (
    HoursEntry,
    HoursTotal,
    SessionEvidence,
    StatutoryHoursRule,
    TrainingSession,
    counted_entries,
)
from training.models.offpost import (
    ProgrammeStatus,
    TrainingHoursRule,
    TrainingProgramme,
    TrainingRecord,
)
from training.models.plans import PlanLine, PlanStatus, TrainingPlan  # noqa: F401

__all__ = [
    "HoursEntry",
    "HoursTotal",
    "ProgrammeStatus",
    "SessionEvidence",
    "StatutoryHoursRule",
    "TrainingHoursRule",
    "TrainingProgramme",
    "TrainingRecord",
    "TrainingSession",
    "counted_entries",
]
