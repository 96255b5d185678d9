"""Training's tables, one module per concern: ``offpost`` (脱产培训 after a failed assessment)."""

from training.models.offpost import (
    ProgrammeStatus,
    TrainingHoursRule,
    TrainingProgramme,
    TrainingRecord,
)
from training.models.plans import PlanLine, PlanStatus, TrainingPlan  # noqa: F401

__all__ = ["ProgrammeStatus", "TrainingHoursRule", "TrainingProgramme", "TrainingRecord"]
