"""Training's tables, one module per concern: ``offpost`` (脱产培训 after a failed assessment)."""

from training.models import certificates, notices  # noqa: F401  (their tables)
from training.models.offpost import (
    ProgrammeStatus,
    TrainingHoursRule,
    TrainingProgramme,
    TrainingRecord,
)

__all__ = ["ProgrammeStatus", "TrainingHoursRule", "TrainingProgramme", "TrainingRecord"]
